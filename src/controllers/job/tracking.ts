import type { Pod } from '../../model/pod.js'
import { isPodFailed } from './backoff.js'
import { formatIndexes, parseIndexes } from './indexes.js'
import { isIndexed, type Job, JOB_TRACKING_FINALIZER, type UncountedTerminatedPods } from './job.js'
import { completionIndexOf } from './podFromJob.js'

/** What the finalizer-based tracking decides in one sync. */
export interface Tracking {
  /** `status.succeeded` / `status.failed` after moving uncounted pods whose finalizer is gone. */
  readonly succeeded: number
  readonly failed: number
  /** Counts including every uncounted pod: what the sync's decisions use (`jobCtx.succeeded/failed`). */
  readonly succeededTotal: number
  readonly failedTotal: number
  readonly uncounted: { readonly succeeded: readonly string[]; readonly failed: readonly string[] }
  /** Indexed jobs: the succeeded indexes ("1,3-5"). */
  readonly completedIndexes: string
  /** Pods whose `batch.kubernetes.io/job-tracking` finalizer is to be removed. */
  readonly removeFinalizer: readonly Pod[]
}

export const hasTrackingFinalizer = (p: Pod): boolean => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER)

const uidOf = (p: Pod): string => p.metadata.uid ?? ''

/**
 * `trackJobStatusAndRemoveFinalizers` as a level-triggered fold: uncounted uids whose pod lost its finalizer
 * (or is gone) move into the counts; finished pods still holding the finalizer are added to the uncounted
 * lists and their finalizers are removed. A pod is never counted twice: it is counted either as an uncounted
 * uid or, once its finalizer is gone, in the totals, never both.
 *
 * `jobFinishing`: the job has a terminal or interim condition (every pod may lose its finalizer, and a pod
 * that did not succeed counts as failed); `jobDeleting`: the job is being deleted.
 */
export const trackPods = (
  job: Job,
  pods: readonly Pod[],
  jobFinishing: boolean,
  jobDeleting: boolean,
  ignoredFailure: (p: Pod) => boolean,
): Tracking => {
  const byUid = new Map(pods.map((p) => [uidOf(p), p]))
  const stored: UncountedTerminatedPods = job.status?.uncountedTerminatedPods ?? {}
  const settled = (uid: string): boolean => {
    const p = byUid.get(uid)
    return p === undefined || !hasTrackingFinalizer(p)
  }
  const storedS = stored.succeeded ?? []
  const storedF = stored.failed ?? []
  const keepS = storedS.filter((u) => !settled(u))
  const keepF = storedF.filter((u) => !settled(u))
  let succeeded = (job.status?.succeeded ?? 0) + (storedS.length - keepS.length)
  const failed = (job.status?.failed ?? 0) + (storedF.length - keepF.length)
  const noted = new Set([...keepS, ...keepF])
  const newS: string[] = []
  const newF: string[] = []
  const removeFinalizer: Pod[] = []
  const indexed = isIndexed(job)
  const completions = job.spec.completions ?? 0
  const indexes = indexed ? parseIndexes(job.status?.completedIndexes, completions) : new Set<number>()
  for (const p of pods) {
    if (!hasTrackingFinalizer(p)) continue
    if (noted.has(uidOf(p))) {
      removeFinalizer.push(p)
      continue
    }
    const failedPod = isPodFailed(p, job)
    const succeededPod = p.status?.phase === 'Succeeded'
    if (!(jobDeleting || jobFinishing || succeededPod || failedPod)) continue
    removeFinalizer.push(p)
    if (succeededPod) {
      const ix = completionIndexOf(p)
      if (!indexed) newS.push(uidOf(p))
      else if (ix !== undefined && ix < completions) indexes.add(ix)
    } else if ((failedPod || jobFinishing) && !ignoredFailure(p)) newF.push(uidOf(p))
  }
  if (indexed) succeeded = indexes.size
  const uncounted = { succeeded: [...keepS, ...newS], failed: [...keepF, ...newF] }
  return {
    succeeded,
    failed,
    succeededTotal: indexed ? succeeded : succeeded + uncounted.succeeded.length,
    failedTotal: failed + uncounted.failed.length,
    uncounted,
    completedIndexes: indexed ? formatIndexes(indexes) : '',
    removeFinalizer,
  }
}
