import type { Pod } from '../../model/pod.js'
import type { FilterFailure } from './filters.js'

/** Upstream's `ErrNoNodesAvailable`: the whole message when the cluster has no node at all. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods'
/** NodeAffinity's PreFilter reason when every required term pins node names and none is common. */
export const REASON_AFFINITY_TERMS_CONFLICT = 'pod affinity terms conflict'
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling'
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod'
export const PREEMPTION_POLICY_NEVER = 'not eligible due to preemptionPolicy=Never.'

const formatHistogram = (counts: ReadonlyMap<string, number>): string => {
  const entries = [...counts].map(([reason, n]) => `${n} ${reason}`)
  entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return entries.join(', ')
}

/**
 * The reasons histogram of `FitError.Error()`: `<count> <reason>` for every reason any node gave,
 * sorted as strings (so `10 …` sorts before `2 …`, as upstream's `sort.Strings`), joined by `, `.
 */
export const reasonsHistogram = (failures: Iterable<FilterFailure>): string => {
  const counts = new Map<string, number>()
  for (const f of failures) for (const r of f.reasons) counts.set(r, (counts.get(r) ?? 0) + 1)
  return formatHistogram(counts)
}

/**
 * `FitError.Error()` without the preemption tail: `0/<n> nodes are available: <histogram>.`, or the
 * PreFilter's message instead of the histogram when a PreFilter rejected the pod outright.
 */
export const fitErrorMessage = (numAllNodes: number, failures: Iterable<FilterFailure>, preFilterMessage?: string): string =>
  `0/${numAllNodes} nodes are available: ${preFilterMessage ?? reasonsHistogram(failures)}.`

/**
 * DefaultPreemption's PostFilter message when no preemption is possible. Nodes that failed with an
 * unresolvable reason are "not helpful"; on the others preemption would look for lower-priority
 * victims — Reel does not preempt, so it reports that none were found (see README).
 */
export const preemptionMessage = (pod: Pod, numAllNodes: number, failures: Iterable<FilterFailure>): string => {
  if ((pod.spec as { preemptionPolicy?: string }).preemptionPolicy === 'Never') return `preemption: ${PREEMPTION_POLICY_NEVER}`
  let resolvable = 0
  for (const f of failures) if (f.code === 'Unschedulable') resolvable++
  const counts = new Map<string, number>()
  if (resolvable > 0) counts.set(NO_PREEMPTION_VICTIMS, resolvable)
  if (numAllNodes > resolvable) counts.set(PREEMPTION_NOT_HELPFUL, numAllNodes - resolvable)
  return `preemption: 0/${numAllNodes} nodes are available: ${formatHistogram(counts)}.`
}

/** The full `FailedScheduling` message and `PodScheduled=False` condition message. */
export const unschedulableMessage = (
  pod: Pod,
  numAllNodes: number,
  failures: readonly FilterFailure[],
  preFilterMessage?: string,
): string => {
  if (numAllNodes === 0) return NO_NODES_AVAILABLE
  return `${fitErrorMessage(numAllNodes, failures, preFilterMessage)} ${preemptionMessage(pod, numAllNodes, failures)}`
}
