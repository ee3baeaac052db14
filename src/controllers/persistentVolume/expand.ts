import { bytesOf, type ClaimCondition, type PersistentVolume, type PersistentVolumeClaim } from '../../api/kinds/storage.js'
import { toTimestamp } from '../../kernel/brand.js'
import { nsNameOf, splitNsName } from '../../model/meta.js'
import { type ClusterState, getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, type ControllerCommand, NO_CHANGE, type ReconcileResult } from '../controller.js'
import { classOfClaim } from './provision.js'
import { normal, unversioned } from './writes.js'

const RESIZE_CONDITIONS = new Set(['Resizing', 'FileSystemResizePending'])

/**
 * One resize of a bound claim whose request exceeds its capacity, in two writes: first the claim
 * gets `Resizing` and `allocatedResources`; then the PV grows and the claim's capacity follows, the
 * resize conditions cleared. The node-side filesystem step (`FileSystemResizePending`) is folded into
 * the second write.
 */
export const reconcileExpansion = (s: ClusterState, c: PersistentVolumeClaim, nowMs: number): ReconcileResult => {
  const requested = c.spec.resources?.requests?.storage
  if (c.status?.phase !== 'Bound' || !c.spec.volumeName || requested === undefined) return NO_CHANGE
  if (bytesOf(requested) <= bytesOf(c.status.capacity?.storage)) return NO_CHANGE
  if (classOfClaim(s, c)?.allowVolumeExpansion !== true) return NO_CHANGE
  const pv = getObject<PersistentVolume>(s, 'PersistentVolume', undefined, c.spec.volumeName)
  if (pv === undefined) return NO_CHANGE
  const conditions = c.status.conditions ?? []
  const commands: ControllerCommand[] = []
  if (!conditions.some((x) => x.type === 'Resizing')) {
    const resizing: ClaimCondition = { type: 'Resizing', status: 'True', lastProbeTime: null, lastTransitionTime: toTimestamp(nowMs) }
    const status = { ...c.status, conditions: [...conditions, resizing], allocatedResources: { ...(c.status.allocatedResources ?? {}), storage: requested } }
    commands.push({ verb: 'updateStatus', object: { ...unversioned(c), status }, record: normal('Resizing', `External resizer is resizing volume ${pv.metadata.name ?? ''}`) })
    return { commands }
  }
  if (bytesOf(pv.spec.capacity?.storage) < bytesOf(requested))
    commands.push({ verb: 'update', object: unversioned({ ...pv, spec: { ...pv.spec, capacity: { ...pv.spec.capacity, storage: requested } } }) })
  const rest = conditions.filter((x) => !RESIZE_CONDITIONS.has(x.type))
  const { conditions: _c, ...others } = c.status
  const status = { ...others, ...(rest.length > 0 ? { conditions: rest } : {}), capacity: { ...(c.status.capacity ?? {}), storage: requested } }
  commands.push({ verb: 'updateStatus', object: { ...unversioned(c), status }, record: normal('VolumeResizeSuccessful', 'Resize volume succeeded') })
  return { commands }
}

/**
 * The expander (`persistentvolume-expander`, with the external resizer's part simulated): grows the
 * volume of a bound claim whose class allows expansion when its storage request rises.
 */
export const volumeExpansionController: Controller = {
  name: 'persistentvolume-expander',
  actor: 'controller:persistentvolume-expander',
  primaryKind: 'PersistentVolumeClaim',
  keysFor: (event) => {
    const o = event.data.object
    return o.kind === 'PersistentVolumeClaim' && event.type !== 'object/deleted' ? [nsNameOf(o)] : []
  },
  resyncKeys: (s) => listObjects(s, 'PersistentVolumeClaim').map(nsNameOf),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const c = getObject<PersistentVolumeClaim>(s, 'PersistentVolumeClaim', namespace, name)
    return c === undefined ? NO_CHANGE : reconcileExpansion(s, c, ctx.nowMs)
  },
}
