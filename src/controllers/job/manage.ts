import type { Pod } from '../../model/pod.js'
import { compareForDeletion } from '../replicaSet/podRanking.js'
import type { ControllerCommand } from '../controller.js'
import { backoffRemainingMs, type BackoffRecord } from './backoff.js'
import { isIndexed, isSuspended, type Job, onlyReplaceFailedPods, parallelismOf } from './job.js'
import { completionIndexOf, podFromJob } from './podFromJob.js'

/** `MaxPodCreateDeletePerSync`: at most this many creates or deletes per sync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500

/** What `manageJob` did: its writes, the active count it leaves, and a requeue for the back-off. */
export interface Managed {
  readonly commands: ControllerCommand[]
  readonly active: number
  readonly deleted: number
  readonly requeueAfterMs?: number
}

/** The facts of one sync that `manageJob` reads. */
export interface ManageInput {
  readonly active: readonly Pod[]
  /** Pods being deleted that have not finished (counted only with podReplacementPolicy Failed). */
  readonly terminating: number
  readonly succeeded: number
  readonly succeededIndexes: ReadonlySet<number>
  readonly backoff: BackoffRecord
  readonly nowMs: number
}

const involvedOf = (job: Job) => ({ kind: 'Job', namespace: job.metadata.namespace ?? 'default', name: job.metadata.name ?? '' })

/** `deleteJobPods`: one delete per pod, each recording `SuccessfulDelete`. */
export const deletePods = (job: Job, pods: readonly Pod[]): ControllerCommand[] =>
  pods.map((p) => ({
    verb: 'delete' as const,
    ref: { kind: 'Pod', namespace: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '' },
    record: { type: 'Normal' as const, reason: 'SuccessfulDelete', message: `Deleted pod: ${p.metadata.name ?? ''}`, involved: involvedOf(job) },
  }))

const createPod = (job: Job, index?: number): ControllerCommand => ({
  verb: 'create',
  object: podFromJob(job, index),
  record: { type: 'Normal', reason: 'SuccessfulCreate', message: 'Created pod: {name}', involved: involvedOf(job) },
})

/** `activePodsForRemoval`: the `n` pods least worth keeping, by the controller's deletion ranking. */
const forRemoval = (pods: readonly Pod[], n: number, nowMs: number): Pod[] =>
  n <= 0 ? [] : [...pods].sort((a, b) => compareForDeletion(a, b, () => 0, nowMs)).slice(0, n)

/** The active pods an Indexed job must drop: no valid index, an index already succeeded, or a duplicate. */
const indexedExtras = (job: Job, active: readonly Pod[], succeeded: ReadonlySet<number>, nowMs: number): Pod[] => {
  const completions = job.spec.completions ?? 0
  const extras: Pod[] = []
  const byIndex = new Map<number, Pod[]>()
  for (const p of active) {
    const ix = completionIndexOf(p)
    if (ix === undefined || ix >= completions || succeeded.has(ix)) extras.push(p)
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p])
  }
  for (const group of byIndex.values()) if (group.length > 1) extras.push(...forRemoval(group, group.length - 1, nowMs))
  return extras
}

/** `firstPendingIndexes`: the lowest `n` indexes neither succeeded nor held by an active pod. */
const pendingIndexes = (job: Job, held: readonly Pod[], succeeded: ReadonlySet<number>, n: number): number[] => {
  const taken = new Set(succeeded)
  for (const p of held) {
    const ix = completionIndexOf(p)
    if (ix !== undefined) taken.add(ix)
  }
  const out: number[] = []
  for (let ix = 0; ix < (job.spec.completions ?? 0) && out.length < n; ix++) if (!taken.has(ix)) out.push(ix)
  return out
}

/** The number of active pods the job wants (`wantActive`, reference §8.2). */
export const wantActiveOf = (job: Job, active: number, succeeded: number): number => {
  if (isSuspended(job)) return 0
  const parallelism = parallelismOf(job)
  if (job.spec.completions === undefined) return succeeded > 0 ? active : parallelism
  return Math.max(0, Math.min(parallelism, job.spec.completions - succeeded))
}

/**
 * Mirrors kubernetes pkg/controller/job `manageJob`: delete active pods beyond the target (all of them
 * when suspended), then create the missing ones — unless the pod-failure back-off has not expired, in
 * which case it asks to be requeued when it does.
 */
export const manageJob = (job: Job, input: ManageInput): Managed => {
  const { nowMs } = input
  let active = input.active.length
  const want = wantActiveOf(job, active, input.succeeded)
  const extras = isIndexed(job) ? indexedExtras(job, input.active, input.succeededIndexes, nowMs) : []
  const rest = input.active.filter((p) => !extras.includes(p))
  const victims = [...extras, ...forRemoval(rest, rest.length - want, nowMs)].slice(0, MAX_POD_CREATE_DELETE_PER_SYNC)
  const commands = deletePods(job, victims)
  active -= victims.length
  if (isSuspended(job)) return { commands, active, deleted: victims.length }
  const terminating = onlyReplaceFailedPods(job) ? input.terminating + victims.length : 0
  const diff = Math.min(want - terminating - active, MAX_POD_CREATE_DELETE_PER_SYNC)
  if (diff <= 0) return { commands, active, deleted: victims.length }
  const remaining = backoffRemainingMs(input.backoff, nowMs)
  if (remaining > 0) return { commands, active, deleted: victims.length, requeueAfterMs: remaining }
  const kept = input.active.filter((p) => !victims.includes(p))
  const creates = isIndexed(job)
    ? pendingIndexes(job, kept, input.succeededIndexes, diff).map((ix) => createPod(job, ix))
    : Array.from({ length: diff }, () => createPod(job))
  commands.push(...creates)
  return { commands, active: active + creates.length, deleted: victims.length }
}
