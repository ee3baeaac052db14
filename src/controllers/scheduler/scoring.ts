import type { Pod } from '../../model/pod.js'
import type { NodeInfo } from './nodeInfo.js'
import { preferredAffinityWeight } from './nodeAffinity.js'
import { countIntolerablePreferNoSchedule } from './tolerations.js'

/** Upstream's `MaxNodeScore`: every score plugin answers 0–100 per node. */
export const MAX_NODE_SCORE = 100

/** The score weights of the default profile for the plugins Reel runs (stateful-storage-nodes.md §5.1). */
export const SCORE_WEIGHTS = { NodeResourcesFit: 1, TaintToleration: 3, NodeAffinity: 2 } as const

/** `leastRequestedScore`: the free share of one resource after placing the pod, 0–100, integer division. */
export const leastRequestedScore = (requested: number, allocatable: number): number => {
  if (allocatable === 0 || requested > allocatable) return 0
  return Math.floor(((allocatable - requested) * MAX_NODE_SCORE) / allocatable)
}

/**
 * NodeResourcesFit's `LeastAllocated` score: cpu and memory (weight 1 each), each
 * `(allocatable − requested) × 100 / allocatable` where `requested` is the node's non-zero requests plus
 * the pod's; resources the node does not offer are left out; the weighted mean is integer-divided.
 */
export const leastAllocatedScore = (podNonZero: { readonly cpu: number; readonly memory: number }, info: NodeInfo): number => {
  let score = 0
  let weights = 0
  const cpu = info.allocatable.cpu ?? 0
  if (cpu !== 0) {
    score += leastRequestedScore(info.nonZeroRequested.cpu + podNonZero.cpu, cpu)
    weights += 1
  }
  const memory = info.allocatable.memory ?? 0
  if (memory !== 0) {
    score += leastRequestedScore(info.nonZeroRequested.memory + podNonZero.memory, memory)
    weights += 1
  }
  return weights === 0 ? 0 : Math.floor(score / weights)
}

/**
 * `DefaultNormalizeScore`: scales raw scores to 0–`MAX_NODE_SCORE` by the largest one (integer
 * division); `reverse` turns "fewer is better" into a score. All zero: 0 each, or 100 each reversed.
 */
export const normalizeScores = (raw: readonly number[], reverse: boolean): number[] => {
  const max = raw.reduce((m, x) => (x > m ? x : m), 0)
  if (max === 0) return raw.map(() => (reverse ? MAX_NODE_SCORE : 0))
  return raw.map((x) => {
    const s = Math.floor((MAX_NODE_SCORE * x) / max)
    return reverse ? MAX_NODE_SCORE - s : s
  })
}

/** One feasible node's score, with each plugin's normalized (unweighted) part for explanations and tests. */
export interface NodeScore {
  readonly name: string
  readonly total: number
  readonly leastAllocated: number
  readonly taintToleration: number
  readonly nodeAffinity: number
}

/**
 * Scores the feasible nodes (upstream's `RunScorePlugins` for the plugins Reel runs): LeastAllocated × 1
 * + TaintToleration (PreferNoSchedule, reversed) × 3 + NodeAffinity (preferred terms) × 2.
 */
export const scoreNodes = (pod: Pod, podNonZero: { readonly cpu: number; readonly memory: number }, feasible: readonly NodeInfo[]): NodeScore[] => {
  const n = feasible.length
  const rawTaints: number[] = new Array<number>(n)
  const rawAffinity: number[] = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const node = feasible[i]!.node
    const taints = node.spec?.taints
    rawTaints[i] = taints === undefined || taints.length === 0 ? 0 : countIntolerablePreferNoSchedule(taints, pod.spec.tolerations)
    rawAffinity[i] = preferredAffinityWeight(pod, node)
  }
  const taints = normalizeScores(rawTaints, true)
  const affinity = normalizeScores(rawAffinity, false)
  const out: NodeScore[] = new Array<NodeScore>(n)
  for (let i = 0; i < n; i++) {
    const info = feasible[i]!
    const leastAllocated = leastAllocatedScore(podNonZero, info)
    const taintToleration = taints[i]!
    const nodeAffinity = affinity[i]!
    const total =
      leastAllocated * SCORE_WEIGHTS.NodeResourcesFit +
      taintToleration * SCORE_WEIGHTS.TaintToleration +
      nodeAffinity * SCORE_WEIGHTS.NodeAffinity
    out[i] = { name: info.name, total, leastAllocated, taintToleration, nodeAffinity }
  }
  return out
}

/**
 * Picks the node to bind to: the highest total score; among equal scores, the lowest node name.
 * Upstream picks uniformly at random among the top scores (reservoir sampling); Reel must be
 * deterministic, so it breaks the tie by name (see README).
 */
export const selectHost = (scores: readonly NodeScore[]): string | undefined => {
  let best: NodeScore | undefined
  for (const s of scores) if (best === undefined || s.total > best.total || (s.total === best.total && s.name < best.name)) best = s
  return best?.name
}
