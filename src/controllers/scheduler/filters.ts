import type { Node } from '../../model/cluster.js'
import type { Pod } from '../../model/pod.js'
import { type HostPort, type NodeInfo } from './nodeInfo.js'
import { podMatchesNodeSelectorAndAffinity } from './nodeAffinity.js'
import type { Resources } from './podRequests.js'
import { findUntoleratedTaint, tolerationsTolerateTaint } from './tolerations.js'

// ---- model

/**
 * Why a node rejected a pod (upstream's `framework.Status` of a filter). `Unschedulable` failures might
 * be fixed by preempting pods on the node; `UnschedulableAndUnresolvable` ones cannot.
 */
export interface FilterFailure {
  readonly code: 'Unschedulable' | 'UnschedulableAndUnresolvable'
  readonly reasons: readonly string[]
}

/** Upstream's failure strings, as they appear in `0/3 nodes are available: …`. */
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable'
export const REASON_NODE_NAME = "node(s) didn't match the requested node name"
export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector"
export const REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports"
export const REASON_TOO_MANY_PODS = 'Too many pods'
export const REASON_NOT_IN_PREFILTER = "node(s) didn't satisfy plugin(s) [NodeAffinity]"
export const untoleratedTaintReason = (key: string, value: string): string => `node(s) had untolerated taint {${key}: ${value}}`
export const insufficientReason = (resource: string): string => `Insufficient ${resource}`

const unresolvable = (reason: string): FilterFailure => ({ code: 'UnschedulableAndUnresolvable', reasons: [reason] })

// ---- filters, in the default profile's order

/** NodeUnschedulable: `spec.unschedulable` keeps pods off unless they tolerate `node.kubernetes.io/unschedulable:NoSchedule`. */
export const filterNodeUnschedulable = (pod: Pod, node: Node): FilterFailure | undefined => {
  if (node.spec?.unschedulable !== true) return undefined
  const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }
  return tolerationsTolerateTaint(pod.spec.tolerations, taint) ? undefined : unresolvable(REASON_UNSCHEDULABLE)
}

/** NodeName: a pod that names a node fits only that node. */
export const filterNodeName = (pod: Pod, node: Node): FilterFailure | undefined =>
  pod.spec.nodeName === undefined || pod.spec.nodeName === '' || pod.spec.nodeName === node.metadata.name
    ? undefined
    : unresolvable(REASON_NODE_NAME)

/** TaintToleration: the first NoSchedule/NoExecute taint the pod does not tolerate rejects the node. */
export const filterTaintToleration = (pod: Pod, node: Node): FilterFailure | undefined => {
  const taints = node.spec?.taints
  if (taints === undefined || taints.length === 0) return undefined
  const taint = findUntoleratedTaint(taints, pod.spec.tolerations)
  return taint === undefined ? undefined : unresolvable(untoleratedTaintReason(taint.key, taint.value ?? ''))
}

/** NodeAffinity: `spec.nodeSelector` and required node affinity. */
export const filterNodeAffinity = (pod: Pod, node: Node): FilterFailure | undefined =>
  podMatchesNodeSelectorAndAffinity(pod, node) ? undefined : unresolvable(REASON_NODE_AFFINITY)

/** Whether a wanted host port collides with one in use (`HostPortInfo.CheckConflict`): 0.0.0.0 collides with every IP. */
const portConflicts = (want: HostPort, used: readonly HostPort[]): boolean =>
  used.some((u) => u.port === want.port && u.protocol === want.protocol && (want.ip === '0.0.0.0' || u.ip === '0.0.0.0' || u.ip === want.ip))

/** NodePorts: a `hostPort` already bound on the node (same protocol, overlapping IP) rejects it. */
export const filterNodePorts = (wanted: readonly HostPort[], info: NodeInfo): FilterFailure | undefined =>
  wanted.length > 0 && wanted.some((w) => portConflicts(w, info.usedPorts)) ? { code: 'Unschedulable', reasons: [REASON_NODE_PORTS] } : undefined

const FIXED_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods'])

/**
 * NodeResourcesFit: every failing check is a reason — the pod count against `allocatable.pods`, then
 * cpu, memory, ephemeral-storage and extended resources (`allocatable − requested < request`). Requests
 * are the actual ones: a container without requests asks for nothing here.
 */
export const filterNodeResourcesFit = (request: Resources, info: NodeInfo): FilterFailure | undefined =>
  fitsWithoutReasons(request, info) ? undefined : resourcesFitFailure(request, info)

/**
 * The common case of NodeResourcesFit without allocating: true when no check fails. Scheduling a pod runs
 * this once per node, so it is the inner loop of a large cluster.
 */
const fitsWithoutReasons = (request: Resources, info: NodeInfo): boolean => {
  if (info.podCount + 1 > (info.allocatable.pods ?? 0)) return false
  for (const r in request) {
    const want = request[r]!
    if (want > 0 && want > (info.allocatable[r] ?? 0) - (info.requested[r] ?? 0)) return false
  }
  return true
}

const resourcesFitFailure = (request: Resources, info: NodeInfo): FilterFailure | undefined => {
  const reasons: string[] = []
  if (info.podCount + 1 > (info.allocatable.pods ?? 0)) reasons.push(REASON_TOO_MANY_PODS)
  const free = (r: string): number => (info.allocatable[r] ?? 0) - (info.requested[r] ?? 0)
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const want = request[r] ?? 0
    if (want > 0 && want > free(r)) reasons.push(insufficientReason(r))
  }
  for (const r of Object.keys(request).filter((n) => !FIXED_RESOURCES.has(n)).sort()) {
    const want = request[r]!
    if (want > 0 && want > free(r)) reasons.push(insufficientReason(r))
  }
  return reasons.length === 0 ? undefined : { code: 'Unschedulable', reasons }
}

/** What the filters need about the pod, computed once per scheduling attempt. */
export interface PodFilterInput {
  readonly pod: Pod
  readonly request: Resources
  readonly hostPorts: readonly HostPort[]
}

/**
 * Runs the filters in the default profile's order (NodeUnschedulable, NodeName, TaintToleration,
 * NodeAffinity, NodePorts, NodeResourcesFit) and returns the first failure, as upstream stops at the
 * first plugin that rejects a node.
 */
export const runFilters = (input: PodFilterInput, info: NodeInfo): FilterFailure | undefined =>
  filterNodeUnschedulable(input.pod, info.node) ??
  filterNodeName(input.pod, info.node) ??
  filterTaintToleration(input.pod, info.node) ??
  filterNodeAffinity(input.pod, info.node) ??
  filterNodePorts(input.hostPorts, info) ??
  filterNodeResourcesFit(input.request, info)
