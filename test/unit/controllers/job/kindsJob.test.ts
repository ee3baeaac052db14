import { describe, expect, it } from 'vitest'
import { defaultJob, labelJobOnCreate, validateJob, validateJobUpdate } from '../../../../src/api/kinds/job.js'
import type { KObject } from '../../../../src/model/meta.js'

const userJob = (spec: Record<string, unknown> = {}, restartPolicy: string | undefined = 'Never'): KObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'pi', namespace: 'default' },
  spec: { ...spec, template: { spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'pi', image: 'perl' }] } } },
})
const spec = (o: KObject) => o.spec as Record<string, unknown>

describe('defaultJob', () => {
  it('defaults completions and parallelism to 1, backoffLimit 6, NonIndexed, not suspended', () => {
    expect(spec(defaultJob(userJob()))).toMatchObject({
      completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed',
    })
  })
  it('leaves completions nil when only parallelism is set (a work queue)', () => {
    const s = spec(defaultJob(userJob({ parallelism: 3 })))
    expect(s.completions).toBeUndefined()
    expect(s.parallelism).toBe(3)
  })
  it('defaults parallelism to 1 when only completions is set, and is idempotent', () => {
    const once = defaultJob(userJob({ completions: 4 }))
    expect(spec(once)).toMatchObject({ completions: 4, parallelism: 1 })
    expect(defaultJob(once)).toEqual(once)
  })
})

describe('labelJobOnCreate', () => {
  const labelled = labelJobOnCreate(defaultJob(userJob()), 'u-1')
  it('generates the controller-uid selector and the four template labels, and labels the Job alike', () => {
    const labels = { 'batch.kubernetes.io/controller-uid': 'u-1', 'controller-uid': 'u-1', 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi' }
    expect(spec(labelled).selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } })
    expect((spec(labelled).template as { metadata: { labels: unknown } }).metadata.labels).toEqual(labels)
    expect(labelled.metadata.labels).toEqual(labels)
    expect(validateJob(labelled)).toEqual([])
  })
  it('leaves a manualSelector Job alone', () => {
    const manual = defaultJob(userJob({ manualSelector: true, selector: { matchLabels: { a: 'b' } } }))
    expect(labelJobOnCreate(manual, 'u-1')).toEqual(manual)
  })
})

describe('validateJob', () => {
  const valid = (s: Record<string, unknown>, rp?: string) => validateJob(labelJobOnCreate(defaultJob(userJob(s, rp)), 'u'))
  it('refuses restartPolicy Always (the pod default) with upstream wording', () => {
    expect(valid({}, '')).toEqual([
      { reason: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', message: 'Unsupported value: "Always": supported values: "OnFailure", "Never"' },
    ])
  })
  it('refuses negative counts, a zero deadline, and an Indexed job without completions', () => {
    expect(valid({ backoffLimit: -1 }).map((c) => c.field)).toEqual(['spec.backoffLimit'])
    expect(valid({ activeDeadlineSeconds: 0 }).map((c) => c.field)).toEqual(['spec.activeDeadlineSeconds'])
    expect(valid({ completionMode: 'Indexed', parallelism: 2 }).map((c) => c.field)).toEqual(['spec.completions'])
    expect(valid({ completionMode: 'Sometimes' }).map((c) => c.reason)).toEqual(['FieldValueNotSupported'])
  })
  it('requires a selector matching the template labels', () => {
    const manual = defaultJob(userJob({ manualSelector: true, selector: { matchLabels: { a: 'b' } } }))
    expect(validateJob(manual).map((c) => c.field)).toEqual(['spec.template.metadata.labels'])
  })
  it('keeps the selector and completionMode immutable on update', () => {
    const a = labelJobOnCreate(defaultJob(userJob()), 'u')
    const b = { ...a, spec: { ...spec(a), completionMode: 'Indexed', selector: { matchLabels: { x: 'y' } } } }
    expect(validateJobUpdate(b, a).map((c) => c.field)).toEqual(['spec.selector', 'spec.completionMode'])
  })
})
