import { toTimestamp } from '../../kernel/brand.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import type { Node, Taint } from '../../model/cluster.js'
import { isNodeFault } from '../../model/faults.js'
import type { KObject } from '../../model/meta.js'
import type { Pod, PodCondition } from '../../model/pod.js'
import { type ClusterState, getObject, listObjects, selectPodsOnNode } from '../../state/clusterState.js'
import { type Controller, type ControllerCommand, NO_CHANGE, type ReconcileResult } from '../controller.js'

/** `--node-monitor-grace-period` since v1.32: a node silent this long is Unknown. */
export const NODE_MONITOR_GRACE_MS = 50_000

export const UNREACHABLE = 'node.kubernetes.io/unreachable'
export const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable'
const CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']

type Json = Record<string, unknown>

/** When the node's kubelet last posted status: the moment its fault began (heartbeats change nothing, so they are not logged). */
const silentSinceMs = (s: ClusterState, node: string): number | undefined => {
  const f = s.faults[`node/${node}`]
  return f !== undefined && isNodeFault(f.type) ? f.atMs : undefined
}

const isUnreachable = (n: Node): boolean =>
  (n.status?.conditions as Json[] | undefined)?.some((c) => c.type === 'Ready' && c.status !== 'True') === true

const unknownConditions = (n: Node, atMs: number): Json[] =>
  CONDITION_TYPES.map((type) => {
    const old = (n.status?.conditions as Json[] | undefined)?.find((c) => c.type === type)
    return {
      ...(old ?? { type }),
      status: 'Unknown',
      reason: old ? 'NodeStatusUnknown' : 'NodeStatusNeverUpdated',
      message: old ? 'Kubelet stopped posting node status.' : 'Kubelet never posted node status.',
      lastTransitionTime: old?.status === 'Unknown' ? old.lastTransitionTime : toTimestamp(atMs),
    }
  })

const readyConditions = (n: Node, atMs: number): Json[] =>
  ((n.status?.conditions as Json[] | undefined) ?? []).map((c) =>
    c.type === 'Ready'
      ? { ...c, status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: c.status === 'True' ? c.lastTransitionTime : toTimestamp(atMs) }
      : c.type === 'MemoryPressure' || c.type === 'DiskPressure' || c.type === 'PIDPressure'
        ? { ...c, status: 'False' }
        : c,
  )

/** The unreachable taints, NoExecute only while some node in the cluster is still Ready (§6.2 disruption mode). */
const taintsFor = (n: Node, unreachable: boolean, anyReady: boolean, atMs: number): Taint[] => {
  const taints = n.spec?.taints ?? []
  const keep = (key: string, effect: string): Taint => taints.find((t) => t.key === key && t.effect === effect) ?? { key, effect, timeAdded: toTimestamp(atMs) }
  const others = taints.filter((t) => t.key !== UNREACHABLE && t.key !== UNSCHEDULABLE)
  // TaintNodesByCondition: a cordoned node carries the unschedulable NoSchedule taint.
  const cordoned = n.spec?.unschedulable === true ? [keep(UNSCHEDULABLE, 'NoSchedule')] : []
  if (!unreachable) return [...others, ...cordoned]
  return [...others, ...cordoned, keep(UNREACHABLE, 'NoSchedule'), ...(anyReady ? [keep(UNREACHABLE, 'NoExecute')] : [])]
}

/** `MarkPodsNotReady`: every pod on the node gets Ready=False (status only). */
const markPodsNotReady = (s: ClusterState, node: string, atMs: number): ControllerCommand[] =>
  selectPodsOnNode<Pod>(s, node).flatMap((p) => {
    const conditions = p.status?.conditions ?? []
    if (!conditions.some((c) => c.type === 'Ready' && c.status === 'True')) return []
    const next: PodCondition[] = conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: toTimestamp(atMs) } : c))
    return [{ verb: 'updateStatus' as const, object: { ...p, status: { ...p.status, conditions: next } } as KObject }]
  })

/**
 * Mirrors kube-controller-manager's node lifecycle controller (pkg/controller/nodelifecycle): a node whose
 * kubelet went silent is marked Unknown after the grace period, tainted unreachable (NoExecute only while
 * another node is Ready), and its pods are marked not ready; a node that comes back is Ready again and
 * loses the taints.
 */
export const reconcileNode = (s: ClusterState, node: Node, nowMs: number): ReconcileResult => {
  const name = node.metadata.name ?? ''
  const since = silentSinceMs(s, name)
  const deadline = since === undefined ? undefined : since + NODE_MONITOR_GRACE_MS
  if (deadline !== undefined && nowMs < deadline) return { commands: [], requeueAfterMs: deadline - nowMs }
  const unreachable = deadline !== undefined
  const anyReady = listObjects<Node>(s, 'Node').some((n) => n.metadata.name !== name && s.faults[`node/${n.metadata.name ?? ''}`] === undefined)
  const taints = taintsFor(node, unreachable, anyReady, nowMs)
  const conditions = unreachable ? unknownConditions(node, nowMs) : isUnreachable(node) ? readyConditions(node, nowMs) : (node.status?.conditions as Json[] | undefined)
  const commands: ControllerCommand[] = []
  if (!deepEqual(taints, node.spec?.taints ?? [])) {
    const { taints: _old, ...spec } = node.spec ?? {}
    commands.push({ verb: 'update', object: { ...node, spec: taints.length > 0 ? { ...spec, taints } : spec } })
  }
  if (!deepEqual(conditions, node.status?.conditions)) {
    const latest = commands.length > 0 ? undefined : node.metadata.resourceVersion
    const { resourceVersion: _rv, ...meta } = node.metadata
    commands.push({
      verb: 'updateStatus',
      object: { ...node, metadata: latest === undefined ? meta : node.metadata, status: { ...node.status, conditions } } as KObject,
      record: unreachable
        ? { type: 'Normal', reason: 'NodeNotReady', message: `Node ${name} status is now: NodeNotReady` }
        : { type: 'Normal', reason: 'NodeReady', message: `Node ${name} status is now: NodeReady` },
    })
    if (unreachable) commands.push(...markPodsNotReady(s, name, nowMs))
  }
  return { commands }
}

export const nodeLifecycleController: Controller = {
  name: 'node-lifecycle',
  actor: 'controller:node-lifecycle',
  primaryKind: 'Node',
  keysFor: (event) => (event.data.object.kind === 'Node' ? [event.data.object.metadata.name ?? ''] : []),
  // Any node's health changes whether NoExecute taints apply anywhere (disruption mode): every node.
  keysForFault: (fault, s) => (fault.type === 'container-crash' ? [] : listObjects(s, 'Node').map((n) => n.metadata.name ?? '')),
  resyncKeys: (s) => listObjects(s, 'Node').map((n) => n.metadata.name ?? ''),
  reconcile: (s, key, ctx) => {
    const node = getObject<Node>(s, 'Node', undefined, key)
    return node === undefined ? NO_CHANGE : reconcileNode(s, node, ctx.nowMs)
  },
}
