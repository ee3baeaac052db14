import type { OwnerReference } from '../../model/meta.js'
import { controllerRefOf, newControllerRef, withOwnerReferences } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { matches, type Selector } from '../../model/selector.js'
import type { Deployment, ReplicaSet } from '../../model/workloads.js'
import { type ClusterState, selectOrphans, selectOwnedBy } from '../../state/clusterState.js'
import type { ControllerCommand } from '../controller.js'
import { byCreation } from './replicaSets.js'

/** The controller reference a Deployment puts on its ReplicaSets (`NewControllerRef`). */
export const deploymentControllerRef = (d: Deployment): OwnerReference => newControllerRef(d)

/** The ReplicaSets a Deployment controls after adoption and release, oldest first, and the writes that did it. */
export interface ReplicaSetClaim {
  readonly replicaSets: ReplicaSet[]
  readonly commands: ControllerCommand[]
}

/**
 * `getReplicaSetsForDeployment` / `ClaimReplicaSets` (workloads.md §10.6): keep owned sets whose
 * **labels** match the selector, release owned sets that no longer match (unless the deployment is being
 * deleted), adopt matching orphans that are not being deleted. Reads the owner and orphan indexes only.
 */
export const claimReplicaSets = (s: ClusterState, d: Deployment, selector: Selector): ReplicaSetClaim => {
  const uid = d.metadata.uid ?? ''
  const namespace = d.metadata.namespace ?? 'default'
  const beingDeleted = d.metadata.deletionTimestamp !== undefined
  const replicaSets: ReplicaSet[] = []
  const commands: ControllerCommand[] = []
  for (const o of selectOwnedBy<ReplicaSet>(s, uid)) {
    if (o.kind !== 'ReplicaSet' || o.metadata.namespace !== namespace || controllerRefOf(o)?.uid !== uid) continue
    if (matches(selector, o.metadata.labels)) replicaSets.push(o)
    else if (!beingDeleted) commands.push({ verb: 'update', object: withOwnerReferences(o, (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid)) })
  }
  if (!beingDeleted) {
    for (const o of selectOrphans<ReplicaSet>(s, 'ReplicaSet', namespace)) {
      if (o.metadata.deletionTimestamp !== undefined || !matches(selector, o.metadata.labels)) continue
      const adopted = withOwnerReferences(o, [...(o.metadata.ownerReferences ?? []), deploymentControllerRef(d)]) as ReplicaSet
      commands.push({ verb: 'update', object: adopted })
      replicaSets.push(adopted)
    }
  }
  return { replicaSets: replicaSets.sort(byCreation), commands }
}

/**
 * The pod map of `getPodMapForDeployment`: pods controlled by each claimed set that match the deployment
 * selector, terminating and finished pods included (Recreate needs them). Keyed by set uid.
 */
export const podMapFor = (s: ClusterState, selector: Selector, replicaSets: readonly ReplicaSet[]): Map<string, Pod[]> => {
  const map = new Map<string, Pod[]>()
  for (const rs of replicaSets) {
    const uid = rs.metadata.uid ?? ''
    const pods = selectOwnedBy<Pod>(s, uid).filter(
      (p) => p.kind === 'Pod' && controllerRefOf(p)?.uid === uid && matches(selector, p.metadata.labels),
    )
    map.set(uid, pods)
  }
  return map
}

/** Whether a pod still counts as running for Recreate: any phase but Succeeded or Failed, terminating included. */
export const isPodNotFinished = (p: Pod): boolean => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed'
