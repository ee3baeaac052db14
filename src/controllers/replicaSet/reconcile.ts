import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import { controllerRefOf } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { matches, type Selector } from '../../model/selector.js'
import { type ClusterState, selectByUid, selectOwnedBy } from '../../state/clusterState.js'
import type { ControllerCommand, ReconcileContext, ReconcileResult } from '../controller.js'
import { claimPods } from './claimPods.js'
import { compareForDeletion } from './podRanking.js'
import { podFromTemplate } from './podFromTemplate.js'
import type { ReplicaSetLike } from './replicaSetLike.js'
import { calculateStatus, nextAvailabilityMs } from './status.js'

/** Upstream's `burstReplicas`: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500

/**
 * Co-location rank for the deletion ordering: how many active pods of the set's sibling sets (same
 * controller) sit on the same node. A set without a controller has no siblings, so every rank is 0.
 */
const rankBySiblings = (s: ClusterState, rs: ReplicaSetLike, active: readonly Pod[]): ((p: Pod) => number) => {
  const owner = controllerRefOf(rs.object)
  if (!owner) return () => 0
  const perNode = new Map<string, number>()
  for (const sibling of selectOwnedBy(s, owner.uid)) {
    if (sibling.kind !== rs.kind) continue
    for (const p of selectOwnedBy<Pod>(s, sibling.metadata.uid ?? '')) {
      if (p.kind !== 'Pod' || p.metadata.deletionTimestamp !== undefined) continue
      const node = p.spec.nodeName ?? ''
      perNode.set(node, (perNode.get(node) ?? 0) + 1)
    }
  }
  if (perNode.size === 0) for (const p of active) perNode.set(p.spec.nodeName ?? '', (perNode.get(p.spec.nodeName ?? '') ?? 0) + 1)
  return (p) => perNode.get(p.spec.nodeName ?? '') ?? 0
}

/** `manageReplicas` (workloads.md §10.2): create from the template or delete by ranking, up to 500. */
const manageReplicas = (s: ClusterState, rs: ReplicaSetLike, active: readonly Pod[], nowMs: number): ControllerCommand[] => {
  const diff = active.length - rs.replicas
  if (diff < 0) {
    const n = Math.min(-diff, BURST_REPLICAS)
    const pod = podFromTemplate(rs)
    return Array.from({ length: n }, () => ({
      verb: 'create' as const,
      object: pod,
      record: { type: 'Normal' as const, reason: 'SuccessfulCreate', message: 'Created pod: {name}', involved: involvedOf(rs) },
    }))
  }
  if (diff > 0) {
    const n = Math.min(diff, BURST_REPLICAS)
    const rank = rankBySiblings(s, rs, active)
    const victims = n < active.length ? [...active].sort((a, b) => compareForDeletion(a, b, rank, nowMs)).slice(0, n) : active
    return victims.map((p) => ({
      verb: 'delete' as const,
      ref: { kind: 'Pod', namespace: rs.namespace, name: p.metadata.name ?? '' },
      record: { type: 'Normal' as const, reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata.name ?? ''}`, involved: involvedOf(rs) },
    }))
  }
  return []
}

const involvedOf = (rs: ReplicaSetLike) => ({ kind: rs.kind, namespace: rs.namespace, name: rs.name })

/**
 * Mirrors kubernetes pkg/controller/replicaset `syncReplicaSet`: claim pods, fix the count unless the
 * set is being deleted, write status when it changed, and requeue for the moment a ready pod becomes
 * available under minReadySeconds. No expectations are needed: commands apply before the next
 * reconcile reads the state (see README).
 */
export const reconcileReplicaSetLike = (s: ClusterState, rs: ReplicaSetLike, ctx: ReconcileContext): ReconcileResult => {
  const claim = claimPods(s, rs)
  const commands: ControllerCommand[] = [...claim.commands]
  if (!rs.beingDeleted) commands.push(...manageReplicas(s, rs, claim.active, ctx.nowMs))
  const status = calculateStatus(rs, claim.active, claim.terminating, ctx.nowMs)
  if (!deepEqual(status, rs.status)) commands.push({ verb: 'updateStatus', object: { ...rs.object, status } as KObject })
  const next = nextAvailabilityMs(rs, claim.active, ctx.nowMs)
  return next === undefined ? { commands } : { commands, requeueAfterMs: next - ctx.nowMs + 1 }
}

/** Keys of the sets that a pod event concerns: its controller, and sets whose selector it (used to) match. */
export const setKeysForPod = (
  s: ClusterState,
  pod: Pod,
  old: Pod | undefined,
  kind: 'ReplicaSet' | 'ReplicationController',
  selectorOf: (o: KObject) => Selector,
): string[] => {
  const keys = new Set<string>()
  for (const p of old ? [pod, old] : [pod]) {
    const ref = controllerRefOf(p)
    if (ref) {
      if (ref.kind === kind) {
        const owner = selectByUid(s, ref.uid)
        keys.add(`${p.metadata.namespace ?? ''}/${owner?.metadata.name ?? ref.name}`)
      }
      continue
    }
    for (const set of s.byKindNs.get(`${kind}/${p.metadata.namespace ?? ''}`) ?? []) {
      const o = s.objects.get(set)!
      if (matches(selectorOf(o), p.metadata.labels)) keys.add(`${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`)
    }
  }
  return [...keys]
}
