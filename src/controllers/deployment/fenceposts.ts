import type { Deployment } from '../../model/workloads.js'

/** An `intstr.IntOrString`: an integer, or a percent string such as `"25%"`. */
export type IntOrPercent = number | string | undefined

/**
 * `intstr.GetScaledValueFromIntOrPercent` (workloads.md §2.1): an int is returned as is; `"<n>%"` is
 * `n * total / 100`, rounded up or down. Anything else (including a missing value) is an error string.
 */
export const scaledValue = (value: IntOrPercent, total: number, roundUp: boolean): number | string => {
  if (value === undefined) return 'nil value for IntOrString'
  if (typeof value === 'number') return value
  if (!value.endsWith('%')) return `invalid type: string is not a percentage`
  const digits = value.slice(0, -1)
  if (!/^[+-]?\d+$/.test(digits)) return `invalid value for IntOrString: invalid value "${value}"`
  const scaled = (Number(digits) * total) / 100
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled)
}

/** Resolved `(surge, unavailable)` for a desired replica count. */
export interface Fenceposts {
  readonly surge: number
  readonly unavailable: number
}

/**
 * `ResolveFenceposts` (workloads.md §2.2): maxSurge rounds up, maxUnavailable rounds down, nil counts as
 * 0, and when both come out 0 unavailable becomes 1 so that a rollout can always make progress.
 */
export const resolveFenceposts = (maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number): Fenceposts | string => {
  const surge = scaledValue(maxSurge ?? 0, desired, true)
  if (typeof surge === 'string') return surge
  const unavailable = scaledValue(maxUnavailable ?? 0, desired, false)
  if (typeof unavailable === 'string') return unavailable
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable }
}

// ---- the deployment's view

/** `spec.replicas`, defaulted to 1 as the API server does. */
export const desiredReplicas = (d: Deployment): number => d.spec.replicas ?? 1

export const isRollingUpdate = (d: Deployment): boolean => (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate'

const fenceposts = (d: Deployment): Fenceposts => {
  const ru = d.spec.strategy?.rollingUpdate
  const r = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, desiredReplicas(d))
  // Validation rejects unparsable values, so upstream ignores the error and uses 0.
  return typeof r === 'string' ? { surge: 0, unavailable: 0 } : r
}

/** `MaxSurge`: 0 unless RollingUpdate. */
export const maxSurge = (d: Deployment): number => (isRollingUpdate(d) ? fenceposts(d).surge : 0)

/** `MaxUnavailable`: 0 unless RollingUpdate or when replicas is 0; never more than replicas. */
export const maxUnavailable = (d: Deployment): number => {
  const replicas = desiredReplicas(d)
  if (!isRollingUpdate(d) || replicas === 0) return 0
  return Math.min(fenceposts(d).unavailable, replicas)
}

/** `MinAvailable`: replicas − MaxUnavailable for RollingUpdate, 0 otherwise. */
export const minAvailable = (d: Deployment): number => (isRollingUpdate(d) ? desiredReplicas(d) - maxUnavailable(d) : 0)
