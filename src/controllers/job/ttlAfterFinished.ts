import { fromTimestamp } from '../../kernel/brand.js'
import { splitNsName } from '../../model/meta.js'
import { getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE, type ReconcileResult } from '../controller.js'
import { finishedConditionOf } from './conditions.js'
import { type Job, jobKeyOf } from './job.js'

/** `needsCleanup`: a finished Job with `ttlSecondsAfterFinished` set that is not already being deleted. */
const needsCleanup = (job: Job): boolean =>
  job.spec.ttlSecondsAfterFinished !== undefined && finishedConditionOf(job) !== undefined && job.metadata.deletionTimestamp === undefined

/**
 * Mirrors kubernetes pkg/controller/ttlafterfinished `processJob`: once `now ≥ finishTime + ttl`
 * (finishTime = the Complete/Failed condition's lastTransitionTime) delete the Job with Foreground
 * propagation and a uid precondition; before that, requeue for the expiry.
 */
export const reconcileTtlAfterFinished = (job: Job, nowMs: number): ReconcileResult => {
  if (!needsCleanup(job)) return NO_CHANGE
  const finishedMs = fromTimestamp(finishedConditionOf(job)?.lastTransitionTime)
  if (finishedMs === undefined) return NO_CHANGE
  const expireAtMs = finishedMs + (job.spec.ttlSecondsAfterFinished ?? 0) * 1000
  if (nowMs < expireAtMs) return { commands: [], requeueAfterMs: expireAtMs - nowMs }
  const uid = job.metadata.uid
  return {
    commands: [
      {
        verb: 'delete',
        ref: { kind: 'Job', namespace: job.metadata.namespace ?? 'default', name: job.metadata.name ?? '' },
        options: { propagationPolicy: 'Foreground', ...(uid !== undefined ? { preconditions: { uid } } : {}) },
      },
    ],
  }
}

/** The TTL-after-finished controller (`ttlafterfinished` in kube-controller-manager): Job events only. */
export const ttlAfterFinishedController: Controller = {
  name: 'ttlafterfinished',
  actor: 'controller:ttlafterfinished',
  primaryKind: 'Job',
  keysFor: (event) => {
    const o = event.data.object
    return o.kind === 'Job' && event.type !== 'object/deleted' && needsCleanup(o as Job) ? [jobKeyOf(o)] : []
  },
  resyncKeys: (s) => listObjects<Job>(s, 'Job').filter(needsCleanup).map(jobKeyOf),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const job = getObject<Job>(s, 'Job', namespace, name)
    return job === undefined ? NO_CHANGE : reconcileTtlAfterFinished(job, ctx.nowMs)
  },
}
