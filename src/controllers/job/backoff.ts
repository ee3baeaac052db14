import { fromTimestamp } from '../../kernel/brand.js'
import { podCondition, type Pod } from '../../model/pod.js'
import { type Job, onlyReplaceFailedPods } from './job.js'

/** `DefaultJobPodFailureBackOff`: the first re-creation delay after a failure. */
export const POD_FAILURE_BACKOFF_MS = 10_000
/** `MaxJobPodFailureBackOff`: the cap of the doubling delay (current releases; 6 min before). */
export const POD_FAILURE_BACKOFF_MAX_MS = 600_000

interface TerminatedState {
  readonly terminated?: { readonly finishedAt?: string; readonly exitCode?: number }
}

const containerStates = (p: Pod): TerminatedState[] =>
  (p.status?.containerStatuses ?? []).map((c) => (c.state ?? {}) as TerminatedState)

/**
 * `getFinishedTime`: the latest container `finishedAt` when every container terminated, else the
 * Ready=False transition, else `deletionTimestamp − grace`, else `creationTimestamp`.
 */
export const finishedTimeMs = (p: Pod): number => {
  const states = containerStates(p)
  if (states.length > 0 && states.every((s) => s.terminated !== undefined)) {
    const times = states.map((s) => fromTimestamp(s.terminated?.finishedAt))
    if (times.every((t) => t !== undefined)) return Math.max(...(times as number[]))
  }
  const ready = podCondition(p, 'Ready')
  if (ready?.status === 'False') {
    const t = fromTimestamp(ready.lastTransitionTime)
    if (t !== undefined) return t
  }
  const deleted = fromTimestamp(p.metadata.deletionTimestamp)
  if (deleted !== undefined) return deleted - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000
  return fromTimestamp(p.metadata.creationTimestamp ?? undefined) ?? 0
}

/**
 * `isPodFailed`: phase Failed; with the default podReplacementPolicy (TerminatingOrFailed) a pod being
 * deleted that did not succeed counts as failed too, so that orphaned terminating pods are counted.
 */
export const isPodFailed = (p: Pod, job: Job): boolean => {
  if (p.status?.phase === 'Failed') return true
  if (onlyReplaceFailedPods(job)) return false
  return p.metadata.deletionTimestamp !== undefined && p.status?.phase !== 'Succeeded'
}

/** The back-off record upstream keeps in memory, recomputed from the finished pods still stored. */
export interface BackoffRecord {
  readonly failuresAfterLastSuccess: number
  readonly lastFailureMs?: number
}

/**
 * `newBackoffRecord` folded over every finished pod in finish-time order: a success resets the count, a
 * failure finished after the last success adds one and moves the last failure time.
 */
export const backoffRecordOf = (pods: readonly Pod[], job: Job, ignored: (p: Pod) => boolean): BackoffRecord => {
  let lastSuccessMs = -Infinity
  for (const p of pods) if (p.status?.phase === 'Succeeded') lastSuccessMs = Math.max(lastSuccessMs, finishedTimeMs(p))
  let failures = 0
  let lastFailureMs: number | undefined
  for (const p of pods) {
    if (!isPodFailed(p, job) || ignored(p)) continue
    const t = finishedTimeMs(p)
    if (t <= lastSuccessMs) continue
    failures++
    if (lastFailureMs === undefined || t > lastFailureMs) lastFailureMs = t
  }
  return lastFailureMs === undefined ? { failuresAfterLastSuccess: failures } : { failuresAfterLastSuccess: failures, lastFailureMs }
}

/** `getRemainingTimeForFailuresCount`: 10 s × 2^(n−1), capped at 10 min, less the time since the last failure. */
export const backoffRemainingMs = (record: BackoffRecord, nowMs: number): number => {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureMs === undefined) return 0
  let delay = POD_FAILURE_BACKOFF_MS
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    delay *= 2
    if (delay >= POD_FAILURE_BACKOFF_MAX_MS) {
      delay = POD_FAILURE_BACKOFF_MAX_MS
      break
    }
  }
  const elapsed = nowMs - record.lastFailureMs
  return delay < elapsed ? 0 : delay - elapsed
}
