import { fromTimestamp, toTimestamp } from '../../kernel/brand.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import { isPodActive, isPodReady, type Pod } from '../../model/pod.js'
import { type ClusterState, selectOwnedBy } from '../../state/clusterState.js'
import type { ControllerCommand, ReconcileContext, ReconcileResult, RecordedEvent } from '../controller.js'
import { backoffRecordOf } from './backoff.js'
import {
  BACKOFF_LIMIT_EXCEEDED,
  COMPLETIONS_REACHED,
  DEADLINE_EXCEEDED,
  ensureCondition,
  finishedConditionOf,
  newCondition,
  pendingTerminalCondition,
  POD_FAILURE_POLICY,
  withCondition,
} from './conditions.js'
import { backoffLimitOf, isIndexed, isSuspended, type Job, type JobCondition, type JobStatus, JOB_TRACKING_FINALIZER } from './job.js'
import { deletePods, manageJob } from './manage.js'
import { failJobMessage, isIgnoredFailure } from './podFailurePolicy.js'
import { parseIndexes } from './indexes.js'
import { hasTrackingFinalizer, trackPods } from './tracking.js'

/** The pods the job controls (its controllerRef names the job's uid), from the owner index. */
export const ownedPods = (s: ClusterState, job: Job): Pod[] =>
  selectOwnedBy<Pod>(s, job.metadata.uid ?? '').filter(
    (p) => p.kind === 'Pod' && p.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === job.metadata.uid) === true,
  )

/** Removes the `batch.kubernetes.io/job-tracking` finalizer with a merge patch of the remaining list. */
export const removeFinalizerCommands = (pods: readonly Pod[]): ControllerCommand[] =>
  pods.map((p) => {
    const rest = (p.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER)
    return {
      verb: 'patch' as const,
      ref: { kind: 'Pod', namespace: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '' },
      patch: { metadata: { finalizers: rest.length > 0 ? rest : null } },
    }
  })

const isTerminating = (p: Pod): boolean =>
  p.metadata.deletionTimestamp !== undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed'

/** `pastBackoffLimitOnFailure`: with restartPolicy OnFailure, container restarts of running pods count as failures. */
const pastBackoffLimitOnFailure = (job: Job, pods: readonly Pod[]): boolean => {
  if (job.spec.template.spec.restartPolicy !== 'OnFailure') return false
  let restarts = 0
  for (const p of pods) {
    if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue
    for (const c of p.status.containerStatuses ?? []) restarts += c.restartCount
  }
  const limit = backoffLimitOf(job)
  return limit === 0 ? restarts > 0 : restarts >= limit
}

/** The failure this sync decides on (`FailureTarget`), or a requeue for the deadline. */
const decideFailure = (job: Job, pods: readonly Pod[], failed: number, startMs: number | undefined, nowMs: number): { target?: JobCondition; requeueAfterMs?: number } => {
  const message = failJobMessage(job, pods)
  if (message !== undefined) return { target: newCondition('FailureTarget', 'True', POD_FAILURE_POLICY, message, nowMs) }
  if (failed > backoffLimitOf(job) || pastBackoffLimitOnFailure(job, pods))
    return { target: newCondition('FailureTarget', 'True', BACKOFF_LIMIT_EXCEEDED.reason, BACKOFF_LIMIT_EXCEEDED.message, nowMs) }
  const ads = job.spec.activeDeadlineSeconds
  if (ads === undefined || startMs === undefined || isSuspended(job)) return {}
  const left = ads * 1000 - (nowMs - startMs)
  if (left <= 0) return { target: newCondition('FailureTarget', 'True', DEADLINE_EXCEEDED.reason, DEADLINE_EXCEEDED.message, nowMs) }
  return { requeueAfterMs: left }
}

const terminalEvent = (c: JobCondition): RecordedEvent =>
  c.type === 'Complete'
    ? { type: 'Normal', reason: 'Completed', message: 'Job completed' }
    : { type: 'Warning', reason: c.reason ?? '', message: c.message ?? '' }

const minDefined = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b)

/**
 * Mirrors kubernetes pkg/controller/job `syncJob`: count finished pods through the tracking finalizer,
 * decide failure (pod failure policy, backoff limit, deadline) or success, delete the remaining active pods
 * of a finishing job or else run `manageJob`, then write status. Interim conditions (FailureTarget,
 * SuccessCriteriaMet) come first; Failed/Complete follow once no pod is uncounted or terminating.
 */
export const reconcileJob = (s: ClusterState, job: Job, ctx: ReconcileContext): ReconcileResult => {
  const { nowMs } = ctx
  const pods = ownedPods(s, job)
  if (finishedConditionOf(job) !== undefined) return { commands: removeFinalizerCommands(pods.filter(hasTrackingFinalizer)) }
  const deleting = job.metadata.deletionTimestamp !== undefined
  const ignored = (p: Pod): boolean => isIgnoredFailure(job, p)
  const activePods = pods.filter(isPodActive)
  let terminating = pods.filter(isTerminating).length
  const previous = pendingTerminalCondition(job, nowMs)
  let tracking = trackPods(job, pods, previous !== undefined, deleting, ignored)
  let startTime = job.status?.startTime ?? (isSuspended(job) ? undefined : toTimestamp(nowMs))
  let conditions: readonly JobCondition[] = job.status?.conditions ?? []
  let record: RecordedEvent | undefined
  let requeueAfterMs: number | undefined
  let interim: JobCondition | undefined
  if (previous === undefined) {
    const failure = decideFailure(job, pods, tracking.failedTotal, fromTimestamp(startTime), nowMs)
    interim = failure.target
    requeueAfterMs = failure.requeueAfterMs
  }
  const commands: ControllerCommand[] = []
  let active = activePods.length
  let ready = activePods.filter(isPodReady).length
  if (previous !== undefined || interim !== undefined) {
    commands.push(...deletePods(job, activePods))
    terminating += activePods.length
    active = 0
    ready = 0
  } else {
    if (!deleting) {
      const succeededIndexes = isIndexed(job) ? parseIndexes(tracking.completedIndexes, job.spec.completions ?? 0) : new Set<number>()
      const managed = manageJob(job, {
        active: activePods,
        terminating,
        succeeded: tracking.succeededTotal,
        succeededIndexes,
        backoff: backoffRecordOf(pods, job, ignored),
        nowMs,
      })
      commands.push(...managed.commands)
      active = managed.active
      terminating += managed.deleted
      requeueAfterMs = minDefined(requeueAfterMs, managed.requeueAfterMs)
    }
    const completions = job.spec.completions
    const complete = completions === undefined ? tracking.succeededTotal > 0 && active === 0 : tracking.succeededTotal >= completions && active === 0
    if (complete) interim = newCondition('SuccessCriteriaMet', 'True', COMPLETIONS_REACHED.reason, COMPLETIONS_REACHED.message, nowMs)
    else if (!deleting) {
      const before = conditions
      if (isSuspended(job)) {
        conditions = ensureCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', nowMs)
        if (conditions !== before) record = { type: 'Normal', reason: 'Suspended', message: 'Job suspended' }
      } else {
        conditions = ensureCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', nowMs)
        if (conditions !== before) {
          record = { type: 'Normal', reason: 'Resumed', message: 'Job resumed' }
          startTime = toTimestamp(nowMs)
        }
      }
    }
  }
  if (interim !== undefined) {
    conditions = withCondition(conditions, interim)
    tracking = trackPods(job, pods, true, deleting, ignored)
  }
  const terminal = previous ?? (interim ? pendingTerminalCondition({ ...job, status: { conditions } }, nowMs) : undefined)
  let completionTime = job.status?.completionTime
  const uncounted = tracking.uncounted.succeeded.length + tracking.uncounted.failed.length
  if (terminal !== undefined && uncounted === 0 && terminating === 0) {
    conditions = ensureCondition(conditions, terminal.type, 'True', terminal.reason ?? '', terminal.message ?? '', nowMs)
    if (terminal.type === 'Complete') completionTime = toTimestamp(nowMs)
    record = terminalEvent(terminal)
    requeueAfterMs = undefined
  }
  const status: JobStatus = {
    ...(startTime !== undefined ? { startTime } : {}),
    ...(completionTime !== undefined ? { completionTime } : {}),
    ...(active > 0 ? { active } : {}),
    ready,
    ...(tracking.succeeded > 0 ? { succeeded: tracking.succeeded } : {}),
    ...(tracking.failed > 0 ? { failed: tracking.failed } : {}),
    terminating,
    ...(tracking.completedIndexes !== '' ? { completedIndexes: tracking.completedIndexes } : {}),
    uncountedTerminatedPods: {
      ...(tracking.uncounted.succeeded.length > 0 ? { succeeded: tracking.uncounted.succeeded } : {}),
      ...(tracking.uncounted.failed.length > 0 ? { failed: tracking.uncounted.failed } : {}),
    },
    ...(conditions.length > 0 ? { conditions } : {}),
  }
  if (!deepEqual(status, job.status ?? {}))
    commands.push({ verb: 'updateStatus', object: { ...job, status } as KObject, ...(record !== undefined ? { record } : {}) })
  commands.push(...removeFinalizerCommands(tracking.removeFinalizer))
  return requeueAfterMs === undefined ? { commands } : { commands, requeueAfterMs }
}
