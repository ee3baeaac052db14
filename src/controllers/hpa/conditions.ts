import type { HPACondition } from '../../api/kinds/hpa.js'
import { toTimestamp } from '../../kernel/brand.js'

/**
 * `setConditionInList`: replaces the condition of that type in place (appending it when absent); the
 * transition time moves only when the status changes.
 */
export const setCondition = (
  list: readonly HPACondition[],
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  nowMs: number,
): HPACondition[] => {
  const i = list.findIndex((c) => c.type === type)
  const old = i < 0 ? undefined : list[i]
  const next: HPACondition = {
    type,
    status,
    lastTransitionTime: old !== undefined && old.status === status && old.lastTransitionTime !== undefined ? old.lastTransitionTime : toTimestamp(nowMs),
    reason,
    message,
  }
  return i < 0 ? [...list, next] : list.map((c, j) => (j === i ? next : c))
}
