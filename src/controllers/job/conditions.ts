import { toTimestamp } from '../../kernel/brand.js'
import type { Job, JobCondition } from './job.js'

/** Upstream's condition messages and reasons (pkg/controller/job). */
export const BACKOFF_LIMIT_EXCEEDED = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }
export const DEADLINE_EXCEEDED = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }
export const COMPLETIONS_REACHED = { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }
export const POD_FAILURE_POLICY = 'PodFailurePolicy'

/** `newCondition`: probe and transition time are both now. */
export const newCondition = (type: string, status: string, reason: string, message: string, nowMs: number): JobCondition => {
  const ts = toTimestamp(nowMs)
  return { type, status, lastProbeTime: ts, lastTransitionTime: ts, reason, message }
}

export const findCondition = (job: Job, type: string): JobCondition | undefined =>
  job.status?.conditions?.find((c) => c.type === type)

const isTrue = (job: Job, type: string): boolean => findCondition(job, type)?.status === 'True'

/** `IsJobFinished`: a Complete or Failed condition with status True. */
export const finishedConditionOf = (job: Job): JobCondition | undefined =>
  job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')

/**
 * The terminal condition an earlier sync already decided on: `SuccessCriteriaMet` becomes `Complete`,
 * `FailureTarget` becomes `Failed`, each keeping its reason and message (`newFailedConditionForFailureTarget`).
 */
export const pendingTerminalCondition = (job: Job, nowMs: number): JobCondition | undefined => {
  const target = isTrue(job, 'FailureTarget') ? findCondition(job, 'FailureTarget') : undefined
  if (target) return newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', nowMs)
  const met = isTrue(job, 'SuccessCriteriaMet') ? findCondition(job, 'SuccessCriteriaMet') : undefined
  if (met) return newCondition('Complete', 'True', met.reason ?? '', met.message ?? '', nowMs)
  return undefined
}

/**
 * `ensureJobConditionStatus`: replace a condition whose status, reason or message differ; add a missing
 * one unless its status would be False. Returns the list unchanged (same reference) when nothing changes.
 */
export const ensureCondition = (
  list: readonly JobCondition[],
  type: string,
  status: string,
  reason: string,
  message: string,
  nowMs: number,
): readonly JobCondition[] => {
  const i = list.findIndex((c) => c.type === type)
  if (i >= 0) {
    const c = list[i]!
    if (c.status === status && c.reason === reason && c.message === message) return list
    return list.map((x, j) => (j === i ? newCondition(type, status, reason, message, nowMs) : x))
  }
  return status === 'False' ? list : [...list, newCondition(type, status, reason, message, nowMs)]
}

/** Appends `c` unless a condition of its type is already present (interim conditions are set once). */
export const withCondition = (list: readonly JobCondition[], c: JobCondition): readonly JobCondition[] =>
  list.some((x) => x.type === c.type) ? list : [...list, c]
