import type { ObjectEvent } from '../../log/events.js'
import { controllerRefOf, splitNsName } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { type ClusterState, getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE, type ReconcileResult } from '../controller.js'
import { type Job, jobKeyOf } from './job.js'
import { reconcileJob, removeFinalizerCommands } from './reconcile.js'
import { hasTrackingFinalizer } from './tracking.js'

/**
 * The job informers' handlers as `keysFor`: a Job event dirties the job; a pod event dirties the Job its
 * controllerRef names (before and after the change), whether or not that Job still exists.
 */
export const jobKeysFor = (event: ObjectEvent): string[] => {
  const o = event.data.object
  if (o.kind === 'Job') return [jobKeyOf(o)]
  if (o.kind !== 'Pod') return []
  const ref = controllerRefOf(o)
  return ref?.kind === 'Job' ? [`${o.metadata.namespace ?? ''}/${ref.name}`] : []
}

/**
 * `cleanupPodFinalizers` for pods whose Job is gone: their
 * tracking finalizer would otherwise keep them forever. No index names them by a deleted owner's name,
 * so this rare path reads the namespace's pods.
 */
const cleanupOrphans = (s: ClusterState, namespace: string, name: string): ReconcileResult => {
  const stale = listObjects<Pod>(s, 'Pod', namespace).filter((p) => {
    const ref = controllerRefOf(p)
    return ref?.kind === 'Job' && ref.name === name && hasTrackingFinalizer(p)
  })
  return stale.length === 0 ? NO_CHANGE : { commands: removeFinalizerCommands(stale) }
}

/** The Job controller (`job` in kube-controller-manager). */
export const jobController: Controller = {
  name: 'job',
  actor: 'controller:job',
  primaryKind: 'Job',
  keysFor: jobKeysFor,
  resyncKeys: (s) => listObjects(s, 'Job').map(jobKeyOf),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const job = getObject<Job>(s, 'Job', namespace, name)
    return job === undefined ? cleanupOrphans(s, namespace, name) : reconcileJob(s, job, ctx)
  },
}
