import type { PersistentVolume, PersistentVolumeClaim } from '../../api/kinds/storage.js'
import { toTimestamp } from '../../kernel/brand.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import type { ClusterState } from '../../state/clusterState.js'
import type { ControllerCommand, RecordedEvent } from '../controller.js'

/**
 * The object without its resourceVersion: one reconcile may write the same object twice (spec, then
 * status), and the second write must not be refused as a conflict with the first.
 */
export const unversioned = <T extends KObject>(o: T): T => {
  const { resourceVersion: _rv, ...meta } = o.metadata
  return { ...o, metadata: meta }
}

/** A normal or warning Event about the command's own object. */
export const normal = (reason: string, message: string): RecordedEvent => ({ type: 'Normal', reason, message })
export const warning = (reason: string, message: string): RecordedEvent => ({ type: 'Warning', reason, message })

/**
 * Whether an Event with this reason and message was already recorded about `about`. Upstream repeats
 * such events on every periodic sync and its recorder folds them into one (count + 1); Reel records
 * them once, so that a waiting claim is quiescent.
 */
export const hasEvent = (s: ClusterState, about: KObject, reason: string, message: string): boolean => {
  const ns = about.metadata.namespace ?? 'default'
  const prefix = `Event/${ns}/${about.metadata.name ?? ''}.`
  for (const key of s.byKindNs.get(`Event/${ns}`) ?? []) {
    if (!key.startsWith(prefix)) continue
    const e = s.objects.get(key) as (KObject & { reason?: string; message?: string; involvedObject?: { uid?: string } }) | undefined
    if (e?.reason === reason && e.message === message && e.involvedObject?.uid === about.metadata.uid) return true
  }
  return false
}

/**
 * An Event about `about` recorded once: carried by a `/status` write that changes nothing (the step
 * records a command's Event once the API server accepted it). Nothing when already recorded.
 */
export const recordOnce = (s: ClusterState, about: KObject, record: RecordedEvent): ControllerCommand[] =>
  hasEvent(s, about, record.reason, record.message) ? [] : [{ verb: 'updateStatus', object: unversioned(about), record }]

/**
 * `updateVolumePhase`: a `/status` write when the phase (or Failed message) changes. The API server's
 * strategy stamps `lastPhaseTransitionTime`; Reel's write path does not, so the controller does.
 */
export const setVolumePhase = (
  v: PersistentVolume,
  phase: string,
  nowMs: number,
  message?: string,
  record?: RecordedEvent,
): { volume: PersistentVolume; commands: ControllerCommand[] } => {
  if (v.status?.phase === phase && (message === undefined || v.status.message === message)) return { volume: v, commands: [] }
  const { message: _m, ...rest } = v.status ?? {}
  const status = {
    ...rest,
    phase,
    ...(message !== undefined ? { message } : {}),
    ...(v.status?.phase !== phase ? { lastPhaseTransitionTime: toTimestamp(nowMs) } : {}),
  }
  const volume: PersistentVolume = { ...unversioned(v), status }
  return { volume, commands: [{ verb: 'updateStatus', object: volume, ...(record !== undefined ? { record } : {}) }] }
}

/**
 * `updateClaimStatus`: the phase, and the access modes and capacity of `volume` (reset without one).
 * Capacity is copied only when the claim is becoming Bound, as upstream (a later difference is a resize).
 */
export const setClaimStatus = (
  c: PersistentVolumeClaim,
  phase: string,
  volume: PersistentVolume | undefined,
  record?: RecordedEvent,
): { claim: PersistentVolumeClaim; commands: ControllerCommand[] } => {
  const old = c.status ?? {}
  const status: Record<string, unknown> = { ...old, phase }
  if (volume === undefined) {
    delete status.accessModes
    delete status.capacity
  } else {
    if (!deepEqual(old.accessModes, volume.spec.accessModes)) status.accessModes = volume.spec.accessModes
    if (old.phase !== phase && !deepEqual(old.capacity?.storage, volume.spec.capacity?.storage)) status.capacity = volume.spec.capacity
  }
  if (deepEqual(status, old)) return { claim: c, commands: [] }
  const claim: PersistentVolumeClaim = { ...unversioned(c), status }
  return { claim, commands: [{ verb: 'updateStatus', object: claim, ...(record !== undefined ? { record } : {}) }] }
}
