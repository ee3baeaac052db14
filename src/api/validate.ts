import { deepEqual } from '../kernel/deepEqual.js'
import type { KObject } from '../model/meta.js'
import { validateDaemonSet } from './kinds/daemonSet.js'
import { validateHPA } from './kinds/hpa.js'
import { validateJob, validateJobUpdate } from './kinds/job.js'
import { validateService } from './kinds/service.js'
import { validateStorageObject } from './kinds/storage.js'
import { validateStatefulSet, validateStatefulSetUpdate } from './kinds/statefulSet.js'
import { cause, type StatusCause } from '../model/status.js'
import {
  fromLabelSelector,
  fromMap,
  labelKeyError,
  labelValueError,
  type LabelSelector,
  matches,
} from '../model/selector.js'

type Json = Record<string, unknown>

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const PERCENT = /^[0-9]+%$/

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const LABEL_NAMED = new Set(['Namespace', 'Service'])

const validateName = (o: KObject, out: StatusCause[]): void => {
  const name = o.metadata.name ?? ''
  if (LABEL_NAMED.has(o.kind)) {
    if (name.length > 63 || !DNS1123_LABEL.test(name)) out.push(cause.invalid('metadata.name', name, LABEL_MSG))
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name))
    out.push(cause.invalid('metadata.name', name, SUBDOMAIN_MSG))
}

const validateLabels = (labels: Record<string, string> | undefined, path: string, out: StatusCause[]): void => {
  for (const [k, v] of Object.entries(labels ?? {})) {
    const ke = labelKeyError(k)
    if (ke) out.push(cause.invalid(path, k, ke))
    const ve = labelValueError(v)
    if (ve) out.push(cause.invalid(`${path}`, v, ve))
  }
}

const validatePodSpec = (spec: Json | undefined, path: string, out: StatusCause[]): void => {
  const containers = (spec?.containers as Json[] | undefined) ?? []
  if (containers.length === 0) out.push(cause.required(`${path}.containers`))
  const names = new Set<string>()
  containers.forEach((c, i) => {
    const p = `${path}.containers[${i}]`
    const name = c.name as string | undefined
    if (!name) out.push(cause.required(`${p}.name`))
    else if (!DNS1123_LABEL.test(name)) out.push(cause.invalid(`${p}.name`, name, LABEL_MSG))
    else if (names.has(name)) out.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: "${name}"`, field: `${p}.name` })
    if (name) names.add(name)
    if (!c.image) out.push(cause.required(`${p}.image`))
  })
  const rp = spec?.restartPolicy
  if (rp !== undefined && !['Always', 'OnFailure', 'Never'].includes(String(rp)))
    out.push(cause.notSupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']))
  const grace = spec?.terminationGracePeriodSeconds
  if (typeof grace === 'number' && grace < 0)
    out.push(cause.invalid(`${path}.terminationGracePeriodSeconds`, grace, 'must be greater than or equal to 0'))
}

const nonNegative = (value: unknown, field: string, out: StatusCause[]): void => {
  if (typeof value === 'number' && value < 0) out.push(cause.invalid(field, value, 'must be greater than or equal to 0'))
}

/** The template of a controller: labels present, restartPolicy Always, no activeDeadlineSeconds. */
const validateTemplate = (template: Json | undefined, path: string, out: StatusCause[], kind = 'ReplicaSet'): void => {
  if (template === undefined) {
    out.push(cause.required(path))
    return
  }
  const spec = template.spec as Json | undefined
  validateLabels((template.metadata as Json | undefined)?.labels as Record<string, string>, `${path}.metadata.labels`, out)
  validatePodSpec(spec, `${path}.spec`, out)
  if (spec?.restartPolicy !== undefined && spec.restartPolicy !== 'Always')
    out.push(cause.notSupported(`${path}.spec.restartPolicy`, spec.restartPolicy, ['Always']))
  if (spec?.activeDeadlineSeconds !== undefined)
    out.push(cause.forbidden(`${path}.spec.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`))
}

/** A selector (matchLabels/matchExpressions) that must be valid, non-empty and match the template. */
const validateSelector = (spec: Json, kind: string, out: StatusCause[]): void => {
  const sel = spec.selector as LabelSelector | undefined
  if (sel === undefined) {
    out.push(cause.required('spec.selector'))
    return
  }
  const parsed = fromLabelSelector(sel)
  if (typeof parsed === 'string') {
    out.push(cause.invalid('spec.selector', sel, parsed))
    return
  }
  if (parsed !== null && parsed.length === 0) out.push(cause.invalid('spec.selector', sel, `empty selector is invalid for ${kind.toLowerCase()}`))
  const labels = ((spec.template as Json | undefined)?.metadata as Json | undefined)?.labels as Record<string, string> | undefined
  if (parsed !== null && parsed.length > 0 && !matches(parsed, labels))
    out.push(cause.invalid('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'))
}

const isZero = (v: unknown): boolean => v === 0 || v === '0%'

const validateIntOrPercent = (v: unknown, field: string, out: StatusCause[]): void => {
  if (v === undefined) return
  if (typeof v === 'number') nonNegative(v, field, out)
  else if (typeof v !== 'string' || !PERCENT.test(v))
    out.push(cause.invalid(field, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"))
}

const validateDeployment = (spec: Json, out: StatusCause[]): void => {
  validateSelector(spec, 'Deployment', out)
  validateTemplate(spec.template as Json | undefined, 'spec.template', out)
  nonNegative(spec.replicas, 'spec.replicas', out)
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out)
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', out)
  nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds', out)
  if (typeof spec.progressDeadlineSeconds === 'number' && spec.progressDeadlineSeconds <= ((spec.minReadySeconds as number | undefined) ?? 0))
    out.push(cause.invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'))
  const strategy = (spec.strategy as Json | undefined) ?? {}
  const type = strategy.type
  if (type !== 'RollingUpdate' && type !== 'Recreate')
    out.push(cause.notSupported('spec.strategy.type', type, ['Recreate', 'RollingUpdate']))
  const ru = strategy.rollingUpdate as Json | undefined
  if (type === 'Recreate' && ru !== undefined)
    out.push(cause.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"))
  if (type === 'RollingUpdate' && ru !== undefined) {
    validateIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable', out)
    validateIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', out)
    if (isZero(ru.maxUnavailable) && isZero(ru.maxSurge))
      out.push(cause.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'))
    if (typeof ru.maxUnavailable === 'string' && PERCENT.test(ru.maxUnavailable) && parseInt(ru.maxUnavailable, 10) > 100)
      out.push(cause.invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'must not be greater than 100%'))
  }
}

const validateReplicationController = (spec: Json, out: StatusCause[]): void => {
  const selector = spec.selector as Record<string, string> | undefined
  if (selector === undefined || Object.keys(selector).length === 0) out.push(cause.required('spec.selector'))
  else {
    validateLabels(selector, 'spec.selector', out)
    const labels = ((spec.template as Json | undefined)?.metadata as Json | undefined)?.labels as Record<string, string> | undefined
    if (!matches(fromMap(selector), labels))
      out.push(cause.invalid('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'))
  }
  validateTemplate(spec.template as Json | undefined, 'spec.template', out)
  nonNegative(spec.replicas, 'spec.replicas', out)
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out)
}

/** Semantic validation (upstream `pkg/apis/<group>/validation`) after defaulting. An empty list means valid. */
export const validateObject = (o: KObject): StatusCause[] => {
  const out: StatusCause[] = []
  validateName(o, out)
  validateLabels(o.metadata.labels, 'metadata.labels', out)
  ;(o.metadata.ownerReferences ?? []).forEach((r, i) => {
    if (!r.uid) out.push(cause.invalid(`metadata.ownerReferences[${i}].uid`, r.uid, 'uid must not be empty'))
    if (!r.name) out.push(cause.invalid(`metadata.ownerReferences[${i}].name`, r.name, 'name must not be empty'))
  })
  const controllers = (o.metadata.ownerReferences ?? []).filter((r) => r.controller === true)
  if (controllers.length > 1)
    out.push(cause.invalid('metadata.ownerReferences', controllers.map((r) => r.name), 'Only one reference can have Controller set to true'))
  const spec = (o.spec as Json | undefined) ?? {}
  switch (o.kind) {
    case 'Pod':
      validatePodSpec(spec, 'spec', out)
      break
    case 'ReplicaSet':
      validateSelector(spec, 'ReplicaSet', out)
      validateTemplate(spec.template as Json | undefined, 'spec.template', out)
      nonNegative(spec.replicas, 'spec.replicas', out)
      nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', out)
      break
    case 'ReplicationController':
      validateReplicationController(spec, out)
      break
    case 'Deployment':
      validateDeployment(spec, out)
      break
    case 'StatefulSet':
      validateSelector(spec, o.kind, out)
      validateTemplate(spec.template as Json | undefined, 'spec.template', out, o.kind)
      out.push(...validateStatefulSet(o))
      break
    case 'DaemonSet':
      validateSelector(spec, o.kind, out)
      validateTemplate(spec.template as Json | undefined, 'spec.template', out, o.kind)
      out.push(...validateDaemonSet(o))
      break
    case 'Job':
      out.push(...validateJob(o))
      break
    case 'Service':
      out.push(...validateService(o))
      break
    case 'HorizontalPodAutoscaler':
      out.push(...validateHPA(o))
      break
    case 'PersistentVolume':
    case 'PersistentVolumeClaim':
    case 'StorageClass':
      out.push(...validateStorageObject(o))
      break
  }
  return out
}

/** Fields an update may not change (`ValidateObjectMetaUpdate` plus apps/v1 selector immutability). */
export const validateUpdate = (next: KObject, old: KObject): StatusCause[] => {
  const out: StatusCause[] = []
  if (next.kind === 'StatefulSet') out.push(...validateStatefulSetUpdate(next, old))
  if (next.kind === 'Job') out.push(...validateJobUpdate(next, old))
  if ((next.kind === 'Deployment' || next.kind === 'ReplicaSet' || next.kind === 'StatefulSet' || next.kind === 'DaemonSet') &&
    JSON.stringify((next.spec as Json).selector) !== JSON.stringify((old.spec as Json).selector))
    out.push(cause.invalid('spec.selector', (next.spec as Json).selector, 'field is immutable'))
  if (next.kind === 'Pod') {
    // Everything but images, activeDeadlineSeconds, tolerations and the grace period is immutable.
    const frozen = (s: Json): Json => {
      const { activeDeadlineSeconds: _a, tolerations: _t, terminationGracePeriodSeconds: _g, ...rest } = s
      const images = (cs: unknown) => ((cs as Json[] | undefined) ?? []).map((c) => ({ ...c, image: undefined }))
      return { ...rest, containers: images(s.containers), initContainers: images(s.initContainers) }
    }
    if (!deepEqual(frozen(next.spec as Json), frozen(old.spec as Json)))
      out.push(cause.forbidden('spec', 'pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'))
  }
  return out
}
