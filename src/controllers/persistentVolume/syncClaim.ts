import { claimClassOf, type PersistentVolume, type PersistentVolumeClaim, selectDefaultClass } from '../../api/kinds/storage.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'
import type { ControllerCommand, ReconcileResult } from '../controller.js'
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER } from './annotations.js'
import { bind } from './bind.js'
import { findBestMatchForClaim, isVolumeBoundToClaim, volumeMismatchOf } from './matching.js'
import { isConsumed, isDelayBindingMode, provisionClaim, waitForConsumer } from './provision.js'
import { recordOnce, setClaimStatus, unversioned, warning } from './writes.js'

const volumeNamed = (s: ClusterState, name: string): PersistentVolume | undefined => getObject<PersistentVolume>(s, 'PersistentVolume', undefined, name)

/** The claim marked Pending (a write only when it is not), then an Event recorded once, if any. */
const pendingWith = (c: PersistentVolumeClaim, events: (latest: PersistentVolumeClaim) => ControllerCommand[]): ControllerCommand[] => {
  const pending = setClaimStatus(c, 'Pending', undefined)
  return [...pending.commands, ...events(pending.claim)]
}

/**
 * `assignDefaultStorageClass` (RetroactiveDefaultStorageClass, GA 1.28): an unbound claim whose class is
 * unset gets the current default class; the update re-queues the claim.
 */
const assignDefaultClass = (s: ClusterState, c: PersistentVolumeClaim): ControllerCommand[] => {
  if (c.spec.storageClassName !== undefined || claimClassOf(c) !== '') return []
  const def = selectDefaultClass(s)
  if (def === undefined) return []
  return [{ verb: 'update', object: unversioned({ ...c, spec: { ...c.spec, storageClassName: def.metadata.name ?? '' } }) }]
}

/** Case 1 of `syncUnboundClaim`: the claim does not name a volume. */
const syncClaimWithoutVolume = (s: ClusterState, c: PersistentVolumeClaim, nowMs: number): ControllerCommand[] => {
  // Reel has no scheduler-side volume binding: once consumed, the controller binds as the scheduler would.
  const waiting = isDelayBindingMode(s, c) && !isConsumed(s, c)
  const volume = findBestMatchForClaim(s, c, waiting)
  if (volume !== undefined) return bind(volume, c, nowMs)
  const assigned = assignDefaultClass(s, c)
  if (assigned.length > 0) return assigned
  if (waiting) return pendingWith(c, (latest) => waitForConsumer(s, latest))
  if (claimClassOf(c) !== '') return pendingWith(c, (latest) => provisionClaim(s, latest))
  return pendingWith(c, (latest) =>
    recordOnce(s, latest, { type: 'Normal', reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set' }))
}

/** Case 2 of `syncUnboundClaim`: the user asked for a specific volume. */
const syncClaimWithVolume = (s: ClusterState, c: PersistentVolumeClaim, nowMs: number): ControllerCommand[] => {
  const name = c.spec.volumeName ?? ''
  const volume = volumeNamed(s, name)
  if (volume === undefined) return pendingWith(c, () => [])
  if (volume.spec.claimRef === undefined) {
    const mismatch = volumeMismatchOf(volume, c)
    if (mismatch === undefined) return bind(volume, c, nowMs)
    return pendingWith(c, (latest) => recordOnce(s, latest, warning('VolumeMismatch', `Cannot bind to requested volume "${name}": ${mismatch}`)))
  }
  if (isVolumeBoundToClaim(volume, c)) return bind(volume, c, nowMs)
  // Bound elsewhere. With bound-by-controller this "should never happen" upstream (an error, retried).
  if (c.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] !== undefined) return []
  return pendingWith(c, (latest) => recordOnce(s, latest, warning('FailedBinding', `volume "${name}" already bound to a different claim.`)))
}

/** `syncBoundClaim`: a claim that completed binding stays Bound, or becomes Lost when its PV is gone or taken. */
const syncBoundClaim = (s: ClusterState, c: PersistentVolumeClaim, nowMs: number): ControllerCommand[] => {
  const lost = (message: string, reason = 'ClaimLost') => setClaimStatus(c, 'Lost', undefined, warning(reason, message)).commands
  if (!c.spec.volumeName) return lost('Bound claim has lost reference to PersistentVolume. Data on the volume is lost!')
  const volume = volumeNamed(s, c.spec.volumeName)
  if (volume === undefined) return lost('Bound claim has lost its PersistentVolume. Data on the volume is lost!')
  if (volume.spec.claimRef === undefined || volume.spec.claimRef.uid === c.metadata.uid) return bind(volume, c, nowMs)
  return lost('Two claims are bound to the same volume, this one is bound incorrectly', 'ClaimMisbound')
}

/**
 * Mirrors kubernetes pkg/controller/volume/persistentvolume `syncClaim`: claims without the
 * `bind-completed` annotation go through `syncUnboundClaim`, the others through `syncBoundClaim`.
 */
export const reconcileClaim = (s: ClusterState, c: PersistentVolumeClaim, nowMs: number): ReconcileResult => {
  if (c.metadata.annotations?.[ANN_BIND_COMPLETED] !== undefined) return { commands: syncBoundClaim(s, c, nowMs) }
  return { commands: c.spec.volumeName ? syncClaimWithVolume(s, c, nowMs) : syncClaimWithoutVolume(s, c, nowMs) }
}
