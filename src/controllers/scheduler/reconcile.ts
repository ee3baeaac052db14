import { toTimestamp } from '../../kernel/brand.js'
import type { KObject } from '../../model/meta.js'
import { type Pod, type PodCondition, podCondition } from '../../model/pod.js'
import type { ClusterState } from '../../state/clusterState.js'
import { type ControllerCommand, NO_CHANGE, type ReconcileContext, type ReconcileResult } from '../controller.js'
import { type FilterFailure, REASON_NOT_IN_PREFILTER, type PodFilterInput } from './filters.js'
import { REASON_AFFINITY_TERMS_CONFLICT, unschedulableMessage } from './fitError.js'
import { requiredNodeNames } from './nodeAffinity.js'
import { evaluateNode, evaluationsFor, invalidate, podShapeKey } from './nodeEvaluation.js'
import { hostPortsOf, isTerminal, type NodeInfo } from './nodeInfo.js'
import { cachedNodeInfo, nodePositions, sortedNodes } from './nodeTable.js'
import { NON_ZERO_DEFAULTS, podRequests } from './podRequests.js'
import { MAX_NODE_SCORE, type NodeScore, SCORE_WEIGHTS, scoreNodes } from './scoring.js'
import { volumeBindingPreFilter } from './volumeBinding.js'

/** `spec.schedulerName` of the pods this scheduler places (an unset name is defaulted to it). */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler'

/**
 * Whether the scheduler should place this pod now: not bound, addressed to `default-scheduler`, not
 * being deleted, not terminal (upstream's pod informer never shows terminal pods) and without
 * scheduling gates.
 */
export const isPendingForScheduler = (p: Pod): boolean =>
  !p.spec.nodeName &&
  (p.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME) === DEFAULT_SCHEDULER_NAME &&
  p.metadata.deletionTimestamp === undefined &&
  !isTerminal(p) &&
  ((p.spec as { schedulingGates?: readonly unknown[] }).schedulingGates ?? []).length === 0

/** The outcome of one scheduling attempt: a node to bind to, or the message explaining why none fits. */
export type Placement =
  | { readonly type: 'bind'; readonly nodeName: string; readonly scores: readonly NodeScore[] }
  | { readonly type: 'unschedulable'; readonly message: string; readonly failures: ReadonlyMap<string, FilterFailure> }

const CONFLICT: FilterFailure = { code: 'UnschedulableAndUnresolvable', reasons: [REASON_AFFINITY_TERMS_CONFLICT] }
const NOT_IN_PREFILTER: FilterFailure = { code: 'UnschedulableAndUnresolvable', reasons: [REASON_NOT_IN_PREFILTER] }

/**
 * Mirrors kubernetes pkg/scheduler `schedulePod`: PreFilter (NodeAffinity's node names, then
 * VolumeBinding's claims), filter every
 * node (in name order), then score the feasible ones and pick the best (lowest name among ties). A
 * single feasible node is chosen without scoring, as upstream.
 */
export const findPlacement = (s: ClusterState, pod: Pod): Placement => {
  const nodes = sortedNodes(s)
  const failures = new Map<string, FilterFailure>()
  const unschedulable = (preFilterMessage?: string): Placement => ({
    type: 'unschedulable',
    message: unschedulableMessage(pod, nodes.length, [...failures.values()], preFilterMessage),
    failures,
  })
  if (nodes.length === 0) return unschedulable()
  const names = requiredNodeNames(pod)
  if (names !== undefined && names.size === 0) {
    for (const n of nodes) failures.set(n.metadata.name ?? '', CONFLICT)
    return unschedulable(REASON_AFFINITY_TERMS_CONFLICT)
  }
  const volumes = volumeBindingPreFilter(s, pod)
  if (volumes !== undefined) {
    for (const n of nodes) failures.set(n.metadata.name ?? '', { code: 'UnschedulableAndUnresolvable', reasons: [volumes] })
    return unschedulable(volumes)
  }
  const input: PodFilterInput = { pod, request: podRequests(pod), hostPorts: hostPortsOf(pod) }
  const nz = podRequests(pod, NON_ZERO_DEFAULTS)
  const nonZero = { cpu: nz.cpu ?? 0, memory: nz.memory ?? 0 }
  const memo = evaluationsFor(podShapeKey(input, nonZero), nodes)
  const trusted = invalidate(memo, s.stampedNodes, nodePositions(s))
  const byPosition = memo.byPosition
  const excluded = (i: number): boolean => names !== undefined && !names.has(nodes[i]!.metadata.name ?? '')
  // Pass 1: evaluate (from the memo when valid), count the feasible nodes, the raw scores' maxima.
  let feasibleCount = 0
  let firstFeasible = -1
  let maxTaints = 0
  let maxAffinity = 0
  for (let i = 0; i < nodes.length; i++) {
    if (excluded(i)) continue
    let e = byPosition[i]
    if (e === undefined || !trusted) {
      const info = cachedNodeInfo(s, nodes[i]!)
      if (e === undefined || e.info !== info) byPosition[i] = e = evaluateNode(input, nonZero, info)
    }
    if (e.failure !== undefined) continue
    if (firstFeasible < 0) firstFeasible = i
    feasibleCount++
    if (e.rawTaints > maxTaints) maxTaints = e.rawTaints
    if (e.rawAffinity > maxAffinity) maxAffinity = e.rawAffinity
  }
  if (feasibleCount === 0) {
    for (let i = 0; i < nodes.length; i++) failures.set(nodes[i]!.metadata.name ?? '', excluded(i) ? NOT_IN_PREFILTER : byPosition[i]!.failure!)
    return unschedulable()
  }
  if (feasibleCount === 1) return { type: 'bind', nodeName: byPosition[firstFeasible]!.info.name, scores: [] }
  // Pass 2: the highest total (LeastAllocated × 1 + normalized TaintToleration × 3 + normalized
  // NodeAffinity × 2, as scoreNodes); nodes are in name order, so the first of equal totals has the lowest name.
  const infos: NodeInfo[] = []
  let best = firstFeasible
  let bestTotal = -1
  for (let i = firstFeasible; i < nodes.length; i++) {
    const e = byPosition[i]!
    if (e.failure !== undefined || excluded(i)) continue
    infos.push(e.info)
    const taint = maxTaints === 0 ? MAX_NODE_SCORE : MAX_NODE_SCORE - Math.floor((MAX_NODE_SCORE * e.rawTaints) / maxTaints)
    const affinity = maxAffinity === 0 ? 0 : Math.floor((MAX_NODE_SCORE * e.rawAffinity) / maxAffinity)
    const total = e.leastAllocated * SCORE_WEIGHTS.NodeResourcesFit + taint * SCORE_WEIGHTS.TaintToleration + affinity * SCORE_WEIGHTS.NodeAffinity
    if (total > bestTotal) {
      best = i
      bestTotal = total
    }
  }
  return {
    type: 'bind',
    nodeName: byPosition[best]!.info.name,
    // Only explanations and tests read the per-node scores: computed on demand.
    get scores() {
      return scoreNodes(pod, nonZero, infos)
    },
  }
}

/**
 * The pod's status with `PodScheduled=False, reason Unschedulable` (`podutil.UpdatePodCondition`): the
 * condition is replaced in place, and `lastTransitionTime` moves only when the status changes.
 * Undefined when the pod already carries exactly this condition.
 */
export const withUnschedulableCondition = (pod: Pod, message: string, nowMs: number): Pod | undefined => {
  const old = podCondition(pod, 'PodScheduled')
  if (old?.status === 'False' && old.reason === 'Unschedulable' && old.message === message) return undefined
  const condition: PodCondition = {
    type: 'PodScheduled',
    status: 'False',
    lastProbeTime: null,
    lastTransitionTime: old?.status === 'False' && old.lastTransitionTime !== undefined ? old.lastTransitionTime : toTimestamp(nowMs),
    reason: 'Unschedulable',
    message,
  }
  const conditions = pod.status?.conditions ?? []
  const next = old === undefined ? [...conditions, condition] : conditions.map((c) => (c.type === 'PodScheduled' ? condition : c))
  return { ...pod, status: { ...pod.status, conditions: next } }
}

/**
 * One scheduling attempt for a pending pod (kubernetes pkg/scheduler `ScheduleOne`): bind it with a
 * `Scheduled` event, or record why it cannot be placed — the `PodScheduled=False` condition and a
 * `FailedScheduling` warning, both only when the message changed, so a pod that stays pending is quiet.
 * There is no back-off requeue: node and pod events make the pod's key dirty again (see keysFor).
 */
export const reconcileScheduling = (s: ClusterState, pod: Pod, ctx: ReconcileContext): ReconcileResult => {
  if (!isPendingForScheduler(pod)) return NO_CHANGE
  const namespace = pod.metadata.namespace ?? 'default'
  const name = pod.metadata.name ?? ''
  const placement = findPlacement(s, pod)
  if (placement.type === 'bind') {
    const bind: ControllerCommand = {
      verb: 'bind',
      ref: { kind: 'Pod', namespace, name },
      nodeName: placement.nodeName,
      record: { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${namespace}/${name} to ${placement.nodeName}` },
    }
    return { commands: [bind] }
  }
  const next = withUnschedulableCondition(pod, placement.message, ctx.nowMs)
  if (next === undefined) return NO_CHANGE
  const update: ControllerCommand = {
    verb: 'updateStatus',
    object: next as KObject,
    record: { type: 'Warning', reason: 'FailedScheduling', message: placement.message },
  }
  return { commands: [update] }
}
