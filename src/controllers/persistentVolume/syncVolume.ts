import type { PersistentVolume, PersistentVolumeClaim } from '../../api/kinds/storage.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'
import type { ControllerCommand, ReconcileResult } from '../controller.js'
import { ANN_PROVISIONED_BY } from './annotations.js'
import { unbindVolume } from './bind.js'
import { normal, setVolumePhase, unversioned, warning } from './writes.js'

const deleteVolume = (v: PersistentVolume, actor?: string): ControllerCommand => ({
  verb: 'delete',
  ref: { kind: 'PersistentVolume', name: v.metadata.name ?? '' },
  ...(actor !== undefined ? { actor } : {}),
})

/**
 * `reclaimVolume` for a Released PV: Retain keeps it; Delete deletes it (by its external provisioner
 * when it has one, else by the controller's simulated volume plugin); Recycle scrubs it at once and
 * makes it Available again; anything else fails the volume.
 */
const reclaimVolume = (v: PersistentVolume, nowMs: number): ControllerCommand[] => {
  if (v.metadata.deletionTimestamp !== undefined) return []
  // Unset cannot happen once defaulting runs (Retain); treat it as that default.
  switch (v.spec.persistentVolumeReclaimPolicy ?? 'Retain') {
    case 'Retain':
      return []
    case 'Delete': {
      const provisioner = v.metadata.annotations?.[ANN_PROVISIONED_BY]
      return [deleteVolume(v, provisioner !== undefined ? `provisioner:${provisioner}` : undefined)]
    }
    case 'Recycle': {
      const [first, ...rest] = unbindVolume(v, nowMs)
      return first === undefined ? rest : [{ ...first, record: normal('VolumeRecycled', 'Volume recycled') }, ...rest]
    }
    default:
      return setVolumePhase(v, 'Failed', nowMs, 'Volume has unrecognized PersistentVolumeReclaimPolicy',
        warning('VolumeUnknownReclaimPolicy', 'Volume has unrecognized PersistentVolumeReclaimPolicy')).commands
  }
}

/** Released (unless already Released or Failed), then the reclaim policy. */
const release = (v: PersistentVolume, nowMs: number): ControllerCommand[] => {
  if (v.status?.phase === 'Released' || v.status?.phase === 'Failed') return v.status.phase === 'Released' ? reclaimVolume(v, nowMs) : []
  const released = setVolumePhase(v, 'Released', nowMs)
  return [...released.commands, ...reclaimVolume(released.volume, nowMs)]
}

/**
 * Mirrors kubernetes pkg/controller/volume/persistentvolume `syncVolume`: an unclaimed or pre-bound PV
 * is Available; a PV whose claim is gone (or replaced by one with another uid) is Released and
 * reclaimed; a PV whose claim names it is Bound; a PV whose claim went elsewhere is unbound (or, when
 * provisioned for it with policy Delete, released and deleted). A PV waiting for its claim to finish
 * binding is left to the claim's sync.
 */
export const reconcileVolume = (s: ClusterState, v: PersistentVolume, nowMs: number): ReconcileResult => {
  const ref = v.spec.claimRef
  if (ref === undefined || !ref.uid) return { commands: setVolumePhase(v, 'Available', nowMs).commands }
  const found = getObject<PersistentVolumeClaim>(s, 'PersistentVolumeClaim', ref.namespace ?? 'default', ref.name ?? '')
  const claim = found?.metadata.uid === ref.uid ? found : undefined
  if (claim === undefined) return { commands: release(v, nowMs) }
  if (!claim.spec.volumeName) return { commands: [] }
  if (claim.spec.volumeName === v.metadata.name) return { commands: setVolumePhase(v, 'Bound', nowMs).commands }
  if (v.metadata.annotations?.[ANN_PROVISIONED_BY] !== undefined && v.spec.persistentVolumeReclaimPolicy === 'Delete')
    return { commands: release(unversioned(v), nowMs) }
  return { commands: unbindVolume(v, nowMs) }
}
