import { fromTimestamp } from '../../kernel/brand.js'
import { podCondition, type Pod } from '../../model/pod.js'
import { calculateRequests, METRIC_WINDOW_MS, type PodSample } from './podMetrics.js'

/** `--horizontal-pod-autoscaler-cpu-initialization-period`. */
export const CPU_INITIALIZATION_PERIOD_MS = 300_000
/** `--horizontal-pod-autoscaler-initial-readiness-delay`. */
export const INITIAL_READINESS_DELAY_MS = 30_000
/** `--horizontal-pod-autoscaler-tolerance`. */
export const DEFAULT_TOLERANCE = 0.1

/** Per-direction tolerances (`Tolerances`); both 0.1 unless a behavior rule sets its own. */
export interface Tolerances {
  readonly scaleDown: number
  readonly scaleUp: number
}

/** `Tolerances.isWithin`: the ratio is close enough to 1 that nothing changes. */
export const isWithin = (t: Tolerances, ratio: number): boolean => 1.0 - t.scaleDown <= ratio && ratio <= 1.0 + t.scaleUp

export interface PodGroups {
  readonly readyPodCount: number
  readonly unready: ReadonlySet<string>
  readonly missing: ReadonlySet<string>
  readonly ignored: ReadonlySet<string>
}

const CPU = 'cpu'

/** The CPU readiness rule of `groupPods` for a Running pod with a sample. */
const isUnreadyForCpu = (p: Pod, sample: PodSample, nowMs: number): boolean => {
  const ready = podCondition(p, 'Ready')
  const startMs = fromTimestamp(p.status?.startTime)
  if (ready === undefined || startMs === undefined) return true
  const transitionMs = fromTimestamp(ready.lastTransitionTime) ?? 0
  if (startMs + CPU_INITIALIZATION_PERIOD_MS > nowMs)
    return ready.status === 'False' || sample.timestampMs < transitionMs + sample.windowMs
  return ready.status === 'False' && startMs + INITIAL_READINESS_DELAY_MS > transitionMs
}

/**
 * `groupPods`: deleted and Failed pods are ignored, Pending ones unready, pods without a sample missing;
 * for cpu, a Running pod is also unready while it initializes or if it has never been ready.
 */
export const groupPods = (pods: readonly Pod[], metrics: ReadonlyMap<string, PodSample>, resource: string, nowMs: number): PodGroups => {
  let readyPodCount = 0
  const unready = new Set<string>()
  const missing = new Set<string>()
  const ignored = new Set<string>()
  for (const p of pods) {
    const name = p.metadata.name ?? ''
    if (p.metadata.deletionTimestamp !== undefined || p.status?.phase === 'Failed') ignored.add(name)
    else if (p.status?.phase === 'Pending' || p.status?.phase === undefined) unready.add(name)
    else if (!metrics.has(name)) missing.add(name)
    else if (resource === CPU && isUnreadyForCpu(p, metrics.get(name)!, nowMs)) unready.add(name)
    else readyPodCount++
  }
  return { readyPodCount, unready, missing, ignored }
}

/**
 * Whether time alone can change how `groupPods` classifies this pod for cpu: a Ready pod inside its
 * initialization period whose first full metric window has not passed, or a not-Ready one that was ready
 * before and will count again once the period ends. The controller keeps syncing while one exists.
 */
export const isCpuClassificationPending = (p: Pod, nowMs: number): boolean => {
  const ready = podCondition(p, 'Ready')
  const startMs = fromTimestamp(p.status?.startTime)
  if (p.status?.phase !== 'Running' || ready === undefined || startMs === undefined) return false
  if (startMs + CPU_INITIALIZATION_PERIOD_MS <= nowMs) return false
  const transitionMs = fromTimestamp(ready.lastTransitionTime) ?? 0
  return ready.status === 'True' ? nowMs < transitionMs + METRIC_WINDOW_MS : startMs + INITIAL_READINESS_DELAY_MS <= transitionMs
}

/** `GetResourceUtilizationRatio`: the integer percent of Σusage over Σrequest, and the ratio to the target. */
export const utilizationRatio = (
  metrics: ReadonlyMap<string, number>,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): { ratio: number; utilization: number; rawAverageMilli: number } | string => {
  let usage = 0
  let request = 0
  let entries = 0
  for (const [name, value] of metrics) {
    const r = requests.get(name)
    if (r === undefined) continue
    usage += value
    request += r
    entries++
  }
  if (request === 0) return 'no metrics returned matched known pods'
  const utilization = Math.trunc((usage * 100) / request)
  return { ratio: utilization / targetUtilization, utilization, rawAverageMilli: Math.trunc(usage / entries) }
}

export interface ResourceReplicas {
  readonly replicas: number
  /** The integer utilization percent over the ready pods. */
  readonly utilization: number
  /** The average usage over the ready pods, in milli-units. */
  readonly rawAverageMilli: number
}

/**
 * `GetResourceReplicas`: the replica count that brings the average utilization of `resource` over the
 * ready pods to `targetUtilization`, keeping the current count within the tolerance and when missing or
 * unready pods would reverse the direction. Returns upstream's error text when it cannot tell.
 */
export const getResourceReplicas = (args: {
  readonly currentReplicas: number
  readonly targetUtilization: number
  readonly resource: string
  readonly tolerances: Tolerances
  readonly pods: readonly Pod[]
  readonly samples: ReadonlyMap<string, PodSample>
  readonly nowMs: number
}): ResourceReplicas | string => {
  const { currentReplicas, targetUtilization, tolerances, pods } = args
  if (pods.length === 0) return 'no pods returned by selector while calculating replica count'
  const g = groupPods(pods, args.samples, args.resource, args.nowMs)
  const metrics = new Map<string, number>()
  for (const [name, s] of args.samples) if (!g.ignored.has(name) && !g.unready.has(name)) metrics.set(name, s.valueMilli)
  if (metrics.size === 0) return 'did not receive metrics for targeted pods (pods might be unready)'
  const requests = calculateRequests(pods, args.resource)
  if (typeof requests === 'string') return requests
  const first = utilizationRatio(metrics, requests, targetUtilization)
  if (typeof first === 'string') return first
  const { ratio, utilization, rawAverageMilli } = first
  const keep = { replicas: currentReplicas, utilization, rawAverageMilli }
  const scaleUpWithUnready = g.unready.size > 0 && ratio > 1.0
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (isWithin(tolerances, ratio)) return keep
    return { replicas: Math.ceil(ratio * g.readyPodCount), utilization, rawAverageMilli }
  }
  if (g.missing.size > 0) {
    if (ratio < 1.0) {
      const fallback = Math.max(100, targetUtilization)
      for (const name of g.missing) metrics.set(name, Math.trunc(((requests.get(name) ?? 0) * fallback) / 100))
    } else if (ratio > 1.0) for (const name of g.missing) metrics.set(name, 0)
  }
  if (scaleUpWithUnready) for (const name of g.unready) metrics.set(name, 0)
  const second = utilizationRatio(metrics, requests, targetUtilization)
  if (typeof second === 'string') return second
  const newRatio = second.ratio
  if (isWithin(tolerances, newRatio) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0)) return keep
  const replicas = Math.ceil(newRatio * metrics.size)
  if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas)) return keep
  return { replicas, utilization, rawAverageMilli }
}
