import { fromTimestamp } from '../../kernel/brand.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import type { Deployment, ReplicaSet } from '../../model/workloads.js'
import {
  AVAILABLE,
  type DeploymentCondition,
  type DeploymentStatus,
  getCondition,
  hasProgressDeadline,
  MIN_AVAILABLE_REASON,
  MIN_UNAVAILABLE_REASON,
  NEW_RS_AVAILABLE_REASON,
  newCondition,
  PROGRESSING,
  removeCondition,
  REPLICA_FAILURE,
  RS_UPDATED_REASON,
  setCondition,
  TIMED_OUT_REASON,
} from './conditions.js'
import { desiredReplicas, maxUnavailable } from './fenceposts.js'
import type { Pass } from './pass.js'
import { statusReplicas, sumAvailable, sumSpec, sumStatus } from './replicaSets.js'

/**
 * `terminatingReplicas` summed over the sets: a set not synced yet (observedGeneration 0, no value) counts
 * 0; an observed set without a value makes the whole sum unknown.
 */
const sumTerminating = (rss: readonly ReplicaSet[]): number | undefined => {
  let sum = 0
  for (const rs of rss) {
    const t = rs.status?.terminatingReplicas
    if (t === undefined) {
      if ((rs.status?.observedGeneration ?? 0) === 0) continue
      return undefined
    }
    sum += t
  }
  return sum
}

/** Go's `omitempty`: the int32 status counts are left out when 0. */
const counts = (fields: Record<string, number>): DeploymentStatus => {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(fields)) if (v !== 0) out[k] = v
  return out
}

/**
 * `calculateStatus` (workloads.md §7.1): counts summed over every set (unavailable = sum of **spec**
 * sizes − available), collisionCount and conditions carried over, and `Available` set against
 * `replicas − MaxUnavailable`.
 */
export const calculateStatus = (allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus => {
  const available = sumAvailable(allRSs)
  const terminating = sumTerminating(allRSs)
  const base: DeploymentStatus = {
    ...counts({
      observedGeneration: d.metadata.generation ?? 0,
      replicas: sumStatus(allRSs),
      updatedReplicas: newRS === undefined ? 0 : statusReplicas(newRS),
      readyReplicas: allRSs.reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, sumSpec(allRSs) - available),
    }),
    ...(terminating !== undefined ? { terminatingReplicas: terminating } : {}),
    ...(d.status?.conditions !== undefined ? { conditions: [...d.status.conditions] } : {}),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
  }
  const condition =
    available >= desiredReplicas(d) - maxUnavailable(d)
      ? newCondition(AVAILABLE, 'True', MIN_AVAILABLE_REASON, 'Deployment has minimum availability.', nowMs)
      : newCondition(AVAILABLE, 'False', MIN_UNAVAILABLE_REASON, 'Deployment does not have minimum availability.', nowMs)
  return setCondition(base, condition)
}

/** `DeploymentComplete`: every replica updated and available, none old, and the generation observed. */
export const deploymentComplete = (d: Deployment, st: DeploymentStatus | undefined): boolean => {
  const r = desiredReplicas(d)
  return (
    (st?.updatedReplicas ?? 0) === r &&
    (st?.replicas ?? 0) === r &&
    (st?.availableReplicas ?? 0) === r &&
    (st?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  )
}

/** `DeploymentProgressing`: against the stored status, more updated/ready/available or fewer old replicas. */
export const deploymentProgressing = (d: Deployment, next: DeploymentStatus): boolean => {
  const old = d.status ?? {}
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0)
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  )
}

/** When the Progressing condition's deadline passes: `lastUpdateTime + progressDeadlineSeconds`. */
const deadlineMs = (d: Deployment, cond: DeploymentCondition): number | undefined => {
  const last = fromTimestamp(cond.lastUpdateTime)
  return last === undefined ? undefined : last + (d.spec.progressDeadlineSeconds ?? 0) * 1000
}

/** `DeploymentTimedOut`: the Progressing condition's lastUpdateTime + deadline is strictly before now. */
export const deploymentTimedOut = (d: Deployment, next: DeploymentStatus, nowMs: number): boolean => {
  if (!hasProgressDeadline(d)) return false
  const cond = getCondition(next, PROGRESSING)
  if (cond === undefined || cond.reason === NEW_RS_AVAILABLE_REASON) return false
  if (cond.reason === TIMED_OUT_REASON) return true
  const at = deadlineMs(d, cond)
  return at !== undefined && at < nowMs
}

/** `getReplicaFailures`: the new set's ReplicaFailure conditions first, else any set's, as deployment conditions. */
const replicaFailure = (allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined => {
  const first = (rs: ReplicaSet | undefined) => rs?.status?.conditions?.find((c) => c.type === REPLICA_FAILURE)
  const c = first(newRS) ?? allRSs.map(first).find((x) => x !== undefined)
  if (c === undefined) return undefined
  return {
    type: REPLICA_FAILURE,
    status: c.status,
    ...(c.lastTransitionTime !== undefined ? { lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime } : {}),
    ...(c.reason !== undefined ? { reason: c.reason } : {}),
    ...(c.message !== undefined ? { message: c.message } : {}),
  }
}

/**
 * `requeueStuckDeployment`: while a rollout is neither complete nor timed out, the moment just after
 * its deadline passes (the check is strict), as a delay from now.
 */
const requeueStuck = (d: Deployment, next: DeploymentStatus, nowMs: number): number | undefined => {
  const current = getCondition(d.status, PROGRESSING)
  if (!hasProgressDeadline(d) || current === undefined) return undefined
  if (deploymentComplete(d, next) || current.reason === TIMED_OUT_REASON || current.reason === NEW_RS_AVAILABLE_REASON) return undefined
  const at = deadlineMs(d, current)
  return at === undefined || at + 1 <= nowMs ? undefined : at + 1 - nowMs
}

/**
 * `syncRolloutStatus` (workloads.md §7.4): the new status with Progressing estimated (complete,
 * progressing, timed out — first match), ReplicaFailure copied from the sets. Stores it in the pass when
 * it changed; otherwise answers the delay after which the progress deadline must be checked again.
 */
export const syncRolloutStatus = (pass: Pass, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): number | undefined => {
  const d = pass.d
  const nowMs = pass.nowMs
  let next = calculateStatus(allRSs, newRS, d, nowMs)
  if (!hasProgressDeadline(d)) next = removeCondition(next, PROGRESSING)
  const current = getCondition(d.status, PROGRESSING)
  const alreadyComplete = (next.replicas ?? 0) === (next.updatedReplicas ?? 0) && current?.reason === NEW_RS_AVAILABLE_REASON
  if (hasProgressDeadline(d) && !alreadyComplete) {
    const subject = newRS !== undefined ? `ReplicaSet "${newRS.metadata.name ?? ''}"` : `Deployment "${d.metadata.name ?? ''}"`
    if (deploymentComplete(d, next)) {
      next = setCondition(next, newCondition(PROGRESSING, 'True', NEW_RS_AVAILABLE_REASON, `${subject} has successfully progressed.`, nowMs))
    } else if (deploymentProgressing(d, next)) {
      let cond = newCondition(PROGRESSING, 'True', RS_UPDATED_REASON, `${subject} is progressing.`, nowMs)
      if (current !== undefined) {
        if (current.status === 'True' && current.lastTransitionTime !== undefined) cond = { ...cond, lastTransitionTime: current.lastTransitionTime }
        next = removeCondition(next, PROGRESSING)
      }
      next = setCondition(next, cond)
    } else if (deploymentTimedOut(d, next, nowMs)) {
      next = setCondition(next, newCondition(PROGRESSING, 'False', TIMED_OUT_REASON, `${subject} has timed out progressing.`, nowMs))
    }
  }
  const failure = replicaFailure(allRSs, newRS)
  next = failure !== undefined ? setCondition(next, failure) : removeCondition(next, REPLICA_FAILURE)
  if (deepEqual(d.status ?? {}, next)) return requeueStuck(d, next, nowMs)
  pass.status = next
  return undefined
}

/** `syncDeploymentStatus`: the scaling path's status, with no Progressing estimation. */
export const syncDeploymentStatus = (pass: Pass, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): void => {
  pass.status = calculateStatus(allRSs, newRS, pass.d, pass.nowMs)
}
