import { describe, expect, it } from 'vitest'
import type { PersistentVolumeClaim } from '../../../../src/api/kinds/storage.js'
import { persistentVolumeController } from '../../../../src/controllers/persistentVolume/persistentVolumeController.js'
import { STORAGE_CONTROLLERS, aPv, aPvc, create, eventsOf, pv, pvc, send, storageWorld } from './fixtures.js'

const boundTo = (c: PersistentVolumeClaim | undefined): string | undefined => (c?.status?.phase === 'Bound' ? c.spec.volumeName : undefined)

describe('seed 003: three static 1Gi PVs of class gsh-pv, claims www-web-0..2 created in order', () => {
  const withPvs = send(storageWorld(), ...['pv1', 'pv2', 'pv3'].map((n) => create(aPv(n, { className: 'gsh-pv' }))))
  it('makes every static PV Available', () => {
    expect(['pv1', 'pv2', 'pv3'].map((n) => pv(withPvs.state, n)?.status?.phase)).toEqual(['Available', 'Available', 'Available'])
  })
  const w = send(withPvs, ...[0, 1, 2].map((i) => create(aPvc(`www-web-${i}`, { className: 'gsh-pv' }))))
  const s = w.state

  it('binds the claims to pv1, pv2, pv3 in order (equal sizes: name order)', () => {
    expect([0, 1, 2].map((i) => boundTo(pvc(s, `www-web-${i}`)))).toEqual(['pv1', 'pv2', 'pv3'])
  })

  it('writes claimRef with the claim uid and bound-by-controller on the PV, phase Bound', () => {
    const v = pv(s, 'pv1')!
    const c = pvc(s, 'www-web-0')!
    expect(v.spec.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: 'default', name: 'www-web-0', uid: c.metadata.uid })
    expect(v.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' })
    expect(v.status?.phase).toBe('Bound')
  })

  it('writes volumeName, bind-completed and bound-by-controller on the claim, and the PV capacity and modes', () => {
    const c = pvc(s, 'www-web-2')!
    expect(c.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' })
    expect(c.status).toMatchObject({ phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] })
  })

  it('adds the protection finalizers', () => {
    expect(pv(s, 'pv1')!.metadata.finalizers).toEqual(['kubernetes.io/pv-protection'])
    expect(pvc(s, 'www-web-0')!.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection'])
  })

  it('is quiescent: no controller has anything left to write', () => {
    for (const c of STORAGE_CONTROLLERS)
      for (const key of c.resyncKeys(s)) expect(c.reconcile(s, key, { nowMs: s.atMs, seed: 1 }).commands, `${c.name} ${key}`).toEqual([])
  })
})

describe('pre-bound objects', () => {
  it('a claim naming a PV binds to it even when a smaller one fits, without bound-by-controller on the claim', () => {
    const w = send(storageWorld(), create(aPv('small', { size: '1Gi' })), create(aPv('big', { size: '5Gi' })), create(aPvc('data', { size: '1Gi', volumeName: 'big' })))
    expect(boundTo(pvc(w.state, 'data'))).toBe('big')
    expect(pvc(w.state, 'data')!.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes' })
    expect(pv(w.state, 'big')!.metadata.annotations).toEqual({ 'pv.kubernetes.io/bound-by-controller': 'yes' })
    expect(pv(w.state, 'small')!.status?.phase).toBe('Available')
  })

  it('a PV pre-bound to a claim (claimRef without uid) wins over a smaller PV and gets the uid, no bound-by-controller', () => {
    const w = send(storageWorld(),
      create(aPv('small', { size: '1Gi' })),
      create(aPv('reserved', { size: '5Gi', claimRef: { namespace: 'default', name: 'data' } })),
      create(aPvc('data')))
    expect(pv(w.state, 'reserved')!.status?.phase).toBe('Bound')
    expect(pv(w.state, 'reserved')!.spec.claimRef?.uid).toBe(pvc(w.state, 'data')!.metadata.uid)
    expect(pv(w.state, 'reserved')!.metadata.annotations).toBeUndefined()
    expect(pvc(w.state, 'data')!.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' })
  })

  it('a claim naming a too-small PV stays Pending with VolumeMismatch', () => {
    const w = send(storageWorld(), create(aPv('tiny', { size: '500Mi' })), create(aPvc('data', { size: '1Gi', volumeName: 'tiny' })))
    expect(pvc(w.state, 'data')!.status?.phase).toBe('Pending')
    expect(eventsOf(w.state)).toContain('VolumeMismatch: Cannot bind to requested volume "tiny": requested PV is too small')
  })

  it('a claim naming a PV bound elsewhere stays Pending with FailedBinding', () => {
    const w = send(storageWorld(), create(aPv('pv1')), create(aPvc('first')), create(aPvc('second', { volumeName: 'pv1' })))
    expect(boundTo(pvc(w.state, 'first'))).toBe('pv1')
    expect(pvc(w.state, 'second')!.status?.phase).toBe('Pending')
    expect(eventsOf(w.state)).toContain('FailedBinding: volume "pv1" already bound to a different claim.')
  })
})

describe('a claim without a class and no PV', () => {
  const w = send(storageWorld(), create(aPvc('data')))
  it('stays Pending and records FailedBinding once', () => {
    expect(pvc(w.state, 'data')!.status?.phase).toBe('Pending')
    expect(eventsOf(w.state)).toEqual(['FailedBinding: no persistent volumes available for this claim and no storage class is set'])
    expect(persistentVolumeController.reconcile(w.state, 'default/data', { nowMs: w.state.atMs, seed: 1 }).commands).toEqual([])
  })
  it('binds as soon as a fitting PV becomes Available', () => {
    const later = send(w, create(aPv('pv1')))
    expect(boundTo(pvc(later.state, 'data'))).toBe('pv1')
  })
})
