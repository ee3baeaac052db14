import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import { fromLabelSelector, matches, type LabelSelector } from '../../model/selector.js'
import { cause, type StatusCause } from '../../model/status.js'
import { defaultPodSpec } from '../defaults.js'

type Json = Record<string, unknown>

const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid'
const JOB_NAME = 'batch.kubernetes.io/job-name'
const MAX_INT32 = 2147483647
/** Indexed jobs may have at most this many completions and this much parallelism. */
const INDEXED_MAX = 100_000

const specOf = (o: KObject): Json => (o.spec as Json | undefined) ?? {}

/**
 * `SetDefaults_Job` (pkg/apis/batch/v1/defaults.go) and the pod template defaults: completions and
 * parallelism 1 when both are unset (parallelism alone unset → 1, completions alone unset stays nil: a work
 * queue), backoffLimit 6 (MaxInt32 with backoffLimitPerIndex), completionMode NonIndexed, suspend false,
 * podReplacementPolicy TerminatingOrFailed (Failed with a podFailurePolicy), manualSelector left unset, and
 * the Job's labels from the template's when it has none. Idempotent.
 */
export const defaultJob = (o: KObject): KObject => {
  if (o.kind !== 'Job') return o
  const s = specOf(o)
  const both = s.completions === undefined && s.parallelism === undefined
  const template = (s.template as Json | undefined) ?? {}
  const tmplMeta = (template.metadata as Json | undefined) ?? {}
  const spec: Json = {
    ...s,
    ...(both ? { completions: 1 } : {}),
    parallelism: s.parallelism ?? 1,
    backoffLimit: s.backoffLimit ?? (s.backoffLimitPerIndex !== undefined ? MAX_INT32 : 6),
    completionMode: s.completionMode ?? 'NonIndexed',
    suspend: s.suspend ?? false,
    podReplacementPolicy: s.podReplacementPolicy ?? (s.podFailurePolicy !== undefined ? 'Failed' : 'TerminatingOrFailed'),
    template: { ...template, metadata: tmplMeta, spec: defaultPodSpec((template.spec as Json | undefined) ?? {}) },
  }
  const tmplLabels = tmplMeta.labels as Record<string, string> | undefined
  const labels = o.metadata.labels
  const withLabels = tmplLabels !== undefined && (labels === undefined || Object.keys(labels).length === 0)
  return { ...o, metadata: withLabels ? { ...o.metadata, labels: { ...tmplLabels } } : o.metadata, spec }
}

/**
 * The job strategy's `generateSelector`, run on create once the uid is known (upstream runs it after the
 * uid is assigned, before validation): unless `manualSelector` is true, the selector becomes
 * `batch.kubernetes.io/controller-uid=<uid>` and the template gets `batch.kubernetes.io/controller-uid`,
 * `controller-uid`, `batch.kubernetes.io/job-name` and `job-name`. The Job's own labels, when it had none,
 * are the template's (what the defaulter does when the stored object is read back).
 */
export const labelJobOnCreate = (job: KObject, uid: string): KObject => {
  if (job.kind !== 'Job') return job
  const s = specOf(job)
  if (s.manualSelector === true) return job
  const name = job.metadata.name ?? ''
  const template = (s.template as Json | undefined) ?? {}
  const tmplMeta = (template.metadata as Json | undefined) ?? {}
  const given = (tmplMeta.labels as Record<string, string> | undefined) ?? {}
  const labels = { ...given, [CONTROLLER_UID]: uid, 'controller-uid': uid, [JOB_NAME]: name, 'job-name': name }
  const own = job.metadata.labels
  const ownLabels = own === undefined || Object.keys(own).length === 0 || deepEqual(own, given) ? labels : own
  return {
    ...job,
    metadata: { ...job.metadata, labels: ownLabels },
    spec: { ...s, selector: { matchLabels: { [CONTROLLER_UID]: uid } }, template: { ...template, metadata: { ...tmplMeta, labels } } },
  }
}

const nonNegative = (v: unknown, field: string, out: StatusCause[]): void => {
  if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0))
    out.push(cause.invalid(field, v, 'must be greater than or equal to 0'))
}

/**
 * `ValidateJob` (pkg/apis/batch/validation), the rules a simulator meets: restartPolicy OnFailure or Never,
 * non-negative counts, a positive deadline, a known completionMode, Indexed limits, a selector present
 * that matches the template's labels. Call after `defaultJob` and `labelJobOnCreate`.
 */
export const validateJob = (o: KObject): StatusCause[] => {
  const out: StatusCause[] = []
  if (o.kind !== 'Job') return out
  const s = specOf(o)
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished'] as const) nonNegative(s[f], `spec.${f}`, out)
  const ads = s.activeDeadlineSeconds
  if (ads !== undefined && (typeof ads !== 'number' || ads <= 0)) out.push(cause.invalid('spec.activeDeadlineSeconds', ads, 'must be greater than 0'))
  const mode = s.completionMode
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed')
    out.push(cause.notSupported('spec.completionMode', mode, ['NonIndexed', 'Indexed']))
  if (mode === 'Indexed') {
    if (s.completions === undefined) out.push(cause.required('spec.completions'))
    else if (typeof s.completions === 'number' && s.completions > INDEXED_MAX)
      out.push(cause.invalid('spec.completions', s.completions, `must be less than or equal to ${INDEXED_MAX} when completion mode is Indexed`))
    if (typeof s.parallelism === 'number' && s.parallelism > INDEXED_MAX)
      out.push(cause.invalid('spec.parallelism', s.parallelism, `must be less than or equal to ${INDEXED_MAX} when completion mode is Indexed`))
  }
  const template = s.template as Json | undefined
  if (template === undefined) {
    out.push(cause.required('spec.template'))
    return out
  }
  const rp = (template.spec as Json | undefined)?.restartPolicy
  if (rp !== 'OnFailure' && rp !== 'Never') out.push(cause.notSupported('spec.template.spec.restartPolicy', rp, ['OnFailure', 'Never']))
  const selector = s.selector as LabelSelector | undefined
  if (selector === undefined) out.push(cause.required('spec.selector'))
  else {
    const parsed = fromLabelSelector(selector)
    const labels = (template.metadata as Json | undefined)?.labels as Record<string, string> | undefined
    if (typeof parsed === 'string') out.push(cause.invalid('spec.selector', selector, parsed))
    else if (parsed !== null && !matches(parsed, labels))
      out.push(cause.invalid('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'))
  }
  return out
}

/** `ValidateJobUpdate`, the immutable fields: selector, completionMode, and the template once the Job has started. */
export const validateJobUpdate = (next: KObject, old: KObject): StatusCause[] => {
  const out: StatusCause[] = []
  if (next.kind !== 'Job') return out
  const a = specOf(next)
  const b = specOf(old)
  if (!deepEqual(a.selector, b.selector)) out.push(cause.invalid('spec.selector', a.selector, 'field is immutable'))
  if (a.completionMode !== b.completionMode) out.push(cause.invalid('spec.completionMode', a.completionMode, 'field is immutable'))
  const started = (old.status as Json | undefined)?.startTime !== undefined
  if (started && !deepEqual(a.template, b.template)) out.push(cause.invalid('spec.template', a.template, 'field is immutable'))
  return out
}
