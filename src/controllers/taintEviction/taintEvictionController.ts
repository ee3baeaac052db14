import { fromTimestamp, toTimestamp } from '../../kernel/brand.js'
import type { Node, Taint } from '../../model/cluster.js'
import { splitNsName } from '../../model/meta.js'
import type { Pod, Toleration } from '../../model/pod.js'
import { toleratesTaint } from '../../model/tolerations.js'
import { type ClusterState, getObject, listObjects, selectPodsOnNode } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE, type ReconcileResult } from '../controller.js'
import { UNREACHABLE } from '../nodeLifecycle/nodeLifecycleController.js'

const keyOfPod = (p: Pod): string => `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`

/**
 * When a pod on a node with NoExecute taints must go: now if some taint is not tolerated, at the earliest
 * `timeAdded + tolerationSeconds` over the tolerating tolerations, or never (undefined).
 */
export const evictionAtMs = (taints: readonly Taint[], tolerations: readonly Toleration[] | undefined, nowMs: number): number | undefined => {
  let at: number | undefined
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue
    const matching = (tolerations ?? []).filter((t) => toleratesTaint(t, taint))
    if (matching.length === 0) return nowMs
    const seconds = matching.map((t) => t.tolerationSeconds).filter((x): x is number => x !== undefined)
    if (seconds.length === 0) continue
    const added = fromTimestamp(taint.timeAdded) ?? nowMs
    const due = added + Math.max(0, Math.min(...seconds)) * 1000
    if (at === undefined || due < at) at = due
  }
  return at
}

/**
 * Mirrors the taint-eviction-controller (pkg/controller/tainteviction): pods on a node with NoExecute
 * taints are deleted (gracefully) at once when they do not tolerate one, or when their
 * `tolerationSeconds` run out. A pod evicted from an unreachable node is marked `NodeLost`, so kubectl
 * shows it as Unknown while no kubelet is left to finish its deletion.
 */
export const reconcileEviction = (s: ClusterState, pod: Pod, nowMs: number): ReconcileResult => {
  if (pod.metadata.deletionTimestamp !== undefined || !pod.spec.nodeName) return NO_CHANGE
  const node = getObject<Node>(s, 'Node', undefined, pod.spec.nodeName)
  const taints = node?.spec?.taints ?? []
  const at = evictionAtMs(taints, pod.spec.tolerations, nowMs)
  if (at === undefined) return NO_CHANGE
  if (nowMs < at) return { commands: [], requeueAfterMs: at - nowMs }
  const ref = { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '' }
  const lost = taints.some((t) => t.key === UNREACHABLE && t.effect === 'NoExecute')
  const disruption = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: toTimestamp(nowMs), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }
  const status = {
    ...pod.status,
    ...(lost ? { reason: 'NodeLost', message: `Node ${pod.spec.nodeName} which was running pod ${pod.metadata.name ?? ''} is unresponsive` } : {}),
    conditions: [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), disruption],
  }
  return {
    commands: [
      { verb: 'updateStatus', object: { ...pod, status } },
      { verb: 'delete', ref, record: { type: 'Normal', reason: 'TaintManagerEviction', message: `Marking for deletion Pod ${ref.namespace}/${ref.name}`, involved: ref } },
    ],
  }
}

export const taintEvictionController: Controller = {
  name: 'taint-eviction',
  actor: 'controller:taint-eviction-controller',
  primaryKind: 'Pod',
  keysFor: (event, before) => {
    const o = event.data.object
    if (o.kind === 'Pod') return event.type !== 'object/deleted' && (o as Pod).spec.nodeName ? [keyOfPod(o as Pod)] : []
    if (o.kind !== 'Node' || event.type === 'object/deleted') return []
    const old = getObject<Node>(before, 'Node', undefined, o.metadata.name ?? '')
    const noExecute = (n: Node | undefined) => JSON.stringify((n?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute'))
    return noExecute(old) === noExecute(o as Node) ? [] : selectPodsOnNode<Pod>(before, o.metadata.name ?? '').map(keyOfPod)
  },
  resyncKeys: (s) => listObjects<Node>(s, 'Node').filter((n) => (n.spec?.taints ?? []).some((t) => t.effect === 'NoExecute')).flatMap((n) => selectPodsOnNode<Pod>(s, n.metadata.name ?? '').map(keyOfPod)),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const pod = getObject<Pod>(s, 'Pod', namespace, name)
    return pod === undefined ? NO_CHANGE : reconcileEviction(s, pod, ctx.nowMs)
  },
}
