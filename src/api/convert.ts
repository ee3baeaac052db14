import type { KObject } from '../model/meta.js'
import { hpaFromV1, isHpaV1 } from './hpaV1.js'
import { secretFromStringData } from './kinds/secret.js'

const MAX_INT32 = 2147483647

const APPS_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'])

/** apiVersions Reel converts to the storage version on write. */
export const LEGACY_VERSIONS = new Set(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'])

type Json = Record<string, unknown>

/**
 * Converts a workload written in an old apiVersion to `apps/v1`, applying the defaults of the version it
 * was written in first, as the API server does (defaulting happens in the request's version, then the
 * object is converted to the storage version):
 * - `extensions/v1beta1` and `apps/v1beta1` default a missing `spec.selector` to the template labels;
 * - `extensions/v1beta1` Deployments default `maxSurge`/`maxUnavailable` to 1 and have no progress
 *   deadline or history limit (MaxInt32);
 * - `apps/v1beta1` Deployments keep 2 old ReplicaSets (`revisionHistoryLimit: 2`).
 * An autoscaling/v1 HorizontalPodAutoscaler becomes autoscaling/v2 (`hpaV1.ts`).
 * Returns the object unchanged when it is neither.
 */
export const convertToStorageVersion = (o: KObject): KObject => {
  if (isHpaV1(o)) return hpaFromV1(o)
  if (o.kind === 'Secret') return secretFromStringData(o)
  if (!LEGACY_VERSIONS.has(o.apiVersion) || !APPS_KINDS.has(o.kind)) return o
  const from = o.apiVersion
  const spec = { ...((o.spec as Json | undefined) ?? {}) }
  const templateLabels = ((spec.template as Json | undefined)?.metadata as Json | undefined)?.labels as
    | Record<string, string>
    | undefined
  if (from !== 'apps/v1beta2' && spec.selector === undefined && templateLabels !== undefined)
    spec.selector = { matchLabels: { ...templateLabels } }
  if (o.kind === 'Deployment') {
    if (from === 'extensions/v1beta1') {
      const strategy = { ...((spec.strategy as Json | undefined) ?? {}) }
      if (strategy.type === undefined) strategy.type = 'RollingUpdate'
      if (strategy.type === 'RollingUpdate') {
        const ru = { ...((strategy.rollingUpdate as Json | undefined) ?? {}) }
        if (ru.maxSurge === undefined) ru.maxSurge = 1
        if (ru.maxUnavailable === undefined) ru.maxUnavailable = 1
        strategy.rollingUpdate = ru
      }
      spec.strategy = strategy
      if (spec.progressDeadlineSeconds === undefined) spec.progressDeadlineSeconds = MAX_INT32
      if (spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = MAX_INT32
    }
    if (from === 'apps/v1beta1' && spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = 2
  }
  const labels = o.metadata.labels ?? (from !== 'apps/v1beta2' ? templateLabels : undefined)
  return {
    ...o,
    apiVersion: 'apps/v1',
    metadata: labels === undefined ? o.metadata : { ...o.metadata, labels: { ...labels } },
    spec,
  }
}
