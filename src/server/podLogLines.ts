import { EPOCH_WALL_MS, fromTimestamp } from '../kernel/brand.js'
import type { KObject } from '../model/meta.js'

type Json = Record<string, unknown>

/** One version of a pod, and the virtual time it was written at. */
export interface PodVersion {
  readonly atMs: number
  readonly pod: KObject
}

/** One simulated log line of one run of a container. */
export interface LogLine {
  readonly atMs: number
  readonly text: string
}

/** One run of a container: from a `startedAt` to its termination, if any. */
interface Run {
  readonly startedAt: string
  readonly lines: LogLine[]
  ended: boolean
}

const parseMs = (ts: unknown): number | undefined => (typeof ts === 'string' ? fromTimestamp(ts) : undefined)

const statusOf = (pod: KObject, container: string): Json | undefined => {
  const list = (pod.status as { containerStatuses?: Json[] } | undefined)?.containerStatuses ?? []
  return list.find((c) => c.name === container)
}

const terminationLine = (t: Json, fallbackMs: number): LogLine => {
  const reason = typeof t.reason === 'string' ? ` (${t.reason})` : ''
  return { atMs: parseMs(t.finishedAt) ?? fallbackMs, text: `reel: process exited with code ${String(t.exitCode ?? 0)}${reason}` }
}

/**
 * The runs of a container, rebuilt from the pod's versions in the log: each distinct `startedAt` is one
 * run, with its start, readiness changes, the pod's deletion and its exit. Reel runs no processes, so
 * this is the log the kubelet's record implies — deterministic, dated in virtual time.
 */
export const containerRuns = (versions: readonly PodVersion[], container: string): readonly Run[] => {
  const runs: Run[] = []
  const find = (startedAt: string): Run | undefined => runs.find((r) => r.startedAt === startedAt)
  let ready: boolean | undefined
  let deleting = false
  for (const { atMs, pod } of versions) {
    const cs = statusOf(pod, container)
    if (cs === undefined) continue
    const state = (cs.state ?? {}) as { running?: Json; terminated?: Json }
    const last = ((cs.lastState ?? {}) as { terminated?: Json }).terminated
    // A run that ended before this version was seen running still ends in the log.
    if (last !== undefined && typeof last.startedAt === 'string') endRun(runs, find, last, atMs, cs)
    const current = state.running ?? state.terminated
    if (current !== undefined && typeof current.startedAt === 'string' && find(current.startedAt) === undefined) {
      const startMs = parseMs(current.startedAt) ?? atMs
      runs.push({ startedAt: current.startedAt, lines: [{ atMs: startMs, text: `reel: container ${container} started (image ${String(cs.image ?? '')})` }], ended: false })
      ready = undefined
    }
    const run = current !== undefined && typeof current.startedAt === 'string' ? find(current.startedAt) : undefined
    if (run !== undefined && state.running !== undefined && cs.ready !== ready) {
      if (ready !== undefined || cs.ready === true) run.lines.push({ atMs, text: cs.ready === true ? 'reel: readiness probe succeeded' : 'reel: readiness probe failed' })
      ready = cs.ready === true
    }
    if (run !== undefined && !deleting && pod.metadata.deletionTimestamp !== undefined && state.running !== undefined) {
      deleting = true
      run.lines.push({ atMs, text: `reel: received SIGTERM (pod deleted, grace period ${String(pod.metadata.deletionGracePeriodSeconds ?? 30)}s)` })
    }
    if (state.terminated !== undefined && typeof state.terminated.startedAt === 'string') endRun(runs, find, state.terminated, atMs, cs)
  }
  return runs
}

const endRun = (runs: Run[], find: (s: string) => Run | undefined, t: Json, atMs: number, cs: Json): void => {
  const startedAt = t.startedAt as string
  let run = find(startedAt)
  if (run === undefined) {
    run = { startedAt, lines: [{ atMs: parseMs(startedAt) ?? atMs, text: `reel: container ${String(cs.name)} started (image ${String(cs.image ?? '')})` }], ended: false }
    runs.push(run)
    runs.sort((a, b) => (parseMs(a.startedAt) ?? 0) - (parseMs(b.startedAt) ?? 0))
  }
  if (run.ended) return
  run.ended = true
  run.lines.push(terminationLine(t, atMs))
}

/** `timestamps=true`: RFC 3339 with nanoseconds, as the kubelet prefixes each line. */
const stamp = (atMs: number): string => new Date(EPOCH_WALL_MS + atMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')

/** Options of a log read (`PodLogOptions`, the ones Reel honours). */
export interface LogOptions {
  readonly timestamps: boolean
  readonly tailLines?: number
  readonly limitBytes?: number
  readonly sinceMs?: number
}

/** Renders a run's lines as the text the kubelet would serve. */
export const renderLog = (lines: readonly LogLine[], o: LogOptions): string => {
  const kept = lines.filter((l) => o.sinceMs === undefined || l.atMs >= o.sinceMs)
  const tail = o.tailLines !== undefined && o.tailLines >= 0 ? kept.slice(Math.max(0, kept.length - o.tailLines)) : kept
  const text = tail.map((l) => `${o.timestamps ? `${stamp(l.atMs)} ` : ''}${l.text}\n`).join('')
  return o.limitBytes !== undefined && o.limitBytes > 0 ? Buffer.from(text).subarray(0, o.limitBytes).toString() : text
}
