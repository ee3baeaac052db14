import type { Taint } from './cluster.js'
import type { Toleration } from './pod.js'

/**
 * Whether one toleration tolerates one taint (core/v1 `Toleration.ToleratesTaint`): an empty effect
 * matches every effect, an empty key matches every key, `Exists` ignores the value, and `Equal` (the
 * default operator) needs equal values.
 */
export const toleratesTaint = (t: Toleration, taint: Taint): boolean => {
  if (t.effect && t.effect !== taint.effect) return false
  if (t.key && t.key !== taint.key) return false
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '')
    case 'Exists':
      return true
    default:
      return false
  }
}

/** Whether any of the tolerations tolerates the taint (`TolerationsTolerateTaint`). */
export const tolerationsTolerateTaint = (tolerations: readonly Toleration[] | undefined, taint: Taint): boolean =>
  (tolerations ?? []).some((t) => toleratesTaint(t, taint))

/** Only these effects keep a pod off a node; PreferNoSchedule only lowers the node's score. */
export const isDoNotScheduleTaint = (taint: Taint): boolean => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute'

/** The first NoSchedule/NoExecute taint, in the node's order, that no toleration tolerates (`FindMatchingUntoleratedTaint`). */
export const findUntoleratedTaint = (taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined): Taint | undefined =>
  (taints ?? []).find((taint) => isDoNotScheduleTaint(taint) && !tolerationsTolerateTaint(tolerations, taint))

/** PreferNoSchedule taints not tolerated by the tolerations whose effect is empty or PreferNoSchedule (TaintToleration's raw score). */
export const countIntolerablePreferNoSchedule = (taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined): number => {
  const relevant = (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule')
  let n = 0
  for (const taint of taints ?? []) if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(relevant, taint)) n++
  return n
}
