import type { Pod } from '../../model/pod.js'
import { availableAtMs } from '../replicaSet/status.js'
import { isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating, revisionOf } from './identity.js'
import { isRollingUpdate, replicasOf, type StatefulSet, type StatefulSetStatus } from './types.js'

/** The counted part of a status (all numbers, zeros included), before it is written in apps/v1 form. */
export interface Counts {
  observedGeneration: number
  replicas: number
  readyReplicas: number
  currentReplicas: number
  updatedReplicas: number
  availableReplicas: number
  currentRevision: string
  updateRevision: string
  collisionCount: number
}

/**
 * `updateStatus` / `computeReplicaStatus` over the slot and condemned pods: created pods count as
 * replicas (terminating ones too); ready = Running and Ready; available = also ready for
 * minReadySeconds; current/updated = created, not terminating, labelled with that revision.
 */
export const countPods = (
  set: StatefulSet,
  pods: readonly Pod[],
  current: string,
  update: string,
  collisionCount: number,
  nowMs: number,
): Counts => {
  const minReady = set.spec.minReadySeconds ?? 0
  const c: Counts = {
    observedGeneration: set.metadata.generation ?? 0,
    replicas: 0,
    readyReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    availableReplicas: 0,
    currentRevision: current,
    updateRevision: update,
    collisionCount,
  }
  for (const p of pods) {
    if (isCreated(p)) c.replicas++
    if (isRunningAndReady(p)) {
      c.readyReplicas++
      if (isRunningAndAvailable(p, minReady, nowMs)) c.availableReplicas++
    }
    if (isCreated(p) && !isTerminating(p)) {
      if (revisionOf(p) === current) c.currentReplicas++
      if (revisionOf(p) === update) c.updatedReplicas++
    }
  }
  return c
}

/**
 * `completeRollingUpdate`: under RollingUpdate, once every replica is updated and ready, the update
 * revision becomes the current one.
 */
export const completeRollingUpdate = (set: StatefulSet, c: Counts): Counts => {
  const n = replicasOf(set)
  if (!isRollingUpdate(set) || c.updatedReplicas !== n || c.readyReplicas !== n || c.replicas !== n) return c
  return { ...c, currentReplicas: c.updatedReplicas, currentRevision: c.updateRevision }
}

/** `inconsistentStatus`: whether the computed status must be written. */
export const inconsistentStatus = (set: StatefulSet, c: Counts): boolean => {
  const s = set.status ?? {}
  return (
    c.observedGeneration > (s.observedGeneration ?? 0) ||
    c.replicas !== (s.replicas ?? 0) ||
    c.currentReplicas !== (s.currentReplicas ?? 0) ||
    c.readyReplicas !== (s.readyReplicas ?? 0) ||
    c.updatedReplicas !== (s.updatedReplicas ?? 0) ||
    c.currentRevision !== (s.currentRevision ?? '') ||
    c.availableReplicas !== (s.availableReplicas ?? 0) ||
    c.updateRevision !== (s.updateRevision ?? '')
  )
}

/** The apps/v1 status object: `omitempty` fields dropped at zero, `replicas` and `availableReplicas` always. */
export const toStatus = (set: StatefulSet, c: Counts): StatefulSetStatus => ({
  ...(c.observedGeneration !== 0 ? { observedGeneration: c.observedGeneration } : {}),
  replicas: c.replicas,
  ...(c.readyReplicas !== 0 ? { readyReplicas: c.readyReplicas } : {}),
  ...(c.currentReplicas !== 0 ? { currentReplicas: c.currentReplicas } : {}),
  ...(c.updatedReplicas !== 0 ? { updatedReplicas: c.updatedReplicas } : {}),
  ...(c.currentRevision !== '' ? { currentRevision: c.currentRevision } : {}),
  ...(c.updateRevision !== '' ? { updateRevision: c.updateRevision } : {}),
  collisionCount: c.collisionCount,
  ...(set.status?.conditions !== undefined ? { conditions: set.status.conditions } : {}),
  availableReplicas: c.availableReplicas,
})

/** The earliest future moment a ready pod becomes available under minReadySeconds, for `RequeueAfter`. */
export const nextAvailabilityMs = (set: StatefulSet, pods: readonly Pod[], nowMs: number): number | undefined => {
  const minReady = set.spec.minReadySeconds ?? 0
  if (minReady === 0) return undefined
  let next: number | undefined
  for (const p of pods) {
    if (!isRunningAndReady(p) || isTerminating(p)) continue
    const at = availableAtMs(p, minReady)
    if (at !== undefined && at >= nowMs && (next === undefined || at < next)) next = at
  }
  return next
}
