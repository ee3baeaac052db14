import type { KObject } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { JOB_COMPLETION_INDEX, JOB_TRACKING_FINALIZER, type Job } from './job.js'

type Json = Record<string, unknown>

/** The env var every container of an Indexed job's pod gets, read from the index annotation. */
const indexEnv = {
  name: 'JOB_COMPLETION_INDEX',
  valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX}']` } },
}

/** `getCompletionIndex`: the pod's index from its annotation (then label), or undefined when absent or invalid. */
export const completionIndexOf = (p: Pod): number | undefined => {
  const raw = p.metadata.annotations?.[JOB_COMPLETION_INDEX] ?? p.metadata.labels?.[JOB_COMPLETION_INDEX]
  if (raw === undefined || !/^(0|[1-9][0-9]*)$/.test(raw)) return undefined
  return Number(raw)
}

/**
 * `GetPodFromTemplate` for a Job plus what the job controller adds: the controller reference (controller,
 * blockOwnerDeletion), the `batch.kubernetes.io/job-tracking` finalizer, and for an Indexed job the index
 * annotation and label, `JOB_COMPLETION_INDEX`, hostname `<job>-<index>` and generateName `<job>-<index>-`.
 */
export const podFromJob = (job: Job, index?: number): KObject => {
  const meta = job.spec.template.metadata ?? {}
  const name = job.metadata.name ?? ''
  const indexed = index !== undefined
  const labels = { ...(meta.labels ?? {}), ...(indexed ? { [JOB_COMPLETION_INDEX]: String(index) } : {}) }
  const annotations = { ...(meta.annotations ?? {}), ...(indexed ? { [JOB_COMPLETION_INDEX]: String(index) } : {}) }
  const spec = job.spec.template.spec as unknown as Json
  const podSpec: Json = indexed
    ? {
        ...spec,
        ...(spec.hostname === undefined ? { hostname: `${name}-${index}` } : {}),
        containers: ((spec.containers as Json[] | undefined) ?? []).map((c) => ({
          ...c,
          env: [...((c.env as Json[] | undefined) ?? []), indexEnv],
        })),
      }
    : spec
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: indexed ? `${name}-${index}-` : `${name}-`,
      namespace: job.metadata.namespace ?? 'default',
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      finalizers: [...(meta.finalizers ?? []), JOB_TRACKING_FINALIZER],
      ownerReferences: [
        { apiVersion: job.apiVersion, kind: 'Job', name, uid: job.metadata.uid ?? '', controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: podSpec,
  }
}
