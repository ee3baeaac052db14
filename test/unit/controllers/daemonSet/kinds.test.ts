import { describe, expect, it } from 'vitest'
import { defaultDaemonSet, prepareDaemonSetForCreate, prepareDaemonSetForUpdate, validateDaemonSet } from '../../../../src/api/kinds/daemonSet.js'
import type { KObject } from '../../../../src/model/meta.js'

const ds = (spec: Record<string, unknown>, annotations?: Record<string, string>): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', ...(annotations ? { annotations } : {}) },
  spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } }, ...spec },
})

const specOf = (o: KObject) => o.spec as Record<string, unknown>

describe('defaultDaemonSet', () => {
  it('fills RollingUpdate with maxUnavailable 1, maxSurge 0, and revisionHistoryLimit 10', () => {
    expect(specOf(defaultDaemonSet(ds({})))).toMatchObject({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 })
  })
  it('keeps given values and adds no rollingUpdate to OnDelete; is idempotent', () => {
    const once = defaultDaemonSet(ds({ updateStrategy: { type: 'OnDelete' }, revisionHistoryLimit: 3 }))
    expect(specOf(once)).toMatchObject({ updateStrategy: { type: 'OnDelete' }, revisionHistoryLimit: 3 })
    expect(defaultDaemonSet(once)).toEqual(once)
  })
})

describe('validateDaemonSet', () => {
  const ru = (rollingUpdate: Record<string, unknown>) => validateDaemonSet(ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate } }))
  it('accepts the defaults and a percent', () => {
    expect(validateDaemonSet(defaultDaemonSet(ds({})))).toEqual([])
    expect(ru({ maxUnavailable: '25%', maxSurge: 0 })).toEqual([])
  })
  it('refuses both budgets 0, both non-zero, over 100%, and an unknown strategy', () => {
    expect(ru({ maxUnavailable: 0, maxSurge: 0 })).toEqual([{ reason: 'FieldValueRequired', message: 'Required value: cannot be 0 when maxSurge is 0', field: 'spec.updateStrategy.rollingUpdate.maxUnavailable' }])
    expect(ru({ maxUnavailable: 1, maxSurge: 1 }).map((c) => c.message)).toEqual(['Invalid value: 1: may not be set when maxUnavailable is non-zero'])
    expect(ru({ maxUnavailable: '150%', maxSurge: 0 }).map((c) => c.message)).toEqual(['Invalid value: "150%": must not be greater than 100%'])
    expect(validateDaemonSet(ds({ updateStrategy: { type: 'Sometimes' } })).map((c) => c.reason)).toEqual(['FieldValueNotSupported'])
  })
})

describe('template generation annotation', () => {
  it('starts at 1 and moves only when the template changes', () => {
    const created = prepareDaemonSetForCreate(ds({}))
    expect(created.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' })
    expect(prepareDaemonSetForUpdate({ ...created, spec: { ...specOf(created), minReadySeconds: 5 } }, created).metadata.annotations?.['deprecated.daemonset.template.generation']).toBe('1')
    const newTemplate = { ...created, spec: { ...specOf(created), template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } } }
    expect(prepareDaemonSetForUpdate(newTemplate, created).metadata.annotations?.['deprecated.daemonset.template.generation']).toBe('2')
  })
})
