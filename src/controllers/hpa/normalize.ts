import type { HPAScalingRules, HorizontalPodAutoscaler } from '../../api/kinds/hpa.js'
import { DEFAULT_SCALE_DOWN_RULES, DEFAULT_SCALE_UP_RULES } from '../../api/kinds/hpa.js'
import { type History, recommendationsAt, recordRecommendation, type ScaleEvent, type TimedRecommendation } from './history.js'

/** `--horizontal-pod-autoscaler-downscale-stabilization`. */
export const DOWNSCALE_STABILIZATION_MS = 300_000

const INT32_MAX = 2147483647
const INT32_MIN = -2147483648

/** A condition the normalization decided: `AbleToScale` (True) and `ScalingLimited`. */
export interface Normalized {
  readonly desired: number
  readonly history: History
  readonly ableToScale: { readonly reason: string; readonly message: string }
  readonly limited: { readonly status: 'True' | 'False'; readonly reason: string; readonly message: string }
}

const READY_FOR_NEW_SCALE = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' }
const WITHIN_RANGE = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' }

const limitedAs = (desired: number, stabilized: number, r: { reason: string; message: string }): Normalized['limited'] => ({
  status: desired === stabilized ? 'False' : 'True',
  ...r,
})

// ---- legacy path (spec.behavior nil)

/** `convertDesiredReplicasWithRules`: at most max(2 × current, 4), then maxReplicas, then minReplicas. */
export const convertDesiredReplicasWithRules = (current: number, desired: number, min: number, max: number): { replicas: number; reason: string; message: string } => {
  const scaleUpLimit = Math.trunc(Math.max(2 * current, 4))
  const [maximum, reason, message] =
    max > scaleUpLimit
      ? [scaleUpLimit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
      : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count']
  if (desired < min) return { replicas: min, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' }
  if (desired > maximum) return { replicas: maximum, reason, message }
  return { replicas: desired, ...WITHIN_RANGE }
}

/** `normalizeDesiredReplicas`: the highest recommendation of the last 5 minutes, then the legacy limits. */
export const normalizeLegacy = (h: History, current: number, prenormalized: number, min: number, max: number, nowMs: number): Normalized => {
  const cutoff = nowMs - DOWNSCALE_STABILIZATION_MS
  let stabilized = prenormalized
  for (const r of recommendationsAt(h, nowMs)) if (r.atMs >= cutoff && r.replicas > stabilized) stabilized = r.replicas
  const history = recordRecommendation(h, prenormalized, nowMs, (r, standing) => r.atMs >= cutoff && r.replicas > standing)
  const ableToScale =
    stabilized !== prenormalized
      ? { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
      : READY_FOR_NEW_SCALE
  const rules = convertDesiredReplicasWithRules(current, stabilized, min, max)
  return { desired: rules.replicas, history, ableToScale, limited: limitedAs(rules.replicas, stabilized, rules) }
}

// ---- behavior path

/** The rules the controller applies: the defaulted ones, with the scale-down window from the flag when unset. */
export const rulesOf = (hpa: HorizontalPodAutoscaler): { up: HPAScalingRules; down: HPAScalingRules } => ({
  up: hpa.spec.behavior?.scaleUp ?? DEFAULT_SCALE_UP_RULES,
  down: {
    ...(hpa.spec.behavior?.scaleDown ?? DEFAULT_SCALE_DOWN_RULES),
    stabilizationWindowSeconds: hpa.spec.behavior?.scaleDown?.stabilizationWindowSeconds ?? DOWNSCALE_STABILIZATION_MS / 1000,
  },
})

/** `getReplicasChangePerPeriod`: the replicas changed by events strictly after now − period. */
export const replicasChangedInPeriod = (periodSeconds: number, events: readonly ScaleEvent[], nowMs: number): number => {
  const cutoff = nowMs - periodSeconds * 1000
  let n = 0
  for (const e of events) if (e.atMs > cutoff) n += e.change
  return n
}

const periodStart = (current: number, periodSeconds: number, h: History, nowMs: number): number =>
  current - replicasChangedInPeriod(periodSeconds, h.scaleUp, nowMs) + replicasChangedInPeriod(periodSeconds, h.scaleDown, nowMs)

/** `calculateScaleUpLimitWithScalingRules`. */
export const scaleUpLimit = (current: number, h: History, rules: HPAScalingRules, nowMs: number): number => {
  if (rules.selectPolicy === 'Disabled') return current
  const pickMin = rules.selectPolicy === 'Min'
  let result = pickMin ? INT32_MAX : INT32_MIN
  for (const p of rules.policies ?? []) {
    const start = periodStart(current, p.periodSeconds, h, nowMs)
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100))
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed)
  }
  return result
}

/** `calculateScaleDownLimitWithBehaviors`. */
export const scaleDownLimit = (current: number, h: History, rules: HPAScalingRules, nowMs: number): number => {
  if (rules.selectPolicy === 'Disabled') return current
  const pickMax = rules.selectPolicy === 'Min'
  let result = pickMax ? INT32_MIN : INT32_MAX
  for (const p of rules.policies ?? []) {
    const start = periodStart(current, p.periodSeconds, h, nowMs)
    const proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100))
    result = pickMax ? Math.max(result, proposed) : Math.min(result, proposed)
  }
  return result
}

/** `convertDesiredReplicasWithBehaviorRate`: the policies' rate limits, then max/minReplicas. */
const withBehaviorRate = (h: History, up: HPAScalingRules, down: HPAScalingRules, current: number, desired: number, min: number, max: number, nowMs: number) => {
  if (desired > current) {
    const limit = Math.max(scaleUpLimit(current, h, up, nowMs), current)
    const [maximum, reason, message] =
      max > limit
        ? [limit, 'ScaleUpLimit', 'the desired replica count is increasing faster than the maximum scale rate']
        : [max, 'TooManyReplicas', 'the desired replica count is more than the maximum replica count']
    if (desired > maximum) return { replicas: maximum, reason, message }
  } else if (desired < current) {
    const limit = Math.min(scaleDownLimit(current, h, down, nowMs), current)
    const [minimum, reason, message] =
      min < limit
        ? [limit, 'ScaleDownLimit', 'the desired replica count is decreasing faster than the maximum scale rate']
        : [min, 'TooFewReplicas', 'the desired replica count is less than the minimum replica count']
    if (desired < minimum) return { replicas: minimum, reason, message }
  }
  return { replicas: desired, ...WITHIN_RANGE }
}

/** `normalizeDesiredReplicasWithBehaviors`: stabilize between the windows' bounds, then rate-limit. */
export const normalizeWithBehaviors = (hpa: HorizontalPodAutoscaler, h: History, current: number, prenormalized: number, min: number, nowMs: number): Normalized => {
  const { up, down } = rulesOf(hpa)
  const upCutoff = nowMs - (up.stabilizationWindowSeconds ?? 0) * 1000
  const downCutoff = nowMs - (down.stabilizationWindowSeconds ?? 0) * 1000
  let upRec = prenormalized
  let downRec = prenormalized
  for (const r of recommendationsAt(h, nowMs)) {
    if (r.atMs > upCutoff) upRec = Math.min(upRec, r.replicas)
    if (r.atMs > downCutoff) downRec = Math.max(downRec, r.replicas)
  }
  const stabilized = Math.min(Math.max(current, upRec), downRec)
  const relevant = (r: TimedRecommendation, standing: number): boolean =>
    (r.atMs > upCutoff && r.replicas < standing) || (r.atMs > downCutoff && r.replicas > standing)
  const history = recordRecommendation(h, prenormalized, nowMs, relevant)
  const ableToScale =
    stabilized === prenormalized
      ? READY_FOR_NEW_SCALE
      : prenormalized >= current
        ? { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }
        : { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
  const rate = withBehaviorRate(h, up, down, current, stabilized, min, hpa.spec.maxReplicas, nowMs)
  return { desired: rate.replicas, history, ableToScale, limited: limitedAs(rate.replicas, stabilized, rate) }
}

/** The longest policy period of a direction (`getLongestPolicyPeriod`), in ms. */
export const longestPeriodMs = (rules: HPAScalingRules): number => Math.max(0, ...(rules.policies ?? []).map((p) => p.periodSeconds)) * 1000

/**
 * `storeScaleEvent`: remembers a rescale for the rate limits (behavior path only), dropping the events
 * that fell out of the direction's longest policy period (upstream reuses their slots).
 */
export const storeScaleEvent = (hpa: HorizontalPodAutoscaler, h: History, prev: number, next: number, nowMs: number): History => {
  if (hpa.spec.behavior === undefined) return h
  const { up, down } = rulesOf(hpa)
  if (next > prev) {
    const cutoff = nowMs - longestPeriodMs(up)
    return { ...h, scaleUp: [...h.scaleUp.filter((e) => e.atMs >= cutoff), { atMs: nowMs, change: next - prev }] }
  }
  const cutoff = nowMs - longestPeriodMs(down)
  return { ...h, scaleDown: [...h.scaleDown.filter((e) => e.atMs >= cutoff), { atMs: nowMs, change: prev - next }] }
}
