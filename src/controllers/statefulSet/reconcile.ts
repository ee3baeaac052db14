import { withOwnerReferences } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { fromLabelSelector, matches } from '../../model/selector.js'
import { type ClusterState, selectOrphans, selectOwnedBy } from '../../state/clusterState.js'
import type { ControllerCommand, ReconcileContext, ReconcileResult } from '../controller.js'
import { isMemberOf } from './identity.js'
import { Pass } from './pass.js'
import { applyRevision, getRevisions, historyToDelete, revisionsOf } from './revisions.js'
import { completeRollingUpdate, countPods, inconsistentStatus, nextAvailabilityMs, toStatus } from './status.js'
import { syncReplicas } from './sync.js'
import { namespaceOf, setControllerRef, type StatefulSet } from './types.js'

/**
 * `getPodsForStatefulSet` (`ClaimPods` with the `isMemberOf` filter): owned pods that still match the
 * selector and carry the set's name are kept, others released (unless the set is being deleted);
 * matching orphans are adopted. Reads the owner and orphan indexes, never the whole namespace.
 */
export const claimPods = (s: ClusterState, set: StatefulSet): { pods: Pod[]; commands: ControllerCommand[] } => {
  const parsed = fromLabelSelector(set.spec.selector)
  const selector = typeof parsed === 'string' ? null : parsed
  const uid = set.metadata.uid ?? ''
  const beingDeleted = set.metadata.deletionTimestamp !== undefined
  const pods: Pod[] = []
  const commands: ControllerCommand[] = []
  for (const o of selectOwnedBy(s, uid)) {
    if (o.kind !== 'Pod' || o.metadata.namespace !== namespaceOf(set)) continue
    const p = o as Pod
    if (p.metadata.ownerReferences?.find((r) => r.controller === true)?.uid !== uid) continue
    if (matches(selector, p.metadata.labels) && isMemberOf(set, p)) pods.push(p)
    else if (!beingDeleted) commands.push({ verb: 'update', object: withOwnerReferences(p, p.metadata.ownerReferences?.filter((r) => r.uid !== uid)) })
  }
  if (!beingDeleted) {
    for (const p of selectOrphans<Pod>(s, 'Pod', namespaceOf(set))) {
      if (p.metadata.deletionTimestamp !== undefined || !matches(selector, p.metadata.labels) || !isMemberOf(set, p)) continue
      const adopted = withOwnerReferences(p, [...(p.metadata.ownerReferences ?? []), setControllerRef(set)])
      commands.push({ verb: 'update', object: adopted })
      pods.push(adopted)
    }
  }
  return { pods, commands }
}

/**
 * Mirrors kubernetes pkg/controller/statefulset `syncStatefulSet` → `UpdateStatefulSet`: claim pods,
 * compute the current and update revisions, run one `updateStatefulSet` pass, write the status when it
 * is inconsistent, truncate the revision history, and requeue for minReadySeconds.
 */
export const reconcileStatefulSet = (s: ClusterState, set: StatefulSet, ctx: ReconcileContext): ReconcileResult => {
  const pass = new Pass(s, set, ctx.nowMs)
  const claim = claimPods(s, set)
  for (const c of claim.commands) pass.write(c)
  const revisions = revisionsOf(s, set)
  const rev = getRevisions(s, set, revisions)
  for (const c of rev.commands) pass.write(c)
  const current = rev.current.metadata.name ?? ''
  const update = rev.update.metadata.name ?? ''
  const versions = { currentSet: applyRevision(set, rev.current), updateSet: applyRevision(set, rev.update), current, update }
  const synced = syncReplicas(pass, versions, claim.pods)
  const counted = countPods(set, synced.counted, current, update, rev.collisionCount, ctx.nowMs)
  const counts = completeRollingUpdate(set, { ...counted, currentReplicas: counted.currentReplicas - synced.currentDeleted })
  if (inconsistentStatus(set, counts)) pass.write({ verb: 'updateStatus', object: { ...set, status: toStatus(set, counts) } })
  for (const r of historyToDelete(set, claim.pods, revisions, current, update)) pass.deleteObject(r)
  const next = counts.availableReplicas !== (set.spec.replicas ?? 1) ? nextAvailabilityMs(set, claim.pods, ctx.nowMs) : undefined
  return next === undefined ? { commands: pass.commands } : { commands: pass.commands, requeueAfterMs: next - ctx.nowMs + 1 }
}
