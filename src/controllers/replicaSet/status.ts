import { fromTimestamp } from '../../kernel/brand.js'
import { isPodReady, type Pod, podCondition } from '../../model/pod.js'
import { fromMap, matches } from '../../model/selector.js'
import type { ReplicaSetStatus } from '../../model/workloads.js'
import type { ReplicaSetLike } from './replicaSetLike.js'

/** When a ready pod becomes available: Ready since + minReadySeconds (undefined when not ready). */
export const availableAtMs = (p: Pod, minReadySeconds: number): number | undefined => {
  if (!isPodReady(p)) return undefined
  if (minReadySeconds === 0) return Number.NEGATIVE_INFINITY
  const since = fromTimestamp(podCondition(p, 'Ready')?.lastTransitionTime)
  return since === undefined ? undefined : since + minReadySeconds * 1000
}

/** `podutil.IsPodAvailable`: ready, and ready for longer than minReadySeconds (strictly). */
export const isPodAvailable = (p: Pod, minReadySeconds: number, nowMs: number): boolean => {
  const at = availableAtMs(p, minReadySeconds)
  return at !== undefined && (minReadySeconds === 0 || at < nowMs)
}

/**
 * `calculateStatus` (workloads.md §10.5) over the active claimed pods, plus the terminating ones for
 * `terminatingReplicas` (ReplicaSet only; ReplicationControllers have no such field).
 */
export const calculateStatus = (
  rs: ReplicaSetLike,
  active: readonly Pod[],
  terminating: number,
  nowMs: number,
): ReplicaSetStatus => {
  const templateLabels = fromMap(rs.template?.metadata?.labels)
  let fullyLabeled = 0
  let ready = 0
  let available = 0
  for (const p of active) {
    if (matches(templateLabels, p.metadata.labels)) fullyLabeled++
    if (isPodReady(p)) ready++
    if (isPodAvailable(p, rs.minReadySeconds, nowMs)) available++
  }
  const status: ReplicaSetStatus = {
    replicas: active.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    ...(rs.kind === 'ReplicaSet' ? { terminatingReplicas: terminating } : {}),
    observedGeneration: rs.generation,
  }
  return rs.status.conditions !== undefined ? { ...status, conditions: rs.status.conditions } : status
}

/** The earliest future moment one of the ready pods becomes available, for `RequeueAfter`. */
export const nextAvailabilityMs = (rs: ReplicaSetLike, active: readonly Pod[], nowMs: number): number | undefined => {
  if (rs.minReadySeconds === 0) return undefined
  let next: number | undefined
  for (const p of active) {
    const at = availableAtMs(p, rs.minReadySeconds)
    if (at !== undefined && at >= nowMs && (next === undefined || at < next)) next = at
  }
  return next
}
