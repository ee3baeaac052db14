import type { Node } from '../../model/cluster.js'
import type { Pod } from '../../model/pod.js'
import { type ClusterState, selectPodsOnNode } from '../../state/clusterState.js'
import { NON_ZERO_DEFAULTS, parseResourceList, podRequests, type Resources } from './podRequests.js'

/** A `hostPort` a container binds on its node: `hostIP` (default `0.0.0.0`), protocol (default TCP), port. */
export interface HostPort {
  readonly ip: string
  readonly protocol: string
  readonly port: number
}

/**
 * What the scheduler knows about one node (upstream's `framework.NodeInfo`): its allocatable resources
 * and what the pods already bound to it use. Terminal pods (Succeeded/Failed) are not counted — the
 * scheduler's pod informer excludes them — but pods being deleted are, until they are gone.
 */
export interface NodeInfo {
  readonly node: Node
  readonly name: string
  /** `status.allocatable` in scheduler units (`pods` is the pod-count limit). */
  readonly allocatable: Resources
  /** Sum of the counted pods' requests (missing requests count 0): what the filter compares with. */
  readonly requested: Resources
  /** Sum of the counted pods' cpu/memory requests with the 100m / 200Mi defaults: what scoring uses. */
  readonly nonZeroRequested: { readonly cpu: number; readonly memory: number }
  readonly podCount: number
  readonly usedPorts: readonly HostPort[]
}

/** Terminal pods hold no resources on their node. */
export const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'

interface PortSpec {
  readonly hostPort?: number
  readonly hostIP?: string
  readonly protocol?: string
}

/** The host ports a pod's containers ask for (ports without `hostPort` bind nothing on the node). */
export const hostPortsOf = (pod: Pod): HostPort[] => {
  const out: HostPort[] = []
  for (const c of pod.spec.containers)
    for (const p of (c.ports ?? []) as readonly PortSpec[])
      if (p.hostPort !== undefined && p.hostPort > 0)
        out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort })
  return out
}

const addInto = (into: Record<string, number>, r: Resources): void => {
  for (const name of Object.keys(r)) into[name] = (into[name] ?? 0) + r[name]!
}

/** What one bound pod holds on its node. */
interface PodUsage {
  readonly requested: Resources
  readonly nonZeroCpu: number
  readonly nonZeroMemory: number
  readonly ports: readonly HostPort[]
}

/**
 * Pure memo of {@link PodUsage} per stored pod object. Stored objects are never mutated (a change is a
 * new object), so the cache cannot go stale and holds no state that affects a decision: it only spares
 * re-parsing the quantities of every bound pod on every scheduling attempt.
 */
const usageCache = new WeakMap<Pod, PodUsage>()

const usageOf = (p: Pod): PodUsage => {
  const cached = usageCache.get(p)
  if (cached !== undefined) return cached
  const nz = podRequests(p, NON_ZERO_DEFAULTS)
  const usage = { requested: podRequests(p), nonZeroCpu: nz.cpu ?? 0, nonZeroMemory: nz.memory ?? 0, ports: hostPortsOf(p) }
  usageCache.set(p, usage)
  return usage
}

/**
 * Builds the NodeInfo of `node` from the pods the state has bound to it. Amounts are whole numbers
 * (millicores, bytes), so their sums do not depend on the order pods are visited in, and the index's
 * order is used as it is; only when a sum leaves the exactly representable range is the sorted order
 * used, so that rounding is the same whatever order the index holds.
 */
export const nodeInfoFor = (s: ClusterState, node: Node): NodeInfo => {
  const name = node.metadata.name ?? ''
  const keys = name === '' ? undefined : s.byNode.get(name)
  const pods: Pod[] = []
  if (keys !== undefined) for (const k of keys) pods.push(s.objects.get(k) as Pod)
  const info = sumPods(node, name, pods)
  return isExact(info) ? info : sumPods(node, name, selectPodsOnNode<Pod>(s, name))
}

const isExact = (info: NodeInfo): boolean =>
  Number.isSafeInteger(info.nonZeroRequested.cpu) &&
  Number.isSafeInteger(info.nonZeroRequested.memory) &&
  Object.values(info.requested).every((v) => Number.isSafeInteger(v))

/** Pure memo of a stored node's parsed `status.allocatable` (stored objects are never mutated). */
const allocatableCache = new WeakMap<Node, Resources>()
const allocatableOf = (node: Node): Resources => {
  let a = allocatableCache.get(node)
  if (a === undefined) {
    a = parseResourceList(node.status?.allocatable)
    allocatableCache.set(node, a)
  }
  return a
}

const sumPods = (node: Node, name: string, pods: readonly Pod[]): NodeInfo => {
  const requested: Record<string, number> = {}
  const nonZero = { cpu: 0, memory: 0 }
  const usedPorts: HostPort[] = []
  let podCount = 0
  for (const p of pods) {
    if (isTerminal(p)) continue
    podCount++
    const usage = usageOf(p)
    addInto(requested, usage.requested)
    nonZero.cpu += usage.nonZeroCpu
    nonZero.memory += usage.nonZeroMemory
    usedPorts.push(...usage.ports)
  }
  return {
    node,
    name,
    allocatable: allocatableOf(node),
    requested,
    nonZeroRequested: nonZero,
    podCount,
    usedPorts,
  }
}
