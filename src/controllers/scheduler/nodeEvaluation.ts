import type { Pod } from '../../model/pod.js'
import { type FilterFailure, type PodFilterInput, runFilters } from './filters.js'
import { preferredAffinityWeight } from './nodeAffinity.js'
import type { NodeInfo } from './nodeInfo.js'
import { leastAllocatedScore } from './scoring.js'
import { countIntolerablePreferNoSchedule } from './tolerations.js'

/** What filtering and the raw scores say about one node for one pod shape. */
export interface NodeEvaluation {
  /** The NodeInfo it was computed from: a different one (the node or its pods changed) means recompute. */
  readonly info: NodeInfo
  readonly failure: FilterFailure | undefined
  readonly leastAllocated: number
  /** TaintToleration's raw score (intolerable PreferNoSchedule taints) before normalizing. */
  readonly rawTaints: number
  /** NodeAffinity's raw score (matched preferred weights) before normalizing. */
  readonly rawAffinity: number
}

/**
 * Everything about a pod that filters and scores read. Pods with equal shapes (the replicas of one
 * template) get equal evaluations on an unchanged node, so one evaluation serves them all.
 */
export const podShapeKey = (input: PodFilterInput, nonZero: { readonly cpu: number; readonly memory: number }): string => {
  const spec = input.pod.spec
  return JSON.stringify([input.request, nonZero, input.hostPorts, spec.tolerations, spec.nodeSelector, spec.affinity, spec.nodeName])
}

export const evaluateNode = (input: PodFilterInput, nonZero: { readonly cpu: number; readonly memory: number }, info: NodeInfo): NodeEvaluation => {
  const failure = runFilters(input, info)
  if (failure !== undefined) return { info, failure, leastAllocated: 0, rawTaints: 0, rawAffinity: 0 }
  const taints = info.node.spec?.taints
  return {
    info,
    failure,
    leastAllocated: leastAllocatedScore(nonZero, info),
    rawTaints: taints === undefined || taints.length === 0 ? 0 : countIntolerablePreferNoSchedule(taints, input.pod.spec.tolerations),
    rawAffinity: preferredAffinityWeight(input.pod as Pod, info.node),
  }
}

interface ShapeMemo {
  readonly key: string
  /** The node list the positions refer to (`sortedNodes`' array). */
  readonly nodes: readonly unknown[]
  readonly byPosition: (NodeEvaluation | undefined)[]
}

/** The last few shapes' evaluations by node position: a pure memo, each entry checked against its NodeInfo. */
const memos: ShapeMemo[] = []
const MEMO_SHAPES = 8

/** The evaluations by node position for `key` over `nodes`, most recently used first. */
export const evaluationsFor = (key: string, nodes: readonly unknown[]): (NodeEvaluation | undefined)[] => {
  const i = memos.findIndex((m) => m.key === key && m.nodes === nodes)
  if (i >= 0) {
    const m = memos[i]!
    if (i > 0) {
      memos.splice(i, 1)
      memos.unshift(m)
    }
    return m.byPosition
  }
  const m: ShapeMemo = { key, nodes, byPosition: new Array<NodeEvaluation | undefined>(nodes.length) }
  memos.unshift(m)
  if (memos.length > MEMO_SHAPES) memos.pop()
  return m.byPosition
}
