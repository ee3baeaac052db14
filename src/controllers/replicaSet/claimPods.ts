import type { ControllerCommand } from '../controller.js'
import { newControllerRef, withOwnerReferences } from '../../model/meta.js'
import { isPodActive, type Pod } from '../../model/pod.js'
import { matches } from '../../model/selector.js'
import { type ClusterState, selectOrphans, selectOwnedBy } from '../../state/clusterState.js'
import type { ReplicaSetLike } from './replicaSetLike.js'

/** The pods a set owns after adoption and release, and the patches that adopt or release. */
export interface Claim {
  readonly active: Pod[]
  readonly terminating: number
  readonly commands: ControllerCommand[]
}

/**
 * `ClaimPods` (workloads.md §10.6): keep owned pods that match, release owned pods that no longer match
 * (unless the set is being deleted), adopt matching orphans (unless either side is being deleted).
 * Reads the owner and orphan indexes, never the whole namespace.
 */
export const claimPods = (s: ClusterState, rs: ReplicaSetLike): Claim => {
  const active: Pod[] = []
  const commands: ControllerCommand[] = []
  let terminating = 0
  // Sorted: index sets keep insertion order, which a state decoded from a snapshot does not share.
  const owned = selectOwnedBy<Pod>(s, rs.uid).filter((p) => p.kind === 'Pod' && p.metadata.namespace === rs.namespace)
  for (const p of owned) {
    const ref = p.metadata.ownerReferences?.find((r) => r.controller === true)
    if (ref?.uid !== rs.uid) continue
    if (matches(rs.selector, p.metadata.labels)) {
      if (isPodActive(p)) active.push(p)
      else if (p.metadata.deletionTimestamp !== undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') terminating++
    } else if (!rs.beingDeleted) {
      const refs = (p.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.uid)
      commands.push({ verb: 'update', object: withOwnerReferences(p, refs) })
    }
  }
  if (!rs.beingDeleted) {
    for (const p of selectOrphans<Pod>(s, 'Pod', rs.namespace)) {
      if (p.metadata.deletionTimestamp !== undefined || !matches(rs.selector, p.metadata.labels)) continue
      commands.push({ verb: 'update', object: withOwnerReferences(p, [...(p.metadata.ownerReferences ?? []), newControllerRef(rs.object)]) })
      if (isPodActive(p)) active.push({ ...p, metadata: { ...p.metadata, ownerReferences: [newControllerRef(rs.object)] } })
    }
  }
  return { active, terminating, commands }
}
