import type { ReplicaSet } from '../../model/workloads.js'
import type { ClusterState } from '../../state/clusterState.js'
import { desiredReplicas, maxUnavailable } from './fenceposts.js'
import { syncReplicaSetsAndRevision } from './newReplicaSet.js'
import type { Pass } from './pass.js'
import { availableReplicas, byCreation, filterActive, specReplicas, sumAvailable, sumSpec } from './replicaSets.js'
import { cleanupDeployment } from './revisions.js'
import { newRSNewReplicas } from './sizing.js'
import { deploymentComplete, syncRolloutStatus } from './status.js'

/**
 * `reconcileNewReplicaSet` (workloads.md §4.1): nothing when the new set has `replicas`; scale it down
 * when it has more; otherwise grow it to {@link newRSNewReplicas}. True when it scaled.
 */
export const reconcileNewReplicaSet = (pass: Pass, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): boolean => {
  const replicas = desiredReplicas(pass.d)
  const current = specReplicas(newRS)
  if (current === replicas) return false
  if (current > replicas) return pass.scaleAndRecord(newRS, replicas).scaled
  return pass.scaleAndRecord(newRS, newRSNewReplicas(pass.d, allRSs, newRS)).scaled
}

/**
 * `cleanupUnhealthyReplicas`: oldest first, scale each old set down by its unavailable replicas, in
 * total at most `maxCleanupCount`. Answers the sets as written, how many replicas went, and whether it
 * failed (a set reporting more available replicas than its size: upstream's error, which ends the sync).
 */
export const cleanupUnhealthyReplicas = (
  pass: Pass,
  oldRSs: readonly ReplicaSet[],
  maxCleanupCount: number,
): { readonly oldRSs: ReplicaSet[]; readonly cleaned: number; readonly failed: boolean } => {
  const sorted = [...oldRSs].sort(byCreation)
  let cleaned = 0
  for (let i = 0; i < sorted.length; i++) {
    if (cleaned >= maxCleanupCount) break
    const rs = sorted[i]!
    const size = specReplicas(rs)
    if (size === 0 || size === availableReplicas(rs)) continue
    const count = Math.min(maxCleanupCount - cleaned, size - availableReplicas(rs))
    // More available than wanted (a stale status): upstream refuses to scale *up* here and fails the sync.
    if (count < 0) return { oldRSs: sorted, cleaned, failed: true }
    sorted[i] = pass.scaleAndRecord(rs, size - count).rs
    cleaned += count
  }
  return { oldRSs: sorted, cleaned, failed: false }
}

/**
 * `scaleDownOldReplicaSetsForRollingUpdate`: everything available above `minAvailable` may go — **not**
 * capped by maxScaledDown — taken from the old sets oldest first. Answers how many replicas went.
 */
export const scaleDownOldReplicaSetsForRollingUpdate = (pass: Pass, allRSs: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[]): number => {
  const minAvailable = desiredReplicas(pass.d) - maxUnavailable(pass.d)
  const available = sumAvailable(allRSs)
  if (available <= minAvailable) return 0
  const total = available - minAvailable
  let scaledDown = 0
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (scaledDown >= total) break
    const size = specReplicas(rs)
    if (size === 0) continue
    const count = Math.min(size, total - scaledDown)
    pass.scaleAndRecord(rs, size - count)
    scaledDown += count
  }
  return scaledDown
}

/**
 * `reconcileOldReplicaSets` (workloads.md §4.2): with `maxScaledDown = allPods − minAvailable −
 * newUnavailable`, first clean up unhealthy old replicas, then scale old sets down to keep
 * `minAvailable`. `'failed'` when the cleanup failed (the sync ends there, as upstream's error does).
 */
export const reconcileOldReplicaSets = (
  pass: Pass,
  allRSs: readonly ReplicaSet[],
  oldActive: readonly ReplicaSet[],
  newRS: ReplicaSet,
): boolean | 'failed' => {
  if (sumSpec(oldActive) === 0) return false
  const minAvailable = desiredReplicas(pass.d) - maxUnavailable(pass.d)
  const newUnavailable = specReplicas(newRS) - availableReplicas(newRS)
  const maxScaledDown = sumSpec(allRSs) - minAvailable - newUnavailable
  if (maxScaledDown <= 0) return false
  const cleanup = cleanupUnhealthyReplicas(pass, oldActive, maxScaledDown)
  if (cleanup.failed) return 'failed'
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(pass, [...cleanup.oldRSs, newRS], cleanup.oldRSs)
  return cleanup.cleaned + scaledDown > 0
}

/**
 * `rolloutRolling` (workloads.md §4): create or sync the new set, then **one** action — grow the new
 * set, or shrink old ones — and the rollout status; history cleanup once complete. Answers the requeue
 * delay of the progress deadline, if any.
 */
export const rolloutRolling = (pass: Pass, s: ClusterState, rsList: readonly ReplicaSet[]): number | undefined => {
  const synced = syncReplicaSetsAndRevision(pass, s, rsList, true)
  if (synced.collision) return undefined
  const { newRS, oldRSs } = synced
  const allRSs = newRS !== undefined ? [...oldRSs, newRS] : [...oldRSs]
  if (newRS !== undefined && reconcileNewReplicaSet(pass, allRSs, newRS)) return syncRolloutStatus(pass, allRSs, newRS)
  const scaledDown = newRS !== undefined ? reconcileOldReplicaSets(pass, allRSs, filterActive(oldRSs), newRS) : false
  if (scaledDown === 'failed') return undefined
  if (scaledDown) return syncRolloutStatus(pass, allRSs, newRS)
  if (deploymentComplete(pass.d, pass.d.status)) cleanupDeployment(pass, oldRSs)
  return syncRolloutStatus(pass, allRSs, newRS)
}
