import type { Node } from '../../model/cluster.js'
import { type ClusterState, listObjects, stampOf } from '../../state/clusterState.js'
import { type NodeInfo, nodeInfoFor } from './nodeInfo.js'

/**
 * Pure memos of what every scheduling attempt needs about every node: the nodes in name order and each
 * node's {@link NodeInfo}. They are validated by the state's stamps (`ClusterState.stamps`), which change
 * whenever a node, or a pod bound to a node, is written; an equal stamp means equal contents, so a memo
 * hit answers exactly what recomputing would. Without them each attempt re-sorted the nodes and re-summed
 * every bound pod: O(pods) per pod, quadratic for a large Deployment.
 */
let nodesMemo: { readonly stamp: number; readonly nodes: readonly Node[]; readonly positions: ReadonlyMap<string, number> } | undefined

const NO_POSITIONS: ReadonlyMap<string, number> = new Map()

/** Node name → its index in `sortedNodes(s)` (the same memo). */
export const nodePositions = (s: ClusterState): ReadonlyMap<string, number> =>
  sortedNodes(s) === nodesMemo?.nodes ? nodesMemo.positions : NO_POSITIONS

/** Every Node, sorted by name (`listObjects`), shared between calls while no Node changes. Do not mutate. */
export const sortedNodes = (s: ClusterState): readonly Node[] => {
  const stamp = stampOf(s, 'Node/')
  if (stamp === undefined) return []
  if (nodesMemo?.stamp === stamp) return nodesMemo.nodes
  const nodes = listObjects<Node>(s, 'Node')
  nodesMemo = { stamp, nodes, positions: new Map(nodes.map((n, i) => [n.metadata.name ?? '', i])) }
  return nodes
}

interface InfoMemo {
  /** The stamp of the node's pods; undefined when no pod was ever bound there (then it has none). */
  readonly stamp: number | undefined
  readonly node: Node
  readonly info: NodeInfo
}

/** One entry per node name: a state that moves on replaces it; another state with other stamps misses. */
const infoMemo = new Map<string, InfoMemo>()

/** `nodeInfoFor`, recomputed only when the node object or a pod bound to it changed. */
export const cachedNodeInfo = (s: ClusterState, node: Node): NodeInfo => {
  const name = node.metadata.name ?? ''
  const stamp = stampOf(s, name)
  const hit = infoMemo.get(name)
  if (hit !== undefined && hit.stamp === stamp && hit.node === node) return hit.info
  const info = nodeInfoFor(s, node)
  infoMemo.set(name, { stamp, node, info })
  return info
}
