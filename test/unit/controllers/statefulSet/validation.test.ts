import { describe, expect, it } from 'vitest'
import { applyDefaults } from '../../../../src/api/defaults.js'
import { validateStatefulSet, validateStatefulSetUpdate } from '../../../../src/api/kinds/statefulSet.js'
import { fnv1_32, hashRevisionData } from '../../../../src/controllers/statefulSet/revisions.js'
import type { KObject } from '../../../../src/model/meta.js'
import { aStatefulSet } from './builders.js'

const withSpec = (patch: Record<string, unknown>): KObject => {
  const o = applyDefaults(aStatefulSet('web', 3))
  return { ...o, spec: { ...(o.spec as object), ...patch } }
}
const fields = (o: KObject): string[] => validateStatefulSet(o).map((c) => c.field ?? '')

describe('validateStatefulSet', () => {
  it('accepts the defaulted set', () => {
    expect(validateStatefulSet(applyDefaults(aStatefulSet('web', 3)))).toEqual([])
  })
  it.each([
    [{ podManagementPolicy: 'Sometimes' }, 'spec.podManagementPolicy'],
    [{ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } }, 'spec.updateStrategy.rollingUpdate'],
    [{ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } }, 'spec.updateStrategy.rollingUpdate.partition'],
    [{ replicas: -1 }, 'spec.replicas'],
    [{ ordinals: { start: -2 } }, 'spec.ordinals.start'],
    [{ serviceName: 'Not_A_Label' }, 'spec.serviceName'],
    [{ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Retain' } }, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted'],
    [{ volumeClaimTemplates: [{ metadata: {}, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }, 'spec.volumeClaimTemplates[0].metadata.name'],
    [{ volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: {} }] }, 'spec.volumeClaimTemplates[0].spec.accessModes'],
  ])('refuses %j at %s', (patch, field) => {
    expect(fields(withSpec(patch))).toContain(field)
  })
})

describe('validateStatefulSetUpdate', () => {
  const old = applyDefaults(aStatefulSet('web', 3))
  it('allows replicas, template, updateStrategy, minReadySeconds changes', () => {
    expect(validateStatefulSetUpdate(withSpec({ replicas: 5, minReadySeconds: 3, updateStrategy: { type: 'OnDelete' } }), old)).toEqual([])
  })
  it.each([[{ serviceName: 'other' }], [{ podManagementPolicy: 'Parallel' }], [{ volumeClaimTemplates: [] }], [{ selector: { matchLabels: { app: 'x' } } }]])(
    'forbids %j',
    (patch) => {
      const causes = validateStatefulSetUpdate(withSpec(patch), old)
      expect(causes.map((c) => [c.reason, c.field])).toEqual([['FieldValueForbidden', 'spec']])
    },
  )
})

describe('revision hashing', () => {
  it('is Go’s FNV-1 (not FNV-1a)', () => {
    expect(fnv1_32('')).toBe(0x811c9dc5)
    expect(fnv1_32('a')).toBe(0x050c5d7e)
  })
  it('changes with the collision count and uses the safe alphabet', () => {
    const a = hashRevisionData({ spec: { template: {} } }, 0)
    expect(a).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/)
    expect(hashRevisionData({ spec: { template: {} } }, 1)).not.toBe(a)
  })
})
