import type { ClaimRef, PersistentVolume, PersistentVolumeClaim } from '../../api/kinds/storage.js'
import type { ControllerCommand } from '../controller.js'
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER } from './annotations.js'
import { isVolumeBoundToClaim } from './matching.js'
import { setClaimStatus, setVolumePhase, unversioned } from './writes.js'

/** `reference.GetReference(claim)`: the claimRef the controller writes into a PV. */
export const claimRefOf = (c: PersistentVolumeClaim): ClaimRef => ({
  kind: 'PersistentVolumeClaim',
  namespace: c.metadata.namespace ?? 'default',
  name: c.metadata.name ?? '',
  uid: c.metadata.uid ?? '',
  apiVersion: 'v1',
  resourceVersion: c.metadata.resourceVersion ?? '',
})

const withAnnotation = <T extends PersistentVolume | PersistentVolumeClaim>(o: T, key: string): T =>
  o.metadata.annotations?.[key] !== undefined ? o : { ...o, metadata: { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), [key]: 'yes' } } }

/**
 * `bindVolumeToClaim`: claimRef set (with the claim's uid) when it does not name this claim, and
 * `bound-by-controller` added when the controller chose the PV (it was not pre-bound to the claim).
 */
const bindVolumeToClaim = (v: PersistentVolume, c: PersistentVolumeClaim): { volume: PersistentVolume; commands: ControllerCommand[] } => {
  const ref = v.spec.claimRef
  const byController = !isVolumeBoundToClaim(v, c)
  const refOk = ref !== undefined && ref.name === c.metadata.name && ref.namespace === c.metadata.namespace && ref.uid === c.metadata.uid
  if (refOk && !byController) return { volume: v, commands: [] }
  let volume: PersistentVolume = refOk ? v : { ...v, spec: { ...v.spec, claimRef: claimRefOf(c) } }
  if (byController) volume = withAnnotation(volume, ANN_BOUND_BY_CONTROLLER)
  if (volume === v) return { volume: v, commands: [] }
  volume = unversioned(volume)
  return { volume, commands: [{ verb: 'update', object: volume }] }
}

/**
 * `bindClaimToVolume`: volumeName set (with `bound-by-controller` when the controller set it) and
 * `bind-completed` added.
 */
const bindClaimToVolume = (c: PersistentVolumeClaim, v: PersistentVolume): { claim: PersistentVolumeClaim; commands: ControllerCommand[] } => {
  const name = v.metadata.name ?? ''
  let claim = c
  if (c.spec.volumeName !== name) claim = withAnnotation({ ...c, spec: { ...c.spec, volumeName: name } }, ANN_BOUND_BY_CONTROLLER)
  claim = withAnnotation(claim, ANN_BIND_COMPLETED)
  if (claim === c) return { claim: c, commands: [] }
  claim = unversioned(claim)
  return { claim, commands: [{ verb: 'update', object: claim }] }
}

/**
 * Mirrors upstream `bind`: PV claimRef, PV phase Bound, claim volumeName and annotations, claim phase
 * Bound with the PV's capacity and access modes — each step only when it changes something, so a
 * finished binding issues nothing.
 */
export const bind = (v: PersistentVolume, c: PersistentVolumeClaim, nowMs: number): ControllerCommand[] => {
  const a = bindVolumeToClaim(v, c)
  const b = setVolumePhase(a.volume, 'Bound', nowMs)
  const d = bindClaimToVolume(c, b.volume)
  const e = setClaimStatus(d.claim, 'Bound', b.volume)
  return [...a.commands, ...b.commands, ...d.commands, ...e.commands]
}

/**
 * `unbindVolume`: a PV the controller bound loses claimRef and `bound-by-controller`; a PV pre-bound by
 * its creator keeps claimRef without the uid. Then phase Available.
 */
export const unbindVolume = (v: PersistentVolume, nowMs: number): ControllerCommand[] => {
  let volume: PersistentVolume
  if (v.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] !== undefined) {
    const { claimRef: _c, ...spec } = v.spec
    const { [ANN_BOUND_BY_CONTROLLER]: _a, ...annotations } = v.metadata.annotations
    volume = unversioned({ ...v, spec, metadata: { ...v.metadata, annotations } })
  } else {
    const { uid: _u, ...ref } = v.spec.claimRef ?? {}
    volume = unversioned({ ...v, spec: { ...v.spec, claimRef: ref } })
  }
  return [{ verb: 'update', object: volume }, ...setVolumePhase(volume, 'Available', nowMs).commands]
}
