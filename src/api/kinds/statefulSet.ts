import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import { cause, type StatusCause } from '../../model/status.js'

type Json = Record<string, unknown>

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

const nonNegative = (value: unknown, field: string, out: StatusCause[]): void => {
  if (typeof value === 'number' && value < 0) out.push(cause.invalid(field, value, 'must be greater than or equal to 0'))
}

const validatePolicy = (spec: Json, out: StatusCause[]): void => {
  const p = spec.podManagementPolicy
  if (p === undefined || p === '') out.push(cause.required('spec.podManagementPolicy'))
  else if (p !== 'OrderedReady' && p !== 'Parallel') out.push(cause.notSupported('spec.podManagementPolicy', p, ['OrderedReady', 'Parallel']))
}

const validateUpdateStrategy = (spec: Json, out: StatusCause[]): void => {
  const s = (spec.updateStrategy as Json | undefined) ?? {}
  const ru = s.rollingUpdate as Json | undefined
  switch (s.type) {
    case undefined:
    case '':
      out.push(cause.required('spec.updateStrategy'))
      break
    case 'OnDelete':
      if (ru !== undefined)
        out.push(cause.invalid('spec.updateStrategy.rollingUpdate', ru, "only allowed for updateStrategy 'RollingUpdate'"))
      break
    case 'RollingUpdate':
      if (ru !== undefined) {
        nonNegative(ru.partition, 'spec.updateStrategy.rollingUpdate.partition', out)
        const mu = ru.maxUnavailable
        if (mu !== undefined && (mu === 0 || mu === '0%'))
          out.push(cause.invalid('spec.updateStrategy.rollingUpdate.maxUnavailable', mu, 'must be greater than 0'))
      }
      break
    default:
      out.push(cause.notSupported('spec.updateStrategy', s.type, ['OnDelete', 'RollingUpdate']))
  }
}

const validateRetention = (spec: Json, out: StatusCause[]): void => {
  const p = spec.persistentVolumeClaimRetentionPolicy as Json | undefined
  if (p === undefined) return
  for (const f of ['whenDeleted', 'whenScaled'] as const)
    if (p[f] !== 'Retain' && p[f] !== 'Delete')
      out.push(cause.notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, p[f], ['Retain', 'Delete']))
}

const validateClaimTemplates = (spec: Json, out: StatusCause[]): void => {
  const templates = (spec.volumeClaimTemplates as Json[] | undefined) ?? []
  const seen = new Set<string>()
  templates.forEach((t, i) => {
    const path = `spec.volumeClaimTemplates[${i}]`
    const name = (t.metadata as Json | undefined)?.name
    if (typeof name !== 'string' || name === '') out.push(cause.required(`${path}.metadata.name`))
    else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) out.push(cause.invalid(`${path}.metadata.name`, name, SUBDOMAIN_MSG))
    else if (seen.has(name)) out.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: "${name}"`, field: `${path}.metadata.name` })
    if (typeof name === 'string') seen.add(name)
    const claimSpec = (t.spec as Json | undefined) ?? {}
    const modes = claimSpec.accessModes as unknown[] | undefined
    if (modes === undefined || modes.length === 0) out.push(cause.required(`${path}.spec.accessModes`))
    const storage = ((claimSpec.resources as Json | undefined)?.requests as Json | undefined)?.storage
    if (storage === undefined) out.push(cause.required(`${path}.spec.resources[storage]`))
  })
}

/**
 * The StatefulSet part of upstream `ValidateStatefulSetSpec` (pkg/apis/apps/validation) that the shared
 * selector/template checks do not cover: podManagementPolicy, updateStrategy, counts, ordinals,
 * serviceName (optional; a DNS-1123 label when set), the retention policy and the claim templates.
 * Run after defaulting; an empty list means valid.
 */
export const validateStatefulSet = (o: KObject): StatusCause[] => {
  const out: StatusCause[] = []
  const spec = (o.spec as Json | undefined) ?? {}
  validatePolicy(spec, out)
  validateUpdateStrategy(spec, out)
  nonNegative(spec.replicas, 'spec.replicas', out)
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out)
  nonNegative((spec.ordinals as Json | undefined)?.start, 'spec.ordinals.start', out)
  const service = spec.serviceName
  if (typeof service === 'string' && service !== '' && (service.length > 63 || !DNS1123_LABEL.test(service)))
    out.push(cause.invalid('spec.serviceName', service, LABEL_MSG))
  validateRetention(spec, out)
  validateClaimTemplates(spec, out)
  const tmpl = (spec.template as Json | undefined)?.spec as Json | undefined
  if (tmpl?.activeDeadlineSeconds !== undefined)
    out.push(cause.forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'))
  return out
}

/** The spec fields an update may change (`ValidateStatefulSetUpdate`). */
const MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']

const frozen = (spec: Json): Json => {
  const out: Json = {}
  for (const [k, v] of Object.entries(spec)) if (!MUTABLE.includes(k)) out[k] = v
  return out
}

/**
 * `ValidateStatefulSetUpdate`: everything but the mutable fields (selector, serviceName,
 * volumeClaimTemplates, podManagementPolicy, …) is immutable, with upstream's single Forbidden cause.
 */
export const validateStatefulSetUpdate = (next: KObject, old: KObject): StatusCause[] => {
  const a = frozen((next.spec as Json | undefined) ?? {})
  const b = frozen((old.spec as Json | undefined) ?? {})
  if (deepEqual(a, b)) return []
  return [
    cause.forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ]
}
