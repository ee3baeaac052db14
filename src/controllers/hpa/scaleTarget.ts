import type { HorizontalPodAutoscaler } from '../../api/kinds/hpa.js'
import { resourceForKind } from '../../model/resources.js'
import type { KObject } from '../../model/meta.js'
import { fromLabelSelector, fromMap, type LabelSelector, type Selector } from '../../model/selector.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'

/** Kinds with a `/scale` subresource in Reel. */
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'])

/** The target's `/scale` as the HPA reads it: `spec.replicas` and the pod selector. */
export interface Scale {
  readonly object: KObject
  readonly specReplicas: number
  readonly selector: Selector
}

/** The `/scale` of the HPA's target, or upstream's error text (`deployments.apps "web" not found`). */
export const getScale = (s: ClusterState, hpa: HorizontalPodAutoscaler): Scale | string => {
  const ref = hpa.spec.scaleTargetRef
  const rt = resourceForKind(ref.kind)
  const group = (ref.apiVersion ?? '').includes('/') ? (ref.apiVersion ?? '').split('/')[0]! : ''
  if (rt === undefined || !SCALABLE.has(ref.kind)) return `unable to determine resource for scale target reference: no matches for kind "${ref.kind}" in group "${group}"`
  const o = getObject(s, ref.kind, hpa.metadata.namespace, ref.name)
  if (o === undefined) return `${rt.plural}${rt.group ? `.${rt.group}` : ''} "${ref.name}" not found`
  const spec = (o.spec as { replicas?: number; selector?: unknown } | undefined) ?? {}
  const selector =
    ref.kind === 'ReplicationController'
      ? fromMap(spec.selector as Record<string, string> | undefined)
      : fromLabelSelector(spec.selector as LabelSelector | undefined)
  return { object: o, specReplicas: spec.replicas ?? 1, selector: typeof selector === 'string' ? null : selector }
}
