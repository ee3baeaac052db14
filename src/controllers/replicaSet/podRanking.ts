import { fromTimestamp } from '../../kernel/brand.js'
import { isPodReady, type Pod, podCondition } from '../../model/pod.js'

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 }

const deletionCost = (p: Pod): number => {
  const v = Number(p.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'])
  return Number.isInteger(v) ? v : 0
}

const maxRestarts = (p: Pod): number => {
  let max = 0
  for (const c of p.status?.containerStatuses ?? []) if (c.restartCount > max) max = c.restartCount
  return max
}

/** floor(log2(now − t in nanoseconds)), −1 when t is not before now (upstream's logarithmic buckets). */
const bucket = (nowMs: number, tMs: number): number => {
  const ns = (nowMs - tMs) * 1e6
  return ns <= 0 ? -1 : Math.floor(Math.log2(ns))
}

/**
 * Compares two timestamps the way `ActivePodsWithRanks` does with LogarithmicScaleDown: undefined
 * (zero) counts as newest; otherwise smaller log2 bucket (more recent) first, and in the same bucket
 * the smaller uid first — which ends the comparison. Returns <0 / >0 when decided, 0 when not, and
 * `'uid'` ordering as ±1.
 */
const compareTimes = (a: Pod, b: Pod, ta: number | undefined, tb: number | undefined, nowMs: number): number => {
  if (ta === tb) return 0
  if (ta === undefined) return -1
  if (tb === undefined) return 1
  const ba = bucket(nowMs, ta)
  const bb = bucket(nowMs, tb)
  if (ba !== bb) return ba - bb
  const ua = a.metadata.uid ?? ''
  const ub = b.metadata.uid ?? ''
  return ua < ub ? -1 : ua > ub ? 1 : 0
}

/**
 * Pure memos of the two timestamps the comparator parses: a scale-down sorts thousands of pods, each
 * compared ~log2(n) times, and parsing RFC 3339 strings was most of its cost. Stored pods are never mutated.
 */
const readyCache = new WeakMap<Pod, number | undefined>()
const createdCache = new WeakMap<Pod, number | undefined>()
const memo = (cache: WeakMap<Pod, number | undefined>, p: Pod, f: (p: Pod) => number | undefined): number | undefined => {
  if (cache.has(p)) return cache.get(p)
  const v = f(p)
  cache.set(p, v)
  return v
}

const readySince = (p: Pod): number | undefined => memo(readyCache, p, (x) => fromTimestamp(podCondition(x, 'Ready')?.lastTransitionTime))
const createdAt = (p: Pod): number | undefined => memo(createdCache, p, (x) => fromTimestamp(x.metadata.creationTimestamp ?? undefined))

/**
 * "Pod a should be deleted before pod b" as a comparator (workloads.md §10.3): unscheduled first, then
 * Pending < Unknown < Running, not ready first, lower deletion cost, higher co-location rank, more
 * recently ready, more restarts, newer. The sort is made total by a final name comparison so that
 * Reel's order is deterministic where Go's unstable sort is not.
 */
export const compareForDeletion = (
  a: Pod,
  b: Pod,
  rank: (p: Pod) => number,
  nowMs: number,
): number => {
  const na = a.spec.nodeName ?? ''
  const nb = b.spec.nodeName ?? ''
  if ((na === '') !== (nb === '')) return na === '' ? -1 : 1
  const pa = PHASE_RANK[a.status?.phase ?? ''] ?? 0
  const pb = PHASE_RANK[b.status?.phase ?? ''] ?? 0
  if (pa !== pb) return pa - pb
  const ra = isPodReady(a)
  const rb = isPodReady(b)
  if (ra !== rb) return ra ? 1 : -1
  const ca = deletionCost(a)
  const cb = deletionCost(b)
  if (ca !== cb) return ca - cb
  const ka = rank(a)
  const kb = rank(b)
  if (ka !== kb) return kb - ka
  if (ra && rb) {
    const c = compareTimes(a, b, readySince(a), readySince(b), nowMs)
    if (c !== 0) return c
  }
  const xa = maxRestarts(a)
  const xb = maxRestarts(b)
  if (xa !== xb) return xb - xa
  const c = compareTimes(a, b, createdAt(a), createdAt(b), nowMs)
  if (c !== 0) return c
  const ma = a.metadata.name ?? ''
  const mb = b.metadata.name ?? ''
  return ma < mb ? -1 : ma > mb ? 1 : 0
}
