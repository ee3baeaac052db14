import { toTimestamp } from '../kernel/brand.js'
import type { KObject } from '../model/meta.js'
import { objectKey } from '../model/meta.js'
import { resourceForKind, subjectOf } from '../model/resources.js'
import { badRequest, conflict, notFound } from '../model/status.js'
import type { ClusterState } from '../state/clusterState.js'
import type { DeleteOptions, ObjectRef } from './commands.js'
import { refuseImmortalNamespaceDelete } from './kinds/namespace.js'
import { type Decision, objectEvent, refuse, unchanged, type WriteContext } from './context.js'

type Json = Record<string, unknown>

export const FOREGROUND_FINALIZER = 'foregroundDeletion'
export const ORPHAN_FINALIZER = 'orphan'

/** The propagation a delete asks for: orphanDependents > propagationPolicy > finalizers > kind default. */
export const propagationOf = (o: KObject, opts: DeleteOptions | undefined): 'Background' | 'Foreground' | 'Orphan' => {
  if (opts?.orphanDependents !== undefined) return opts.orphanDependents ? 'Orphan' : 'Background'
  if (opts?.propagationPolicy) return opts.propagationPolicy
  const f = o.metadata.finalizers ?? []
  if (f.includes(ORPHAN_FINALIZER)) return 'Orphan'
  if (f.includes(FOREGROUND_FINALIZER)) return 'Foreground'
  return o.kind === 'ReplicationController' ? 'Orphan' : 'Background'
}

const podGraceSeconds = (pod: KObject, opts: DeleteOptions | undefined): number => {
  const spec = pod.spec as Json
  const phase = (pod.status as Json | undefined)?.phase
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0
  return opts?.gracePeriodSeconds ?? pod.metadata.deletionGracePeriodSeconds ?? (spec.terminationGracePeriodSeconds as number | undefined) ?? 30
}

/**
 * `delete`: graceful for scheduled pods (deletionTimestamp = now + grace; the kubelet finishes it),
 * finalizer-driven for Foreground/Orphan propagation (the garbage collector finishes it), immediate
 * otherwise.
 */
export const decideDelete = (s: ClusterState, ref: ObjectRef, opts: DeleteOptions | undefined, ctx: WriteContext, dryRun = false): Decision => {
  const rt = resourceForKind(ref.kind)
  if (!rt) return refuse(badRequest(`no matches for kind "${ref.kind}"`))
  const immortal = refuseImmortalNamespaceDelete(ref.kind, ref.name)
  if (immortal) return refuse(immortal)
  const old = s.objects.get(objectKey(ref.kind, rt.namespaced ? (ref.namespace ?? 'default') : undefined, ref.name))
  if (!old) return refuse(notFound(subjectOf(rt, ref.name)))
  const pre = opts?.preconditions
  if ((pre?.uid !== undefined && pre.uid !== old.metadata.uid) || (pre?.resourceVersion !== undefined && pre.resourceVersion !== old.metadata.resourceVersion))
    return refuse(conflict(subjectOf(rt, ref.name)))
  const seq = s.seq + 1
  const decision = decideDeletion(old, opts, seq, ctx)
  return dryRun && decision.ok ? { ok: true, events: [], object: decision.object } : decision
}

const decideDeletion = (old: KObject, opts: DeleteOptions | undefined, seq: number, ctx: WriteContext): Decision => {
  const finalizers = [...(old.metadata.finalizers ?? [])]
  const policy = propagationOf(old, opts)
  const wanted = policy === 'Foreground' ? FOREGROUND_FINALIZER : policy === 'Orphan' ? ORPHAN_FINALIZER : undefined
  const beingDeleted = old.metadata.deletionTimestamp !== undefined
  if (wanted && !finalizers.includes(wanted)) {
    const other = wanted === FOREGROUND_FINALIZER ? ORPHAN_FINALIZER : FOREGROUND_FINALIZER
    const i = finalizers.indexOf(other)
    if (i >= 0) finalizers.splice(i, 1)
    finalizers.push(wanted)
  }
  if (old.kind === 'Pod') {
    const grace = podGraceSeconds(old, opts)
    const current = old.metadata.deletionGracePeriodSeconds
    if (grace === 0 && (old.metadata.finalizers ?? []).length === 0) return objectEvent('object/deleted', old, seq, ctx)
    if (beingDeleted && current !== undefined && grace >= current) return unchanged(old)
    return objectEvent('object/updated', markDeleted(old, finalizers, grace, ctx.atMs + grace * 1000), seq, ctx)
  }
  if (old.kind === 'Namespace') {
    if (beingDeleted) return unchanged(old)
    const marked = markDeleted(old, finalizers, 0, ctx.atMs)
    return objectEvent('object/updated', { ...marked, status: { ...(old.status as Json | undefined), phase: 'Terminating' } }, seq, ctx)
  }
  if (finalizers.length === 0) return objectEvent('object/deleted', old, seq, ctx)
  if (beingDeleted && finalizers.length === (old.metadata.finalizers ?? []).length) return unchanged(old)
  return objectEvent('object/updated', markDeleted(old, finalizers, 0, ctx.atMs), seq, ctx)
}

const markDeleted = (o: KObject, finalizers: string[], graceSeconds: number, atMs: number): KObject => {
  const first = o.metadata.deletionTimestamp === undefined
  const generation = o.metadata.generation
  // A pod's deletionTimestamp is when its grace period ends, and a shorter grace period moves it earlier.
  const deletionTimestamp = first || o.kind === 'Pod' ? toTimestamp(atMs) : o.metadata.deletionTimestamp!
  return {
    ...o,
    metadata: {
      ...o.metadata,
      deletionTimestamp,
      deletionGracePeriodSeconds: graceSeconds,
      ...(finalizers.length > 0 ? { finalizers } : {}),
      ...(first && generation !== undefined && o.kind !== 'Pod' ? { generation: generation + 1 } : {}),
    },
  }
}
