import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../../api/delete.js'
import type { ObjectEvent } from '../../log/events.js'
import { type KObject, withOwnerReferences } from '../../model/meta.js'
import { type ClusterState, selectByUid, selectOwnedBy } from '../../state/clusterState.js'
import { type Controller, type ControllerCommand, NO_CHANGE } from '../controller.js'

const refOf = (o: KObject) => ({
  kind: o.kind,
  ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}),
  name: o.metadata.name ?? '',
})

const withoutOwner = (o: KObject, uid: string): KObject =>
  withOwnerReferences(o, (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid))

const withoutFinalizer = (o: KObject, finalizer: string): KObject => {
  const rest = (o.metadata.finalizers ?? []).filter((f) => f !== finalizer)
  const { finalizers: _old, ...meta } = o.metadata
  return { ...o, metadata: rest.length > 0 ? { ...meta, finalizers: rest } : meta }
}

/** Dependents whose owners are all gone are deleted; those with another live owner lose the dangling ref. */
const collectDangling = (s: ClusterState, uid: string, dependents: readonly KObject[]): ControllerCommand[] => {
  const out: ControllerCommand[] = []
  for (const d of dependents) {
    const live = (d.metadata.ownerReferences ?? []).some((r) => r.uid !== uid && selectByUid(s, r.uid) !== undefined)
    if (live) out.push({ verb: 'update', object: withoutOwner(d, uid) })
    else if (d.metadata.deletionTimestamp === undefined)
      out.push({ verb: 'delete', ref: refOf(d), options: { propagationPolicy: 'Background' } })
  }
  return out
}

/** Orphan: strip our ownerReference from every dependent, then drop the `orphan` finalizer. */
const orphanDependents = (owner: KObject, dependents: readonly KObject[]): ControllerCommand[] => {
  const uid = owner.metadata.uid ?? ''
  if (dependents.length > 0) return dependents.map((d) => ({ verb: 'update' as const, object: withoutOwner(d, uid) }))
  return [{ verb: 'update', object: withoutFinalizer(owner, ORPHAN_FINALIZER) }]
}

/** Foreground: delete dependents first (foreground again when they own things), then drop the finalizer. */
const deleteForeground = (s: ClusterState, owner: KObject, dependents: readonly KObject[]): ControllerCommand[] => {
  const blocking = dependents.filter((d) =>
    d.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid && r.blockOwnerDeletion === true),
  )
  if (blocking.length === 0) return [{ verb: 'update', object: withoutFinalizer(owner, FOREGROUND_FINALIZER) }]
  const out: ControllerCommand[] = []
  for (const d of dependents) {
    if (d.metadata.deletionTimestamp !== undefined) continue
    const hasOwn = selectOwnedBy(s, d.metadata.uid ?? '').length > 0
    out.push({ verb: 'delete', ref: refOf(d), options: { propagationPolicy: hasOwn ? 'Foreground' : 'Background' } })
  }
  return out
}

const sortByKey = (xs: KObject[]): KObject[] =>
  xs.sort((a, b) => (`${a.kind}/${a.metadata.namespace}/${a.metadata.name}` < `${b.kind}/${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1))

/**
 * Mirrors kubernetes pkg/controller/garbagecollector: keyed by owner uid, it finishes Background
 * (dangling dependents), Foreground (`foregroundDeletion`) and Orphan (`orphan`) propagation.
 */
export const garbageCollector: Controller = {
  name: 'garbagecollector',
  actor: 'controller:garbagecollector',
  keysFor: (event: ObjectEvent) => {
    const o = event.data.object
    const keys: string[] = []
    if (event.type === 'object/deleted' || o.metadata.deletionTimestamp !== undefined) keys.push(o.metadata.uid ?? '')
    // A dependent going away may unblock a foreground owner; a new dependent may point at a gone owner.
    for (const r of o.metadata.ownerReferences ?? []) keys.push(r.uid)
    return keys
  },
  resyncKeys: (s) => {
    const keys: string[] = []
    for (const [uid, deps] of s.byOwner.entries()) if (!uid.startsWith('orphan/') && deps.size > 0) keys.push(uid)
    for (const o of s.objects.values()) if (o.metadata.deletionTimestamp !== undefined && o.metadata.uid) keys.push(o.metadata.uid)
    return keys.sort()
  },
  reconcile: (s, uid) => {
    const owner = selectByUid(s, uid)
    // A live owner not being deleted needs nothing: decided before listing its (maybe thousands of) dependents.
    if (owner !== undefined && owner.metadata.deletionTimestamp === undefined) return NO_CHANGE
    const dependents = sortByKey(selectOwnedBy(s, uid))
    if (owner === undefined) return dependents.length === 0 ? NO_CHANGE : { commands: collectDangling(s, uid, dependents) }
    const finalizers = owner.metadata.finalizers ?? []
    if (finalizers.includes(ORPHAN_FINALIZER)) return { commands: orphanDependents(owner, dependents) }
    if (finalizers.includes(FOREGROUND_FINALIZER)) return { commands: deleteForeground(s, owner, dependents) }
    return NO_CHANGE
  },
}
