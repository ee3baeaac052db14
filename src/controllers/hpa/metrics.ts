import type { HorizontalPodAutoscaler, MetricSpec } from '../../api/kinds/hpa.js'
import type { RawBehavior } from '../../model/imageBehavior.js'
import type { LoadTarget } from '../../model/load.js'
import type { KObject } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { formatMilliValue, parseMilliValue } from '../../model/quantity.js'
import { simulatedSamples } from './podMetrics.js'
import { DEFAULT_TOLERANCE, getResourceReplicas, type Tolerances } from './replicaCalculator.js'

/** What the metric source sees: the target's pods, the images, the load, the clock. */
export interface MetricInputs {
  readonly pods: readonly Pod[]
  readonly images: Readonly<Record<string, RawBehavior>> | undefined
  readonly loadConfigMap: KObject | undefined
  readonly target: LoadTarget
  readonly nowMs: number
}

/** A failed metric: the `ScalingActive=False` reason and the error text upstream wraps. */
interface MetricFailure {
  readonly reason: string
  readonly error: string
}

type MetricResult =
  | { readonly ok: true; readonly replicas: number; readonly metric: string; readonly status: Record<string, unknown> }
  | ({ readonly ok: false } & MetricFailure)

/** `tolerancesForHpa`: a behavior rule's own tolerance (HPAConfigurableTolerance), else the 0.1 flag. */
export const tolerancesOf = (hpa: HorizontalPodAutoscaler): Tolerances => {
  const t = (q: string | number | undefined): number => {
    const milli = q === undefined ? undefined : parseMilliValue(q)
    return milli === undefined ? DEFAULT_TOLERANCE : milli / 1000
  }
  return { scaleDown: t(hpa.spec.behavior?.scaleDown?.tolerance), scaleUp: t(hpa.spec.behavior?.scaleUp?.tolerance) }
}

const FAILED_REASON: Readonly<Record<string, string>> = {
  Pods: 'FailedGetPodsMetric',
  Object: 'FailedGetObjectMetric',
  External: 'FailedGetExternalMetric',
  ContainerResource: 'FailedGetContainerResourceMetric',
}

/** `computeReplicasForMetric` for one metric spec: a Resource utilization target over simulated samples. */
const computeForMetric = (hpa: HorizontalPodAutoscaler, spec: MetricSpec, current: number, m: MetricInputs): MetricResult => {
  if (spec.type !== 'Resource' || spec.resource === undefined) {
    const reason = FAILED_REASON[spec.type] ?? 'InvalidMetricSourceType'
    return { ok: false, reason, error: `failed to get ${spec.type.toLowerCase()} metric value: Reel simulates resource metrics (cpu, memory) only` }
  }
  const { name, target } = spec.resource
  const prefix = `failed to get ${name} resource metric value: `
  if (target.averageUtilization === undefined) {
    const inner = target.averageValue !== undefined
      ? `failed to get ${name} usage: AverageValue resource targets are not simulated by Reel`
      : 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set'
    return { ok: false, reason: 'FailedGetResourceMetric', error: prefix + inner }
  }
  const samples = simulatedSamples(name, m.pods, m.images, m.loadConfigMap, m.target, m.nowMs)
  if (samples === undefined)
    return { ok: false, reason: 'FailedGetResourceMetric', error: `${prefix}failed to get ${name} utilization: unable to get metrics for resource ${name}: no metrics returned from resource metrics API` }
  const r = getResourceReplicas({
    currentReplicas: current,
    targetUtilization: target.averageUtilization,
    resource: name,
    tolerances: tolerancesOf(hpa),
    pods: m.pods,
    samples,
    nowMs: m.nowMs,
  })
  if (typeof r === 'string') return { ok: false, reason: 'FailedGetResourceMetric', error: `${prefix}failed to get ${name} utilization: ${r}` }
  return {
    ok: true,
    replicas: r.replicas,
    metric: `${name} resource utilization (percentage of request)`,
    status: { type: 'Resource', resource: { name, current: { averageUtilization: r.utilization, averageValue: formatMilliValue(r.rawAverageMilli) } } },
  }
}

/** The outcome of `computeReplicasForMetrics`. */
export type MetricsOutcome =
  | { readonly ok: true; readonly replicas: number; readonly metric: string; readonly statuses: readonly Record<string, unknown>[] }
  | { readonly ok: false; readonly statuses: readonly Record<string, unknown>[]; readonly reason: string; readonly metricError: string; readonly error: string }

/**
 * `computeReplicasForMetrics`: the largest proposal over the metrics. Invalid metrics are skipped while
 * one works, unless the working ones would scale down; then (as when all fail) the first failure wins.
 */
export const computeReplicasForMetrics = (hpa: HorizontalPodAutoscaler, specReplicas: number, m: MetricInputs): MetricsOutcome => {
  const specs = hpa.spec.metrics ?? []
  const statuses: Record<string, unknown>[] = []
  let replicas = 0
  let metric = ''
  let invalid = 0
  let first: MetricFailure | undefined
  for (const spec of specs) {
    const r = computeForMetric(hpa, spec, specReplicas, m)
    if (!r.ok) {
      first ??= r
      invalid++
      statuses.push({ type: '' })
      continue
    }
    statuses.push(r.status)
    if (replicas === 0 || r.replicas > replicas) {
      replicas = r.replicas
      metric = r.metric
    }
  }
  if (first !== undefined && (invalid >= specs.length || replicas < specReplicas))
    return {
      ok: false,
      statuses,
      reason: first.reason,
      metricError: first.error.replace(/^failed to get \S+ resource metric value: /, ''),
      error: `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${first.error}`,
    }
  return { ok: true, replicas, metric, statuses }
}
