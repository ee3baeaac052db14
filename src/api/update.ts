import * as E from 'fp-ts/lib/Either.js'
import { toTimestamp } from '../kernel/brand.js'
import { deepEqual } from '../kernel/deepEqual.js'
import type { KObject } from '../model/meta.js'
import { objectKey } from '../model/meta.js'
import { type ResourceType, resourceForKind, subjectOf } from '../model/resources.js'
import { badRequest, conflict, invalid, notFound } from '../model/status.js'
import type { ClusterState } from '../state/clusterState.js'
import { admit, resourceTypeOf } from './admit.js'
import type { ObjectRef } from './commands.js'
import { type Decision, objectEvent, refuse, unchanged, type WriteContext } from './context.js'
import { hasGeneration } from './create.js'
import { prepareDaemonSetForUpdate } from './kinds/daemonSet.js'
import { specFinalizersRemain } from './kinds/namespace.js'
import { allocateService, carryServiceAllocations, validateServiceUpdate } from './kinds/service.js'
import { validatePvcUpdate } from './kinds/storage.js'
import { mergePatch } from './mergePatch.js'
import { validateUpdate } from './validate.js'

/** Kinds whose main endpoint ignores `status` (they have a `/status` subresource). */
const HAS_STATUS_SUBRESOURCE = new Set([
  'Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'Service',
  'Node', 'Namespace', 'PersistentVolume', 'PersistentVolumeClaim', 'HorizontalPodAutoscaler', 'CronJob',
])

type Json = Record<string, unknown>

/** Generation moves on a spec change; for Deployments also on an annotation change (workloads.md §1.3). */
const nextGeneration = (next: KObject, old: KObject): number | undefined => {
  const g = old.metadata.generation
  if (g === undefined || !hasGeneration(next.kind)) return g
  const specChanged = !deepEqual(next.spec, old.spec)
  const annotationsChanged = next.kind === 'Deployment' && !deepEqual(next.metadata.annotations ?? {}, old.metadata.annotations ?? {})
  return specChanged || annotationsChanged ? g + 1 : g
}

const lookup = (s: ClusterState, ref: ObjectRef): { rt: ResourceType; old: KObject | undefined } | Decision => {
  const rt = resourceForKind(ref.kind)
  if (!rt) return refuse(badRequest(`no matches for kind "${ref.kind}"`))
  const old = s.objects.get(objectKey(ref.kind, rt.namespaced ? (ref.namespace ?? 'default') : undefined, ref.name))
  return { rt, old }
}

/** A write that removes the last finalizer of an object being deleted completes the deletion. */
const finishesDeletion = (o: KObject): boolean =>
  o.metadata.deletionTimestamp !== undefined &&
  (o.metadata.finalizers ?? []).length === 0 &&
  !specFinalizersRemain(o) &&
  (o.kind !== 'Pod' || o.metadata.deletionGracePeriodSeconds === 0)

/** Emits the stored form of an accepted change, or nothing when it changes nothing. */
export const commitChange = (s: ClusterState, next: KObject, old: KObject, ctx: WriteContext): Decision => {
  const seq = s.seq + 1
  if (finishesDeletion(next)) return objectEvent('object/deleted', next, seq, ctx)
  const { resourceVersion: _a, ...m1 } = next.metadata
  const { resourceVersion: _b, ...m2 } = old.metadata
  if (deepEqual({ ...next, metadata: m1 }, { ...old, metadata: m2 })) return unchanged(old)
  return objectEvent('object/updated', next, seq, ctx)
}

/** `update` (PUT): preconditions, immutable fields, status preserved, generation bookkeeping. */
export const decideUpdate = (s: ClusterState, object: KObject, ctx: WriteContext, dryRun = false): Decision => {
  const rtE = resourceTypeOf(object)
  if (E.isLeft(rtE)) return refuse(rtE.left)
  const rt = rtE.right
  const namespace = rt.namespaced ? (object.metadata.namespace ?? 'default') : undefined
  const name = object.metadata.name ?? ''
  const old = s.objects.get(objectKey(object.kind, namespace, name))
  if (!old) return refuse(notFound(subjectOf(rt, name)))
  const rv = object.metadata.resourceVersion
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) return refuse(conflict(subjectOf(rt, name)))
  const admitted = admit(rt, { ...object, metadata: { ...object.metadata, ...(namespace ? { namespace } : {}) } })
  if (E.isLeft(admitted)) return refuse(admitted.left)
  const carried = admitted.right.kind === 'Service' ? carryServiceAllocations(admitted.right, old) : admitted.right
  const causes = [...validateUpdate(carried, old), ...(carried.kind === 'Service' ? validateServiceUpdate(carried, old) : [])]
  if (causes.length > 0) return refuse(invalid(subjectOf(rt, name), causes))
  const pvcRefusal = carried.kind === 'PersistentVolumeClaim' ? validatePvcUpdate(carried, old, s) : undefined
  if (pvcRefusal) return refuse(pvcRefusal)
  let updated = carried
  if (carried.kind === 'Service') {
    const r = allocateService(s, carried)
    if (!r.ok) return refuse(invalid(subjectOf(rt, name), r.causes))
    updated = r.object
  }
  const candidate: KObject = {
    ...updated,
    metadata: {
      ...updated.metadata,
      uid: old.metadata.uid!,
      creationTimestamp: old.metadata.creationTimestamp ?? null,
      ...(old.metadata.deletionTimestamp !== undefined ? { deletionTimestamp: old.metadata.deletionTimestamp } : {}),
      ...(old.metadata.deletionGracePeriodSeconds !== undefined ? { deletionGracePeriodSeconds: old.metadata.deletionGracePeriodSeconds } : {}),
    },
    ...(HAS_STATUS_SUBRESOURCE.has(object.kind) && old.status !== undefined ? { status: old.status } : {}),
  }
  const prepared = candidate.kind === 'DaemonSet' ? prepareDaemonSetForUpdate(candidate, old) : candidate
  const generation = nextGeneration(prepared, old)
  const next: KObject = generation === undefined ? prepared : { ...prepared, metadata: { ...prepared.metadata, generation } }
  const decision = commitChange(s, next, old, ctx)
  return dryRun && decision.ok ? { ok: true, events: [], object: next } : decision
}

/** `/status`: only status (and annotations) change; no generation bump (workloads.md §1.3). */
export const decideUpdateStatus = (s: ClusterState, object: KObject, ctx: WriteContext): Decision => {
  const found = lookup(s, { kind: object.kind, ...(object.metadata.namespace !== undefined ? { namespace: object.metadata.namespace } : {}), name: object.metadata.name ?? '' })
  if ('ok' in found) return found
  const { rt, old } = found
  if (!old) return refuse(notFound(subjectOf(rt, object.metadata.name ?? '')))
  const rv = object.metadata.resourceVersion
  if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) return refuse(conflict(subjectOf(rt, old.metadata.name!)))
  const annotations = object.metadata.annotations ?? old.metadata.annotations
  const next: KObject = {
    ...old,
    metadata: { ...old.metadata, ...(annotations !== undefined ? { annotations } : {}) },
    status: object.status,
  }
  return commitChange(s, next, old, ctx)
}

/** JSON merge patch of the main resource; a `metadata.resourceVersion` in the patch is a precondition. */
export const decidePatch = (s: ClusterState, ref: ObjectRef, patch: Json, ctx: WriteContext, dryRun = false): Decision => {
  const found = lookup(s, ref)
  if ('ok' in found) return found
  const { rt, old } = found
  if (!old) return refuse(notFound(subjectOf(rt, ref.name)))
  const patched = mergePatch(old, patch) as KObject
  const rv = (patch.metadata as Json | undefined)?.resourceVersion
  const withRv: KObject = { ...patched, metadata: { ...patched.metadata, resourceVersion: typeof rv === 'string' ? rv : old.metadata.resourceVersion! } }
  return decideUpdate(s, withRv, ctx, dryRun)
}

/** `pods/binding`: sets `spec.nodeName` once; a bound pod cannot be bound again. */
export const decideBind = (s: ClusterState, ref: ObjectRef, nodeName: string, ctx: WriteContext): Decision => {
  const found = lookup(s, { ...ref, kind: 'Pod' })
  if ('ok' in found) return found
  const { rt, old } = found
  if (!old) return refuse(notFound(subjectOf(rt, ref.name)))
  const spec = old.spec as Json
  if (spec.nodeName) return refuse({ ...conflict(subjectOf(rt, ref.name)), message: `Operation cannot be fulfilled on pods/binding "${ref.name}": pod ${ref.name} is already assigned to node "${String(spec.nodeName)}"` })
  // The binding subresource also records PodScheduled=True, as the API server's binding storage does.
  const status = (old.status as Json | undefined) ?? {}
  const conditions = ((status.conditions as Json[] | undefined) ?? []).filter((c) => c.type !== 'PodScheduled')
  const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: toTimestamp(ctx.atMs) }
  const next: KObject = { ...old, spec: { ...spec, nodeName }, status: { ...status, conditions: [...conditions, scheduled] } }
  return commitChange(s, next, old, ctx)
}

