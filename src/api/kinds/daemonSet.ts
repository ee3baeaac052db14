import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import { cause, type StatusCause } from '../../model/status.js'

type Json = Record<string, unknown>

/** The annotation apps/v1 keeps the internal `spec.templateGeneration` in. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation'

const specOf = (o: KObject): Json => (o.spec as Json | undefined) ?? {}

/**
 * `SetDefaults_DaemonSet` (apps/v1): `updateStrategy.type` RollingUpdate; for RollingUpdate,
 * `rollingUpdate.maxUnavailable` 1 and `maxSurge` 0 when unset; `revisionHistoryLimit` 10. The pod
 * template is defaulted by the shared template defaulting, not here. Idempotent.
 */
export const defaultDaemonSet = (o: KObject): KObject => {
  const spec = specOf(o)
  const strategy: Json = { ...((spec.updateStrategy as Json | undefined) ?? {}) }
  if (strategy.type === undefined || strategy.type === '') strategy.type = 'RollingUpdate'
  if (strategy.type === 'RollingUpdate') {
    const ru: Json = { ...((strategy.rollingUpdate as Json | undefined) ?? {}) }
    if (ru.maxUnavailable === undefined) ru.maxUnavailable = 1
    if (ru.maxSurge === undefined) ru.maxSurge = 0
    strategy.rollingUpdate = ru
  }
  return { ...o, spec: { ...spec, updateStrategy: strategy, revisionHistoryLimit: spec.revisionHistoryLimit ?? 10 } }
}

const PERCENT = /^(\d+)%$/

/** `ValidatePositiveIntOrPercent` + `IsNotMoreThan100Percent`; returns the value as a number (percent or int). */
const intOrPercent = (v: unknown, field: string, out: StatusCause[]): number => {
  if (v === undefined) return 0
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) out.push(cause.invalid(field, v, 'must be greater than or equal to 0'))
    return v
  }
  const m = typeof v === 'string' ? PERCENT.exec(v) : null
  if (m === null) {
    out.push(cause.invalid(field, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"))
    return 0
  }
  const n = Number(m[1])
  if (n > 100) out.push(cause.invalid(field, v, 'must not be greater than 100%'))
  return n
}

/** `ValidateRollingUpdateDaemonSet`: valid values, and exactly one of maxUnavailable / maxSurge non-zero. */
const validateRollingUpdate = (ru: Json, path: string, out: StatusCause[]): void => {
  const unavailable = intOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`, out)
  const surge = intOrPercent(ru.maxSurge, `${path}.maxSurge`, out)
  if (unavailable !== 0 && surge !== 0) out.push(cause.invalid(`${path}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'))
  else if (unavailable === 0 && surge === 0) out.push({ ...cause.required(`${path}.maxUnavailable`), message: 'Required value: cannot be 0 when maxSurge is 0' })
}

const nonNegative = (v: unknown, field: string, out: StatusCause[]): void => {
  if (typeof v === 'number' && v < 0) out.push(cause.invalid(field, v, 'must be greater than or equal to 0'))
}

/**
 * The DaemonSet-specific part of `ValidateDaemonSetSpec` (after defaulting): the update strategy
 * (`RollingUpdate` with a valid `rollingUpdate`, or `OnDelete`), `minReadySeconds` and
 * `revisionHistoryLimit` non-negative. Selector and template checks are the shared workload ones.
 */
export const validateDaemonSet = (o: KObject): StatusCause[] => {
  const out: StatusCause[] = []
  const spec = specOf(o)
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out)
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', out)
  const strategy = (spec.updateStrategy as Json | undefined) ?? {}
  switch (strategy.type) {
    case 'OnDelete':
      break
    case 'RollingUpdate':
      if (strategy.rollingUpdate === undefined) out.push(cause.required('spec.updateStrategy.rollingUpdate'))
      else validateRollingUpdate(strategy.rollingUpdate as Json, 'spec.updateStrategy.rollingUpdate', out)
      break
    default:
      out.push(cause.notSupported('spec.updateStrategy', strategy, ['RollingUpdate', 'OnDelete']))
  }
  return out
}

const withGeneration = (o: KObject, generation: number): KObject => ({
  ...o,
  metadata: { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), [TEMPLATE_GENERATION_ANNOTATION]: String(generation) } },
})

const generationOf = (o: KObject): number => {
  const raw = o.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION]
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 0
}

/** The DaemonSet registry strategy's `PrepareForCreate`: template generation at least 1 (the apps/v1 annotation). */
export const prepareDaemonSetForCreate = (o: KObject): KObject => withGeneration(o, Math.max(1, generationOf(o)))

/**
 * `PrepareForUpdate`: the template generation goes up by one when `spec.template` changed, and otherwise
 * stays the stored one (a client cannot move it).
 */
export const prepareDaemonSetForUpdate = (next: KObject, old: KObject): KObject => {
  const changed = !deepEqual(specOf(next).template, specOf(old).template)
  const stored = generationOf(old)
  return withGeneration(next, changed ? stored + 1 : stored)
}
