import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import type { Pod, PodSpec, PodTemplateSpec, Toleration } from '../../model/pod.js'
import { NODE_NAME_FIELD, type NodeAffinity, type NodeSelectorRequirement } from '../scheduler/nodeAffinity.js'
import {
  CONTROLLER_REVISION_HASH_LABEL,
  controllerRefFor,
  type DaemonSet,
  nameOf,
  namespaceOf,
  POD_TEMPLATE_GENERATION_LABEL,
} from './daemonSet.js'

// ---- tolerations (util.AddOrUpdateDaemonPodTolerations)

const exists = (key: string, effect: 'NoExecute' | 'NoSchedule'): Toleration => ({ key, operator: 'Exists', effect })

/**
 * The tolerations every daemon pod gets, in upstream's order: not-ready and unreachable NoExecute
 * **without** `tolerationSeconds` (never evicted, stateful-storage-nodes.md §6.3), then the
 * TaintNodesByCondition NoSchedule ones; `network-unavailable` only with `hostNetwork`.
 */
export const daemonTolerations = (hostNetwork: boolean): readonly Toleration[] => [
  exists('node.kubernetes.io/not-ready', 'NoExecute'),
  exists('node.kubernetes.io/unreachable', 'NoExecute'),
  exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
  exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
  ...(hostNetwork ? [exists('node.kubernetes.io/network-unavailable', 'NoSchedule')] : []),
]

/** `Toleration.MatchToleration`: same key, operator, value and effect (an empty operator is Equal). */
const sameToleration = (a: Toleration, b: Toleration): boolean =>
  (a.key ?? '') === (b.key ?? '') &&
  (a.operator || 'Equal') === (b.operator || 'Equal') &&
  (a.value ?? '') === (b.value ?? '') &&
  (a.effect ?? '') === (b.effect ?? '')

/** `AddOrUpdateTolerationInPodSpec` for each daemon toleration: a matching one is replaced in place, else appended. */
export const withDaemonTolerations = (spec: PodSpec): PodSpec => {
  const out = [...(spec.tolerations ?? [])]
  const hostNetwork = (spec as { hostNetwork?: boolean }).hostNetwork === true
  for (const t of daemonTolerations(hostNetwork)) {
    const i = out.findIndex((x) => sameToleration(x, t))
    if (i < 0) out.push(t)
    else if (!deepEqual(out[i], t)) out[i] = t
  }
  return { ...spec, tolerations: out }
}

// ---- node affinity (util.ReplaceDaemonSetPodNodeNameNodeAffinity, util.GetTargetNodeName)

/**
 * The pod's affinity with its required node affinity replaced by one term, `matchFields metadata.name
 * In [node]`: the scheduler binds the pod to that node. Other affinity (preferred, pod affinity) stays.
 */
export const withNodeNameAffinity = (affinity: Record<string, unknown> | undefined, node: string): Record<string, unknown> => {
  const term = { matchFields: [{ key: NODE_NAME_FIELD, operator: 'In', values: [node] }] }
  const nodeAffinity = (affinity?.nodeAffinity ?? {}) as NodeAffinity
  return {
    ...(affinity ?? {}),
    nodeAffinity: {
      ...nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: {
        ...(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}),
        nodeSelectorTerms: [term],
      },
    },
  }
}

/**
 * `GetTargetNodeName`: `spec.nodeName` when bound, else the single `metadata.name In [node]` value of
 * the required node affinity; undefined when neither names one node.
 */
export const targetNodeName = (pod: Pod): string | undefined => {
  if (pod.spec.nodeName) return pod.spec.nodeName
  const terms = (pod.spec.affinity as { nodeAffinity?: NodeAffinity } | undefined)?.nodeAffinity
    ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms
  for (const term of terms ?? []) {
    const f = (term.matchFields ?? []).find((e: NodeSelectorRequirement) => e.key === NODE_NAME_FIELD && e.operator === 'In')
    if (f !== undefined) return f.values?.length === 1 ? f.values[0] : undefined
  }
  return undefined
}

// ---- the pod (util.CreatePodTemplate + controller.GetPodFromTemplate)

/**
 * `CreatePodTemplate`: the set's template with the daemon tolerations, the `pod-template-generation`
 * label (when the set carries its template generation) and the `controller-revision-hash` label.
 */
export const daemonPodTemplate = (ds: DaemonSet, hash: string, generation: number | undefined): PodTemplateSpec => {
  const t = ds.spec.template
  const labels: Record<string, string> = { ...(t.metadata?.labels ?? {}) }
  if (generation !== undefined) labels[POD_TEMPLATE_GENERATION_LABEL] = String(generation)
  if (hash !== '') labels[CONTROLLER_REVISION_HASH_LABEL] = hash
  return { ...t, metadata: { ...(t.metadata ?? {}), labels }, spec: withDaemonTolerations(t.spec) }
}

/** The pod created for `node`: `generateName: <ds>-`, template metadata, the node-name affinity, a controller ref. */
export const daemonPodFor = (ds: DaemonSet, template: PodTemplateSpec, node: string): KObject => {
  const meta = template.metadata ?? {}
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${nameOf(ds)}-`,
      namespace: namespaceOf(ds),
      ...(meta.labels !== undefined ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations !== undefined ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers !== undefined ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [controllerRefFor(ds)],
    },
    spec: { ...template.spec, affinity: withNodeNameAffinity(template.spec.affinity, node) },
  }
}
