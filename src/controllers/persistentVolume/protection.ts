import { type PersistentVolume, type PersistentVolumeClaim, PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from '../../api/kinds/storage.js'
import type { ObjectEvent } from '../../log/events.js'
import { type KObject, nsNameOf, splitNsName } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { type ClusterState, getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, type ControllerCommand, NO_CHANGE } from '../controller.js'
import { claimNamesOf } from '../../model/volumes.js'
import { isClaimInUse } from './claimUsers.js'
import { unversioned } from './writes.js'

/**
 * The finalizer fix-up both protection controllers share: add it to a live object that lacks it
 * (objects created before the admission plugin), remove it from one being deleted once `inUse` is false.
 */
const protect = (o: KObject, finalizer: string, inUse: () => boolean): ControllerCommand[] => {
  const finalizers = o.metadata.finalizers ?? []
  const has = finalizers.includes(finalizer)
  if (o.metadata.deletionTimestamp === undefined) {
    return has ? [] : [{ verb: 'update', object: unversioned({ ...o, metadata: { ...o.metadata, finalizers: [...finalizers, finalizer] } }) }]
  }
  if (!has || inUse()) return []
  return [{ verb: 'update', object: unversioned({ ...o, metadata: { ...o.metadata, finalizers: finalizers.filter((f) => f !== finalizer) } }) }]
}

/** Pod events re-queue the claims the pod references that are being deleted (`podAddedDeletedUpdated`). */
const claimKeysForPod = (event: ObjectEvent, before: ClusterState): string[] => {
  const pod = event.data.object as Pod
  const ns = pod.metadata.namespace ?? 'default'
  return claimNamesOf(pod)
    .filter((n) => getObject(before, 'PersistentVolumeClaim', ns, n)?.metadata.deletionTimestamp !== undefined)
    .map((n) => `${ns}/${n}`)
}

/**
 * Mirrors kubernetes pkg/controller/volume/pvcprotection: `kubernetes.io/pvc-protection` stays on a
 * deleted claim while a scheduled, non-terminated pod references it.
 */
export const pvcProtectionController: Controller = {
  name: 'pvc-protection',
  actor: 'controller:pvc-protection',
  primaryKind: 'PersistentVolumeClaim',
  keysFor: (event, before) => {
    const o = event.data.object
    if (o.kind === 'PersistentVolumeClaim') return event.type === 'object/deleted' ? [] : [nsNameOf(o)]
    return o.kind === 'Pod' ? claimKeysForPod(event, before) : []
  },
  resyncKeys: (s) => listObjects(s, 'PersistentVolumeClaim').map(nsNameOf),
  reconcile: (s, key) => {
    const { namespace, name } = splitNsName(key)
    const c = getObject<PersistentVolumeClaim>(s, 'PersistentVolumeClaim', namespace, name)
    return c === undefined ? NO_CHANGE : { commands: protect(c, PVC_PROTECTION_FINALIZER, () => isClaimInUse(s, namespace, name)) }
  },
}

/** Mirrors kubernetes pkg/controller/volume/pvprotection: `kubernetes.io/pv-protection` stays while the PV is Bound. */
export const pvProtectionController: Controller = {
  name: 'pv-protection',
  actor: 'controller:pv-protection',
  primaryKind: 'PersistentVolume',
  keysFor: (event) => {
    const o = event.data.object
    return o.kind === 'PersistentVolume' && event.type !== 'object/deleted' ? [o.metadata.name ?? ''] : []
  },
  resyncKeys: (s) => listObjects(s, 'PersistentVolume').map((v) => v.metadata.name ?? ''),
  reconcile: (s, key) => {
    const v = getObject<PersistentVolume>(s, 'PersistentVolume', undefined, key)
    return v === undefined ? NO_CHANGE : { commands: protect(v, PV_PROTECTION_FINALIZER, () => v.status?.phase === 'Bound') }
  },
}
