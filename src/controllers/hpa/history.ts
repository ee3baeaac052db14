import type { HorizontalPodAutoscaler } from '../../api/kinds/hpa.js'

/**
 * What upstream's HPA controller keeps in memory per HPA (`recommendations`, `scaleUpEvents`,
 * `scaleDownEvents`), persisted on the HPA as the JSON annotation `autoscaling.reel.dev/history` so that
 * the controller itself keeps nothing (DESIGN.md rule 2).
 *
 * Recommendations are stored compactly: the *standing* recommendation (the one every sync since
 * `sinceMs` produced) and the *past* ones, each with the last instant it was recommended. Upstream
 * records one entry per 15 s sync; because syncs are on a fixed 15 s grid and the controller is woken
 * by every change that can alter the recommendation, the standing one was also recorded at every grid
 * point since `sinceMs` — so its latest timestamp is always "the previous sync", and nothing needs
 * writing while it does not change.
 */
export const HISTORY_ANNOTATION = 'autoscaling.reel.dev/history'

/** The HPA sync period (`--horizontal-pod-autoscaler-sync-period`). */
export const SYNC_PERIOD_MS = 15_000

export interface TimedRecommendation {
  readonly atMs: number
  readonly replicas: number
}

export interface ScaleEvent {
  readonly atMs: number
  readonly change: number
}

export interface History {
  /** The grid instant of the last sync that wrote the HPA: a second reconcile at that instant does nothing. */
  readonly syncedAtMs?: number
  readonly standing?: { readonly replicas: number; readonly sinceMs: number }
  /** Past recommendations, oldest first, each at the last instant it was recommended. */
  readonly past: readonly TimedRecommendation[]
  readonly scaleUp: readonly ScaleEvent[]
  readonly scaleDown: readonly ScaleEvent[]
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

const timed = (v: unknown): TimedRecommendation[] =>
  Array.isArray(v) ? v.filter((r): r is TimedRecommendation => isNum(r?.atMs) && isNum(r?.replicas)) : []
const events = (v: unknown): ScaleEvent[] =>
  Array.isArray(v) ? v.filter((r): r is ScaleEvent => isNum(r?.atMs) && isNum(r?.change)) : []

/** The persisted history, or undefined before the first sync (no annotation). A corrupt one reads as empty. */
export const readHistory = (hpa: HorizontalPodAutoscaler): History | undefined => {
  const text = hpa.metadata.annotations?.[HISTORY_ANNOTATION]
  if (text === undefined) return undefined
  let raw: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed !== null && typeof parsed === 'object') raw = parsed as Record<string, unknown>
  } catch {
    raw = {}
  }
  const st = raw.standing as { replicas?: unknown; sinceMs?: unknown } | undefined
  return {
    ...(isNum(raw.syncedAtMs) ? { syncedAtMs: raw.syncedAtMs } : {}),
    ...(st !== undefined && isNum(st.replicas) && isNum(st.sinceMs) ? { standing: { replicas: st.replicas, sinceMs: st.sinceMs } } : {}),
    past: timed(raw.past),
    scaleUp: events(raw.scaleUp),
    scaleDown: events(raw.scaleDown),
  }
}

/** The annotation value, keys in a fixed order. */
export const writeHistory = (h: History): string =>
  JSON.stringify({
    ...(h.syncedAtMs !== undefined ? { syncedAtMs: h.syncedAtMs } : {}),
    ...(h.standing !== undefined ? { standing: { replicas: h.standing.replicas, sinceMs: h.standing.sinceMs } } : {}),
    past: h.past.map((r) => ({ atMs: r.atMs, replicas: r.replicas })),
    scaleUp: h.scaleUp.map((e) => ({ atMs: e.atMs, change: e.change })),
    scaleDown: h.scaleDown.map((e) => ({ atMs: e.atMs, change: e.change })),
  })

/** The first sync's history: `recordInitialRecommendation` records the current replica count now. */
export const initialHistory = (currentReplicas: number, nowMs: number): History => ({
  past: [{ atMs: nowMs, replicas: currentReplicas }],
  scaleUp: [],
  scaleDown: [],
})

/** The last instant the standing recommendation was recorded before `nowMs`: the previous grid sync. */
const standingLastMs = (h: History, nowMs: number): number | undefined =>
  h.standing === undefined ? undefined : Math.max(h.standing.sinceMs, nowMs - SYNC_PERIOD_MS)

/** Upstream's recommendation list as of a sync at `nowMs`, before this sync's own recommendation. */
export const recommendationsAt = (h: History, nowMs: number): TimedRecommendation[] => {
  const last = standingLastMs(h, nowMs)
  return last === undefined ? [...h.past] : [...h.past, { atMs: last, replicas: h.standing!.replicas }]
}

/** Ends the standing recommendation (a sync that records none): it was last recorded at the previous sync. */
export const closeStanding = (h: History, nowMs: number): History => {
  if (h.standing === undefined) return h
  const { standing: _s, ...rest } = h
  return { ...rest, past: [...h.past, { atMs: standingLastMs(h, nowMs)!, replicas: h.standing.replicas }] }
}

/**
 * Records this sync's recommendation. Keeps the past entries for which `isRelevant` holds (given the
 * new standing value): the others can no longer change any future stabilization.
 */
export const recordRecommendation = (
  h: History,
  replicas: number,
  nowMs: number,
  isRelevant: (r: TimedRecommendation, standing: number) => boolean,
): History => {
  const moved = h.standing !== undefined && h.standing.replicas === replicas ? h : closeStanding(h, nowMs)
  const standing = moved.standing ?? { replicas, sinceMs: nowMs }
  const past = moved.past.filter((r) => r.replicas !== replicas && isRelevant(r, replicas))
  return { ...moved, standing, past }
}

/** Whether any past recommendation is still held: a stabilization window is open. */
export const hasOpenWindow = (h: History): boolean => h.past.length > 0
