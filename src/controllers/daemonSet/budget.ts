import { type DaemonSet, type IntOrPercent, ROLLING_UPDATE, strategyTypeOf } from './daemonSet.js'

/**
 * `intstr.GetScaledValueFromIntOrPercent(value, total, roundUp=true)`: an int as is, `"<n>%"` of
 * `total` rounded **up** (DaemonSets round both fields up, stateful-storage-nodes.md §7). A missing or
 * malformed value counts as 0 (validation refuses malformed ones).
 */
export const scaledUp = (value: IntOrPercent | undefined, total: number): number => {
  if (value === undefined) return 0
  if (typeof value === 'number') return value
  const m = /^([+-]?\d+)%$/.exec(value)
  return m === null ? 0 : Math.ceil((Number(m[1]) * total) / 100)
}

/** `util.SurgeCount`: maxSurge of `numberToSchedule`, 0 unless RollingUpdate. */
export const surgeCount = (ds: DaemonSet, numberToSchedule: number): number =>
  strategyTypeOf(ds) === ROLLING_UPDATE ? scaledUp(ds.spec.updateStrategy?.rollingUpdate?.maxSurge, numberToSchedule) : 0

/** `util.UnavailableCount`: maxUnavailable of `numberToSchedule`, 0 unless RollingUpdate. */
export const unavailableCount = (ds: DaemonSet, numberToSchedule: number): number =>
  strategyTypeOf(ds) === ROLLING_UPDATE ? scaledUp(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable, numberToSchedule) : 0

/** `util.AllowsSurge`: whether more than one pod per node is allowed during an update. */
export const allowsSurge = (ds: DaemonSet): boolean => surgeCount(ds, 1) > 0

/** The resolved rolling-update budget for `desired` nodes. */
export interface UpdateBudget {
  readonly maxSurge: number
  readonly maxUnavailable: number
}

/**
 * The budget half of `updatedDesiredNodeCounts`: both fields resolved against the desired node count;
 * when both come out 0 with something desired, maxUnavailable is 1 so the update can progress.
 */
export const updateBudget = (ds: DaemonSet, desired: number): UpdateBudget => {
  const maxSurge = surgeCount(ds, desired)
  const maxUnavailable = unavailableCount(ds, desired)
  return desired > 0 && maxSurge === 0 && maxUnavailable === 0 ? { maxSurge, maxUnavailable: 1 } : { maxSurge, maxUnavailable }
}
