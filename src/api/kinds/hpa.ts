import type { KObject } from '../../model/meta.js'
import { cause, type StatusCause } from '../../model/status.js'

// ---- model: autoscaling/v2 HorizontalPodAutoscaler, the fields Reel reads

/** `autoscaling/v2` MetricTarget. Quantities stay as written (`500m`, `1Gi`). */
export interface MetricTarget {
  readonly type: string
  readonly averageUtilization?: number
  readonly averageValue?: string | number
  readonly value?: string | number
}

/** `autoscaling/v2` MetricSpec; only `Resource` metrics have a simulated source in Reel. */
export interface MetricSpec {
  readonly type: string
  readonly resource?: { readonly name: string; readonly target: MetricTarget }
}

export interface HPAScalingPolicy {
  readonly type: 'Pods' | 'Percent'
  readonly value: number
  readonly periodSeconds: number
}

export interface HPAScalingRules {
  readonly stabilizationWindowSeconds?: number
  readonly selectPolicy?: 'Max' | 'Min' | 'Disabled'
  readonly policies?: readonly HPAScalingPolicy[]
  /** HPAConfigurableTolerance: a quantity (`0.05`) replacing the 0.1 flag for this direction. */
  readonly tolerance?: string | number
}

export interface HPACondition {
  readonly type: string
  readonly status: string
  readonly lastTransitionTime?: string
  readonly reason?: string
  readonly message?: string
}

export interface HPAStatus {
  readonly currentReplicas?: number
  readonly desiredReplicas?: number
  readonly lastScaleTime?: string
  readonly currentMetrics?: readonly unknown[]
  readonly conditions?: readonly HPACondition[]
}

export interface HorizontalPodAutoscaler extends KObject {
  readonly spec: {
    readonly scaleTargetRef: { readonly apiVersion?: string; readonly kind: string; readonly name: string }
    readonly minReplicas?: number
    readonly maxReplicas: number
    readonly metrics?: readonly MetricSpec[]
    readonly behavior?: { readonly scaleUp?: HPAScalingRules; readonly scaleDown?: HPAScalingRules }
  }
  readonly status?: HPAStatus
}

// ---- defaulting (pkg/apis/autoscaling/v2/defaults.go)

type Json = Record<string, unknown>

/** `autoscaling.DefaultCPUUtilization`: the target when no metric is given. */
export const DEFAULT_CPU_UTILIZATION = 80

/** `defaultHPAScaleUpRules`: no stabilization, the larger of +4 pods or +100% per 15 s. */
export const DEFAULT_SCALE_UP_RULES: HPAScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
}

/**
 * `defaultHPAScaleDownRules`: −100% per 15 s. The stabilization window is left unset, as upstream: the
 * controller fills it from `--horizontal-pod-autoscaler-downscale-stabilization` (300 s).
 */
export const DEFAULT_SCALE_DOWN_RULES: HPAScalingRules = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
}

/** `copyHPAScalingRules`: every field the user set wins over the default. */
const withRules = (given: unknown, defaults: HPAScalingRules): Json => {
  const g = (given as Json | undefined) ?? {}
  const out: Json = { ...defaults }
  for (const f of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance'])
    if (g[f] !== undefined && g[f] !== null) out[f] = g[f]
  return out
}

/**
 * `SetDefaults_HorizontalPodAutoscaler` (autoscaling/v2): `minReplicas` 1, one cpu metric at 80% when no
 * metric is given, and — only when `spec.behavior` is set — each direction's rules filled from the
 * defaults. A nil behavior stays nil, so the controller takes its legacy normalization path.
 */
export const defaultHPA = (o: KObject): KObject => {
  const spec = (o.spec as Json | undefined) ?? {}
  const metrics = spec.metrics as unknown[] | undefined
  const out: Json = {
    ...spec,
    minReplicas: spec.minReplicas ?? 1,
    metrics:
      metrics === undefined || metrics.length === 0
        ? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }]
        : metrics,
  }
  const behavior = spec.behavior as Json | undefined | null
  if (behavior !== undefined && behavior !== null)
    out.behavior = { scaleUp: withRules(behavior.scaleUp, DEFAULT_SCALE_UP_RULES), scaleDown: withRules(behavior.scaleDown, DEFAULT_SCALE_DOWN_RULES) }
  return { ...o, spec: out }
}

// ---- validation (pkg/apis/autoscaling/validation)

const MAX_PERIOD_SECONDS = 1800
const MAX_STABILIZATION_WINDOW_SECONDS = 3600

const validateRules = (r: Json | undefined, path: string, out: StatusCause[]): void => {
  if (r === undefined) return
  const sp = r.selectPolicy
  if (sp !== undefined && !['Max', 'Min', 'Disabled'].includes(String(sp))) out.push(cause.notSupported(`${path}.selectPolicy`, sp, ['Disabled', 'Max', 'Min']))
  const w = r.stabilizationWindowSeconds
  if (typeof w === 'number') {
    if (w < 0) out.push(cause.invalid(`${path}.stabilizationWindowSeconds`, w, 'must be greater than or equal to zero'))
    if (w > MAX_STABILIZATION_WINDOW_SECONDS)
      out.push(cause.invalid(`${path}.stabilizationWindowSeconds`, w, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`))
  }
  const policies = (r.policies as Json[] | undefined) ?? []
  if (policies.length === 0) out.push(cause.required(`${path}.policies`))
  policies.forEach((p, i) => {
    const pp = `${path}.policies[${i}]`
    if (p.type !== 'Pods' && p.type !== 'Percent') out.push(cause.notSupported(`${pp}.type`, p.type, ['Percent', 'Pods']))
    const period = p.periodSeconds
    if (typeof period !== 'number' || period <= 0) out.push(cause.invalid(`${pp}.periodSeconds`, period, 'must be greater than zero'))
    else if (period > MAX_PERIOD_SECONDS) out.push(cause.invalid(`${pp}.periodSeconds`, period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`))
    if (typeof p.value !== 'number' || p.value <= 0) out.push(cause.invalid(`${pp}.value`, p.value, 'must be greater than zero'))
  })
}

const validateMetric = (m: Json, path: string, out: StatusCause[]): void => {
  const types = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource']
  if (!types.includes(String(m.type))) {
    out.push(cause.notSupported(`${path}.type`, m.type, types))
    return
  }
  if (m.type !== 'Resource') return
  const r = m.resource as Json | undefined
  if (r === undefined) {
    out.push(cause.required(`${path}.resource`))
    return
  }
  if (!r.name) out.push(cause.required(`${path}.resource.name`))
  const t = (r.target as Json | undefined) ?? {}
  const tp = `${path}.resource.target`
  if (t.type === 'Utilization') {
    if (t.averageUtilization === undefined) out.push(cause.required(`${tp}.averageUtilization`))
    else if (typeof t.averageUtilization !== 'number' || t.averageUtilization < 1)
      out.push(cause.invalid(`${tp}.averageUtilization`, t.averageUtilization, 'must be greater than 0'))
  } else if (t.type === 'AverageValue') {
    if (t.averageValue === undefined) out.push(cause.required(`${tp}.averageValue`))
  } else if (t.type === 'Value') out.push(cause.forbidden(`${tp}.value`, 'may not be set when the metric type is Resource'))
  else out.push(cause.notSupported(`${tp}.type`, t.type, ['AverageValue', 'Utilization', 'Value']))
}

/** `ValidateHorizontalPodAutoscaler` for the fields Reel reads, after defaulting. Empty means valid. */
export const validateHPA = (o: KObject): StatusCause[] => {
  const out: StatusCause[] = []
  const spec = (o.spec as Json | undefined) ?? {}
  const ref = (spec.scaleTargetRef as Json | undefined) ?? {}
  if (!ref.kind) out.push(cause.required('spec.scaleTargetRef.kind'))
  if (!ref.name) out.push(cause.required('spec.scaleTargetRef.name'))
  const min = spec.minReplicas
  const max = spec.maxReplicas
  if (typeof min === 'number' && min < 1) out.push(cause.invalid('spec.minReplicas', min, 'must be greater than or equal to 1'))
  if (typeof max !== 'number' || max < 1) out.push(cause.invalid('spec.maxReplicas', max, 'must be greater than 0'))
  else if (typeof min === 'number' && max < min) out.push(cause.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'))
  ;((spec.metrics as Json[] | undefined) ?? []).forEach((m, i) => validateMetric(m, `spec.metrics[${i}]`, out))
  const behavior = spec.behavior as Json | undefined
  if (behavior !== undefined) {
    validateRules(behavior.scaleUp as Json | undefined, 'spec.behavior.scaleUp', out)
    validateRules(behavior.scaleDown as Json | undefined, 'spec.behavior.scaleDown', out)
  }
  return out
}
