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
    rawAffinity: preferredAffinityWeight(input.pod, info.node),
  }
}

/** One pod shape's evaluations by node position (in `nodes`, the `sortedNodes` array they refer to). */
export interface ShapeEvaluations {
  readonly key: string
  readonly nodes: readonly unknown[]
  readonly byPosition: (NodeEvaluation | undefined)[]
  /** The step's `stampedNodes` journal the entries were last checked against, and its length then. */
  journal: readonly string[] | undefined
  checked: number
}

/** The last few shapes' evaluations: a pure memo, each entry checked against its NodeInfo or the journal. */
const memos: ShapeEvaluations[] = []
const MEMO_SHAPES = 8

/** The evaluations for `key` over `nodes`, most recently used first. */
export const evaluationsFor = (key: string, nodes: readonly unknown[]): ShapeEvaluations => {
  const i = memos.findIndex((m) => m.key === key && m.nodes === nodes)
  if (i >= 0) {
    const m = memos[i]!
    if (i > 0) {
      memos.splice(i, 1)
      memos.unshift(m)
    }
    return m
  }
  const m: ShapeEvaluations = { key, nodes, byPosition: new Array<NodeEvaluation | undefined>(nodes.length), journal: undefined, checked: 0 }
  memos.unshift(m)
  if (memos.length > MEMO_SHAPES) memos.pop()
  return m
}

/**
 * Drops the entries a node change since the last check may have made stale. Within one step the state's
 * `stampedNodes` journal names every node whose pods changed, so only those positions are dropped; in
 * any other case (a new step, a committed state) every entry is re-checked against its NodeInfo by the
 * caller (`trusted` false).
 */
export const invalidate = (m: ShapeEvaluations, journal: readonly string[] | undefined, positions: ReadonlyMap<string, number>): boolean => {
  const trusted = journal !== undefined && m.journal === journal
  if (trusted)
    for (let j = m.checked; j < journal.length; j++) {
      const pos = positions.get(journal[j]!)
      if (pos !== undefined) m.byPosition[pos] = undefined
    }
  m.journal = journal
  m.checked = journal?.length ?? 0
  return trusted
}
