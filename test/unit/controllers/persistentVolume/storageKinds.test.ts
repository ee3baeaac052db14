import { describe, expect, it } from 'vitest'
import { admitPv, admitPvc, applyStorageDefaults, initialStorageStatus, validateStorageObject } from '../../../../src/api/kinds/storage.js'
import { givenObjects } from '../../../support/builders.js'
import { aClass, aPv, aPvc } from './fixtures.js'

describe('storage defaults', () => {
  it('StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate', () => {
    const { reclaimPolicy: _r, volumeBindingMode: _v, ...bare } = aClass('c')
    expect(applyStorageDefaults(bare)).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' })
  })
  it('PV: Retain and Filesystem; PVC: Filesystem; both Pending on create', () => {
    const { persistentVolumeReclaimPolicy: _p, ...spec } = aPv('p').spec as Record<string, unknown>
    expect(applyStorageDefaults({ ...aPv('p'), spec }).spec).toMatchObject({ persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' })
    expect(applyStorageDefaults(aPvc('c')).spec).toMatchObject({ volumeMode: 'Filesystem' })
    expect(initialStorageStatus(aPvc('c'), 0)).toEqual({ phase: 'Pending' })
    expect(initialStorageStatus(aPv('p'), 0)).toMatchObject({ phase: 'Pending' })
  })
})

describe('storage validation', () => {
  it('PV: access modes, capacity and a volume source are required', () => {
    const causes = validateStorageObject({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'p' }, spec: {} })
    expect(causes.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.accessModes: Required value',
      'spec.capacity: Required value',
      'spec: Required value: must specify a volume type',
    ])
  })
  it('PVC: access modes and the storage request are required', () => {
    const causes = validateStorageObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: {} })
    expect(causes.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.accessModes: Required value: at least 1 access mode is required',
      'spec.resources[storage]: Required value',
    ])
  })
  it('StorageClass: provisioner required, Recycle not supported', () => {
    const causes = validateStorageObject({ ...aClass('c', { provisioner: '', reclaimPolicy: 'Recycle' }) })
    expect(causes.map((c) => c.field)).toEqual(['provisioner', 'reclaimPolicy'])
  })
  it('accepts the seed objects', () => {
    expect([aPv('p'), aPvc('c'), aClass('fast')].flatMap(validateStorageObject)).toEqual([])
  })
})

describe('storage admission', () => {
  it('admitPvc adds pvc-protection and the default class when the class is unset', () => {
    const s = givenObjects(aClass('std', { metadata: { name: 'std', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } }))
    const admitted = admitPvc(aPvc('c', { className: null }), s)
    expect(admitted.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection'])
    expect((admitted.spec as { storageClassName?: string }).storageClassName).toBe('std')
    expect((admitPvc(aPvc('c', { className: '' }), s).spec as { storageClassName?: string }).storageClassName).toBe('')
  })
  it('admitPv adds pv-protection once', () => {
    expect(admitPv(admitPv(aPv('p'))).metadata.finalizers).toEqual(['kubernetes.io/pv-protection'])
  })
})
