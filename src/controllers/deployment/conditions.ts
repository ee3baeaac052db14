import { toTimestamp } from '../../kernel/brand.js'
import type { Deployment } from '../../model/workloads.js'

/** `apps/v1` DeploymentStatus and one of its conditions. */
export type DeploymentStatus = NonNullable<Deployment['status']>
export type DeploymentCondition = NonNullable<DeploymentStatus['conditions']>[number]

// ---- reasons (`deploymentutil`)

/** Condition types of a Deployment. */
export const PROGRESSING = 'Progressing'
export const AVAILABLE = 'Available'
export const REPLICA_FAILURE = 'ReplicaFailure'

/** Condition reasons (`deploymentutil`), quoted exactly: they are part of what kubectl shows. */
export const NEW_RS_REASON = 'NewReplicaSetCreated'
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet'
export const RS_UPDATED_REASON = 'ReplicaSetUpdated'
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable'
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded'
export const PAUSED_REASON = 'DeploymentPaused'
export const RESUMED_REASON = 'DeploymentResumed'
export const MIN_AVAILABLE_REASON = 'MinimumReplicasAvailable'
export const MIN_UNAVAILABLE_REASON = 'MinimumReplicasUnavailable'

/** `NewDeploymentCondition`: both times are now (RFC 3339 of the virtual clock). */
export const newCondition = (
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  nowMs: number,
): DeploymentCondition => {
  const now = toTimestamp(nowMs)
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message }
}

/** `GetDeploymentCondition`. */
export const getCondition = (status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined =>
  status?.conditions?.find((c) => c.type === type)

/** `RemoveDeploymentCondition`: the status without conditions of `type` (no `conditions` key when none is left). */
export const removeCondition = (status: DeploymentStatus, type: string): DeploymentStatus => {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type)
  const { conditions: _c, ...others } = status
  return rest.length > 0 ? { ...others, conditions: rest } : others
}

/**
 * `SetDeploymentCondition` (workloads.md §7.2): a condition with the same status and reason is left
 * alone; the same status with another reason keeps the old lastTransitionTime; the new entry always goes
 * to the end of the list.
 */
export const setCondition = (status: DeploymentStatus, condition: DeploymentCondition): DeploymentStatus => {
  const current = getCondition(status, condition.type)
  if (current !== undefined && current.status === condition.status && current.reason === condition.reason) return status
  const next =
    current !== undefined && current.status === condition.status && current.lastTransitionTime !== undefined
      ? { ...condition, lastTransitionTime: current.lastTransitionTime }
      : condition
  return { ...status, conditions: [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next] }
}

// ---- progress deadline

/** The largest int32: a progressDeadlineSeconds or revisionHistoryLimit of this value means "none". */
export const MAX_INT32 = 2147483647

/** `HasProgressDeadline`: set and not MaxInt32. */
export const hasProgressDeadline = (d: Deployment): boolean =>
  d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== MAX_INT32

/**
 * `checkPausedConditions` (workloads.md §7.3): Progressing Unknown `DeploymentPaused` while paused,
 * `DeploymentResumed` once resumed; a timed-out deployment is left alone.
 */
export const checkPausedConditions = (d: Deployment, status: DeploymentStatus, nowMs: number): DeploymentStatus => {
  if (!hasProgressDeadline(d)) return status
  const cond = getCondition(status, PROGRESSING)
  if (cond?.reason === TIMED_OUT_REASON) return status
  const pausedCondExists = cond?.reason === PAUSED_REASON
  if (d.spec.paused === true && !pausedCondExists)
    return setCondition(status, newCondition(PROGRESSING, 'Unknown', PAUSED_REASON, 'Deployment is paused', nowMs))
  if (d.spec.paused !== true && pausedCondExists)
    return setCondition(status, newCondition(PROGRESSING, 'Unknown', RESUMED_REASON, 'Deployment is resumed', nowMs))
  return status
}
