import type { ReplicaSet } from '../../model/workloads.js'
import type { ClusterState } from '../../state/clusterState.js'
import type { Pod } from '../../model/pod.js'
import { isPodNotFinished } from './claim.js'
import { desiredReplicas } from './fenceposts.js'
import { syncReplicaSetsAndRevision } from './newReplicaSet.js'
import type { Pass } from './pass.js'
import { filterActive, specReplicas, sumStatus } from './replicaSets.js'
import { cleanupDeployment } from './revisions.js'
import { deploymentComplete, syncRolloutStatus } from './status.js'

/**
 * `oldPodsRunning`: old sets still report replicas, or a pod not owned by the new set is in any phase
 * but Succeeded/Failed — terminating pods included, since they are still present.
 */
export const oldPodsRunning = (newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], podMap: ReadonlyMap<string, readonly Pod[]>): boolean => {
  if (sumStatus(oldRSs) > 0) return true
  for (const [uid, pods] of podMap) {
    if (newRS !== undefined && newRS.metadata.uid === uid) continue
    if (pods.some(isPodNotFinished)) return true
  }
  return false
}

/**
 * `rolloutRecreate` (workloads.md §6): scale every active old set to 0; wait until their pods are gone;
 * only then create the new set, directly at `replicas`; clean up history once complete.
 */
export const rolloutRecreate = (
  pass: Pass,
  s: ClusterState,
  rsList: readonly ReplicaSet[],
  podMap: ReadonlyMap<string, readonly Pod[]>,
): number | undefined => {
  const synced = syncReplicaSetsAndRevision(pass, s, rsList, false)
  if (synced.collision) return undefined
  let { newRS, oldRSs } = synced
  let allRSs = newRS !== undefined ? [...oldRSs, newRS] : [...oldRSs]
  let scaledDown = false
  for (const rs of filterActive(oldRSs)) {
    if (specReplicas(rs) === 0) continue
    pass.scaleAndRecord(rs, 0)
    scaledDown = true
  }
  if (scaledDown || oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(pass, allRSs, newRS)
  if (newRS === undefined) {
    const created = syncReplicaSetsAndRevision(pass, s, rsList, true)
    if (created.collision) return undefined
    newRS = created.newRS
    oldRSs = created.oldRSs
    allRSs = newRS !== undefined ? [...oldRSs, newRS] : [...oldRSs]
  }
  if (newRS !== undefined) pass.scaleAndRecord(newRS, desiredReplicas(pass.d))
  if (deploymentComplete(pass.d, pass.d.status)) cleanupDeployment(pass, oldRSs)
  return syncRolloutStatus(pass, allRSs, newRS)
}
