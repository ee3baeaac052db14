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

/** Adds a timer keeping the list sorted and one timer per (controller, key): the earliest wins. */
export const addTimer = (timers: Timer[], t: Timer): void => {
  const i = timers.findIndex((x) => x.controller === t.controller && x.key === t.key)
  if (i >= 0) {
    if (timers[i]!.atMs <= t.atMs) return
    timers.splice(i, 1)
  }
  let lo = 0
  let hi = timers.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (compareTimers(timers[mid]!, t) <= 0) lo = mid + 1
    else hi = mid
  }
  timers.splice(lo, 0, t)
}
