import { fromTimestamp, toTimestamp } from '../../kernel/brand.js'
import { InvariantViolation } from '../../kernel/invariant.js'
import type { ImageBehavior } from '../../model/imageBehavior.js'
import type { Container, Probe } from '../../model/pod.js'

type Json = Record<string, unknown>

/** `status.containerStatuses[i]`, as the kubelet writes it. */
export interface ContainerStatusJson {
  readonly name: string
  readonly image: string
  readonly imageID: string
  readonly containerID?: string
  readonly ready: boolean
  readonly restartCount: number
  readonly started: boolean
  readonly state: Json
  readonly lastState: Json
}

/** CrashLoopBackOff (stateful-storage-nodes.md §4.6): 0 before the first restart, then 10s doubling to 300s. */
export const restartBackoffMs = (restartsSoFar: number): number =>
  restartsSoFar === 0 ? 0 : Math.min(10_000 * 2 ** (restartsSoFar - 1), 300_000)

export interface ContainerContext {
  readonly spec: Container
  readonly behavior: ImageBehavior
  readonly restartPolicy: string
  readonly podStartMs: number
  readonly podRef: string
  /** An injected `container-crash`: the process dies then (exit 137), if it was running. */
  readonly crashAtMs?: number
}

/** The container as it is before it exists: waiting in ContainerCreating. */
export const creatingStatus = (c: Container): ContainerStatusJson => ({
  name: c.name,
  image: c.image,
  imageID: '',
  ready: false,
  restartCount: 0,
  started: false,
  state: { waiting: { reason: 'ContainerCreating' } },
  lastState: {},
})

const imageId = (image: string): string => `reel.local/${image}@sha256:${image.length.toString(16).padStart(4, '0')}`

const running = (ctx: ContainerContext, startedAtMs: number, restartCount: number, lastState: Json): ContainerStatusJson => ({
  name: ctx.spec.name,
  image: ctx.spec.image,
  imageID: imageId(ctx.spec.image),
  containerID: `reel://${ctx.podRef}/${ctx.spec.name}/${restartCount}`,
  ready: false,
  restartCount,
  started: true,
  state: { running: { startedAt: toTimestamp(startedAtMs) } },
  lastState,
})

const terminated = (s: ContainerStatusJson, startedAt: string, finishedAtMs: number, exitCode: number): Json => ({
  terminated: {
    exitCode,
    reason: exitCode === 0 ? 'Completed' : 'Error',
    startedAt,
    finishedAt: toTimestamp(finishedAtMs),
    containerID: s.containerID ?? '',
  },
})

const shouldRestart = (policy: string, exitCode: number): boolean =>
  policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0)

/**
 * Whether an injected crash at `crashAtMs` kills the current run: it happened after the run started and
 * no termination has been recorded at or after it yet (status times have one-second resolution).
 */
const crashApplies = (crashAtMs: number | undefined, s: ContainerStatusJson, startMs: number, nowMs: number): boolean => {
  if (crashAtMs === undefined || crashAtMs > nowMs || crashAtMs < startMs) return false
  const lastFinished = fromTimestamp((s.lastState as { terminated?: { finishedAt?: string } }).terminated?.finishedAt)
  return lastFinished === undefined || lastFinished < Math.floor(crashAtMs / 1000) * 1000
}

/** Readiness of a run started at `startMs`: ready now, and when that next flips (undefined: never). */
export const readinessAt = (
  probe: Probe | undefined,
  behavior: ImageBehavior,
  startMs: number,
  nowMs: number,
): { ready: boolean; nextChangeMs: number | undefined } => {
  if (probe === undefined) return { ready: true, nextChangeMs: undefined }
  const first = startMs + (probe.initialDelaySeconds ?? 0) * 1000
  const period = (probe.periodSeconds ?? 10) * 1000
  const r = behavior.readiness
  let readyFrom: number | undefined
  let readyUntil: number | undefined
  switch (r.kind) {
    case 'ok':
      readyFrom = first
      break
    case 'never':
      break
    case 'okAfter':
      readyFrom = first + Math.max(0, Math.ceil((startMs + r.afterMs - first) / period)) * period
      break
    case 'failAfterProbes':
      if (r.probes > 0) {
        readyFrom = first
        readyUntil = first + (r.probes + (probe.failureThreshold ?? 3) - 1) * period
      }
      break
  }
  if (readyFrom === undefined) return { ready: false, nextChangeMs: undefined }
  if (nowMs < readyFrom) return { ready: false, nextChangeMs: readyFrom }
  if (readyUntil === undefined) return { ready: true, nextChangeMs: undefined }
  return nowMs < readyUntil ? { ready: true, nextChangeMs: readyUntil } : { ready: false, nextChangeMs: undefined }
}

/**
 * Moves one container from its stored status to `nowMs`, one transition at a time (created → running →
 * exited → back-off → running …), and says when it next changes. Pure: all the history it needs
 * (restart count, last termination) is in the stored status, as the kubelet keeps it in the runtime.
 */
export const advanceContainer = (
  ctx: ContainerContext,
  stored: ContainerStatusJson,
  nowMs: number,
): { status: ContainerStatusJson; nextMs: number | undefined } => {
  // A status written by someone else (a test, an importer) may lack fields: read it defensively.
  let s: ContainerStatusJson = { ...stored, state: stored.state ?? { waiting: { reason: 'ContainerCreating' } }, lastState: stored.lastState ?? {}, restartCount: stored.restartCount ?? 0 }
  for (let guard = 0; guard < 10_000; guard++) {
    const st = s.state as { waiting?: { reason?: string }; running?: { startedAt?: string }; terminated?: { exitCode?: number; finishedAt?: string; startedAt?: string } }
    if (st.waiting?.reason === 'ContainerCreating') {
      const runAt = ctx.podStartMs + ctx.behavior.pullMs + ctx.behavior.startMs
      if (nowMs < runAt) return { status: s, nextMs: runAt }
      s = running(ctx, runAt, 0, {})
      continue
    }
    if (st.running) {
      const startMs = fromTimestamp(st.running.startedAt) ?? nowMs
      if (crashApplies(ctx.crashAtMs, s, startMs, nowMs)) {
        s = { ...s, ready: false, started: false, state: terminated(s, st.running.startedAt ?? '', ctx.crashAtMs!, 137) }
        continue
      }
      const exitAt = ctx.behavior.exit ? startMs + Math.max(ctx.behavior.exit.afterMs, 1) : undefined
      if (exitAt !== undefined && nowMs >= exitAt) {
        const code = ctx.behavior.exit!.code
        s = { ...s, ready: false, started: false, state: terminated(s, st.running.startedAt ?? '', exitAt, code) }
        continue
      }
      const r = readinessAt(ctx.spec.readinessProbe, ctx.behavior, startMs, nowMs)
      const next = [r.nextChangeMs, exitAt].filter((x): x is number => x !== undefined)
      return { status: { ...s, ready: r.ready }, nextMs: next.length > 0 ? Math.min(...next) : undefined }
    }
    const last = (st.terminated ?? (s.lastState as { terminated?: { exitCode?: number; finishedAt?: string } }).terminated) as
      | { exitCode?: number; finishedAt?: string }
      | undefined
    if (!last) return { status: s, nextMs: undefined }
    const code = last.exitCode ?? 0
    if (!shouldRestart(ctx.restartPolicy, code)) return { status: s, nextMs: undefined }
    const finishedMs = fromTimestamp(last.finishedAt) ?? nowMs
    const wait = restartBackoffMs(s.restartCount)
    const lastState = st.terminated ? { terminated: st.terminated } : s.lastState
    if (nowMs < finishedMs + wait) {
      const message = `back-off ${wait / 1000}s restarting failed container=${ctx.spec.name} pod=${ctx.podRef}`
      return {
        status: { ...s, ready: false, started: false, state: { waiting: { reason: 'CrashLoopBackOff', message } }, lastState },
        nextMs: finishedMs + wait,
      }
    }
    s = running(ctx, finishedMs + wait, s.restartCount + 1, lastState)
  }
  throw new InvariantViolation(`container ${ctx.podRef}/${ctx.spec.name} did not settle by ${nowMs}ms`)
}
