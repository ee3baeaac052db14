/** One pending reconcile: a controller (by index) and a key, with the seq that made it due. */
export interface WorkItem {
  readonly controller: number
  readonly key: string
  readonly cause: number | undefined
}

/** A reconcile due at a virtual instant (`RequeueAfter`). */
export interface Timer extends WorkItem {
  readonly atMs: number
}

/** Deterministic order: time, then controller index, then key — never insertion order. */
export const compareTimers = (a: Timer, b: Timer): number =>
  a.atMs - b.atMs || a.controller - b.controller || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

export const compareItems = (a: WorkItem, b: WorkItem): number =>
  a.controller - b.controller || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)

/** The identity of a work item: one pending reconcile or timer per (controller, key). */
export const itemId = (controller: number, key: string): string => `${controller}\u0000${key}`

/**
 * Adds a timer keeping the list sorted and one timer per (controller, key): the earliest wins. `byId`
 * indexes `timers` by {@link itemId} (kept in step here) so the duplicate check is not a scan of every timer.
 */
export const addTimer = (timers: Timer[], t: Timer, byId: Map<string, Timer>): void => {
  const id = itemId(t.controller, t.key)
  const existing = byId.get(id)
  if (existing !== undefined) {
    if (existing.atMs <= t.atMs) return
    timers.splice(indexOfTimer(timers, existing), 1)
  }
  byId.set(id, t)
  timers.splice(insertionPoint(timers, t), 0, t)
}

/** The first position whose timer sorts after `t` (binary search). */
const insertionPoint = (timers: readonly Timer[], t: Timer): number => {
  let lo = 0
  let hi = timers.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (compareTimers(timers[mid]!, t) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Where `t` (an element of the sorted list) sits: binary search to its sort position, then back to it. */
const indexOfTimer = (timers: readonly Timer[], t: Timer): number => {
  let i = insertionPoint(timers, t) - 1
  while (i >= 0 && timers[i] !== t) i--
  return i
}
