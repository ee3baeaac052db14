import { fromTimestamp } from '../../kernel/brand.js'
import type { KObject } from '../../model/meta.js'
import { type Fields, type KindPrinter, ageOf, list, num, ratio, rec, sinceTimestamp, str } from './cells.js'

/** The pod reason the node lifecycle controller sets on pods of an unreachable node. */
const NODE_LOST = 'NodeLost'

/** What `printPod` derives from the container statuses. */
interface PodSummary {
  reason: string
  ready: number
  total: number
  restarts: number
  /** finishedAt of the latest `lastState.terminated`, as an RFC 3339 string; '' when none. */
  lastRestart: string
  /** The same two counters over restartable (sidecar) init containers only. */
  sidecarRestarts: number
  sidecarLastRestart: string
}

const isTerminalPhase = (phase: string): boolean => phase === 'Succeeded' || phase === 'Failed'

const hasTrueCondition = (status: Fields, type: string): boolean =>
  list(status.conditions).some((c) => str(rec(c).type) === type && str(rec(c).status) === 'True')

const isRestartable = (c: Fields): boolean => str(c.restartPolicy) === 'Always'

/** The later of `prev` and the container's `lastState.terminated.finishedAt`, comparing instants. */
const laterRestart = (prev: string, cs: Fields): string => {
  const at = str(rec(rec(cs.lastState).terminated).finishedAt)
  const atMs = fromTimestamp(at || undefined)
  const prevMs = fromTimestamp(prev || undefined)
  return atMs !== undefined && (prevMs === undefined || atMs > prevMs) ? at : prev
}

/** `Signal:N` / `ExitCode:N` when a terminated container carries no reason. */
const terminatedCode = (t: Fields): string => (num(t.signal) !== 0 ? `Signal:${num(t.signal)}` : `ExitCode:${num(t.exitCode)}`)

/** The init-container pass of printPod; returns true while the pod is still initializing. */
const summarizeInit = (s: PodSummary, spec: Fields, status: Fields): boolean => {
  const inits = list(spec.initContainers).map(rec)
  const byName = new Map(inits.map((c) => [str(c.name), c]))
  const statuses = list(status.initContainerStatuses).map(rec)
  for (let i = 0; i < statuses.length; i++) {
    const cs = statuses[i]!
    s.restarts += num(cs.restartCount)
    s.lastRestart = laterRestart(s.lastRestart, cs)
    const sidecar = isRestartable(byName.get(str(cs.name)) ?? {})
    if (sidecar) {
      s.sidecarRestarts += num(cs.restartCount)
      s.sidecarLastRestart = laterRestart(s.sidecarLastRestart, cs)
    }
    const state = rec(cs.state)
    const terminated = state.terminated === undefined ? undefined : rec(state.terminated)
    const waitingReason = str(rec(state.waiting).reason)
    if (terminated !== undefined && num(terminated.exitCode) === 0) continue
    if (sidecar && cs.started === true) {
      if (cs.ready === true) s.ready++
      continue
    }
    if (terminated !== undefined) {
      const r = str(terminated.reason)
      s.reason = r === '' ? `Init:${terminatedCode(terminated)}` : `Init:${r}`
    } else if (waitingReason !== '' && waitingReason !== 'PodInitializing') s.reason = `Init:${waitingReason}`
    else s.reason = `Init:${i}/${inits.length}`
    return true
  }
  return false
}

/** The regular-container pass of printPod, walked last to first so the first container's reason wins. */
const summarizeContainers = (s: PodSummary, status: Fields): void => {
  const statuses = list(status.containerStatuses).map(rec)
  let hasRunning = false
  for (let i = statuses.length - 1; i >= 0; i--) {
    const cs = statuses[i]!
    s.restarts += num(cs.restartCount)
    s.lastRestart = laterRestart(s.lastRestart, cs)
    const state = rec(cs.state)
    const waiting = str(rec(state.waiting).reason)
    const terminated = state.terminated === undefined ? undefined : rec(state.terminated)
    if (waiting !== '') s.reason = waiting
    else if (terminated !== undefined) s.reason = str(terminated.reason) || terminatedCode(terminated)
    else if (cs.ready === true && state.running !== undefined) {
      hasRunning = true
      s.ready++
    }
  }
  // A pod whose main container completed while a sidecar still runs is shown as Running.
  if (s.reason === 'Completed' && hasRunning) s.reason = hasTrueCondition(status, 'Ready') ? 'Running' : 'NotReady'
}

/** Mirrors kubernetes pkg/printers/internalversion printPod: READY, STATUS and RESTARTS of a pod. */
export const summarizePod = (pod: KObject): PodSummary => {
  const spec = rec(pod.spec)
  const status = rec(pod.status)
  const phase = str(status.phase)
  const inits = list(spec.initContainers).map(rec)
  const s: PodSummary = {
    reason: str(status.reason) || phase,
    ready: 0,
    total: list(spec.containers).length + inits.filter(isRestartable).length,
    restarts: 0,
    lastRestart: '',
    sidecarRestarts: 0,
    sidecarLastRestart: '',
  }
  const initializing = summarizeInit(s, spec, status)
  if (!initializing || hasTrueCondition(status, 'Initialized')) {
    // Once initialized, only sidecar restarts carry over from the init pass, as upstream does.
    s.restarts = s.sidecarRestarts
    s.lastRestart = s.sidecarLastRestart
    summarizeContainers(s, status)
  }
  if (pod.metadata.deletionTimestamp !== undefined && str(status.reason) === NODE_LOST) s.reason = 'Unknown'
  else if (pod.metadata.deletionTimestamp !== undefined && !isTerminalPhase(phase)) s.reason = 'Terminating'
  return s
}

/** kubectl ≥ 1.22's RESTARTS cell: `2 (5m ago)` once a container has restarted. */
const restartsCell = (s: PodSummary, nowMs: number): string =>
  s.restarts !== 0 && s.lastRestart !== '' ? `${s.restarts} (${sinceTimestamp(s.lastRestart, nowMs)} ago)` : String(s.restarts)

const orNone = (v: string): string => (v === '' ? '<none>' : v)

/** The `-o wide` cells: IP, NODE, NOMINATED NODE, READINESS GATES. */
const wideCells = (pod: KObject): string[] => {
  const spec = rec(pod.spec)
  const status = rec(pod.status)
  const ip = str(rec(list(status.podIPs)[0]).ip) || str(status.podIP)
  const gates = list(spec.readinessGates).map((g) => str(rec(g).conditionType))
  const gatesCell =
    gates.length === 0 ? '<none>' : ratio(gates.filter((g) => hasTrueCondition(status, g)).length, gates.length)
  return [orNone(ip), orNone(str(spec.nodeName)), orNone(str(status.nominatedNodeName)), gatesCell]
}

/** `kubectl get pods`: NAME READY STATUS RESTARTS AGE, plus IP NODE NOMINATED NODE READINESS GATES when wide. */
export const podPrinter: KindPrinter = {
  columns: (wide) =>
    wide
      ? ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']
      : ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
  row: (pod, nowMs, wide) => {
    const s = summarizePod(pod)
    const base = [pod.metadata.name ?? '', ratio(s.ready, s.total), s.reason, restartsCell(s, nowMs), ageOf(pod, nowMs)]
    return wide ? [...base, ...wideCells(pod)] : base
  },
}
