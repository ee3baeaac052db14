import { describe, expect, it } from 'vitest'
import { STORAGE_CONTROLLERS, aClass, aPodUsing, aPv, aPvc, create, eventsOf, pv, pvc, send, storageWorld } from './fixtures.js'

const del = (kind: string, name: string) => ({ verb: 'delete' as const, ref: { kind, namespace: 'default', name } })

describe('dynamic provisioning, class fast (Immediate, Delete)', () => {
  const w = send(storageWorld(), create(aClass('fast')), create(aPvc('data', { className: 'fast' })))
  const uid = pvc(w.state, 'data')!.metadata.uid!
  const volume = pv(w.state, `pvc-${uid}`)

  it('creates PV pvc-<claim uid> with the class, its reclaim policy and provisioned-by', () => {
    expect(volume?.spec).toMatchObject({ storageClassName: 'fast', persistentVolumeReclaimPolicy: 'Delete', capacity: { storage: '1Gi' } })
    expect(volume?.metadata.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('example.com/nfs')
  })

  it('annotates the claim with its provisioner and binds it', () => {
    const c = pvc(w.state, 'data')!
    expect(c.metadata.annotations?.['volume.kubernetes.io/storage-provisioner']).toBe('example.com/nfs')
    expect(c.status?.phase).toBe('Bound')
    expect(c.spec.volumeName).toBe(`pvc-${uid}`)
    expect(volume?.status?.phase).toBe('Bound')
  })

  it('records ExternalProvisioning, Provisioning and ProvisioningSucceeded', () => {
    expect(eventsOf(w.state)).toEqual(expect.arrayContaining([
      `ProvisioningSucceeded: Successfully provisioned volume pvc-${uid}`,
      'Provisioning: External provisioner is provisioning volume for claim "default/data"',
      expect.stringMatching(/^ExternalProvisioning: Waiting for a volume to be created either by the external provisioner 'example.com\/nfs'/),
    ]))
  })

  it('is quiescent once bound', () => {
    for (const c of STORAGE_CONTROLLERS)
      for (const key of c.resyncKeys(w.state)) expect(c.reconcile(w.state, key, { nowMs: w.state.atMs, seed: 1 }).commands, `${c.name} ${key}`).toEqual([])
  })

  it('deleting the claim deletes the PV (Delete policy)', () => {
    const after = send(w, del('PersistentVolumeClaim', 'data'))
    expect(pvc(after.state, 'data')).toBeUndefined()
    expect(pv(after.state, `pvc-${uid}`)).toBeUndefined()
  })
})

describe('WaitForFirstConsumer', () => {
  const w = send(storageWorld(), create(aClass('local', { volumeBindingMode: 'WaitForFirstConsumer' })), create(aPvc('data', { className: 'local' })))

  it('waits: no PV, claim Pending, event WaitForFirstConsumer', () => {
    expect(pvc(w.state, 'data')!.status?.phase).toBe('Pending')
    expect(pvc(w.state, 'data')!.spec.volumeName).toBeUndefined()
    expect(eventsOf(w.state)).toEqual(['WaitForFirstConsumer: waiting for first consumer to be created before binding'])
  })

  it('an unscheduled pod using it: WaitForPodScheduled, still no PV', () => {
    const later = send(w, create(aPodUsing('web-0', 'data', false)))
    expect(pvc(later.state, 'data')!.spec.volumeName).toBeUndefined()
    expect(eventsOf(later.state)).toContain('WaitForPodScheduled: waiting for pod web-0 to be scheduled')
  })

  it('a scheduled pod using it: provisioned and bound', () => {
    const later = send(w, create(aPodUsing('web-0', 'data', true)))
    expect(pvc(later.state, 'data')!.status?.phase).toBe('Bound')
    expect(pv(later.state, pvc(later.state, 'data')!.spec.volumeName!)?.status?.phase).toBe('Bound')
  })
})

describe('reclaim of a static PV', () => {
  const bound = (policy: string) => send(storageWorld(), create(aPv('pv1', { policy })), create(aPvc('data')))

  it('Retain: the PV stays, Released, with the old claimRef', () => {
    const w = bound('Retain')
    const uid = pvc(w.state, 'data')!.metadata.uid
    const after = send(w, del('PersistentVolumeClaim', 'data'))
    expect(pv(after.state, 'pv1')?.status?.phase).toBe('Released')
    expect(pv(after.state, 'pv1')?.spec.claimRef?.uid).toBe(uid)
    expect(send(after, create(aPvc('data'))).state.objects.get('PersistentVolumeClaim/default/data')).toMatchObject({ status: { phase: 'Pending' } })
  })

  it('Delete: Released, then the PV is gone', () => {
    const w = bound('Delete')
    const out = send(w, del('PersistentVolumeClaim', 'data'))
    expect(pv(out.state, 'pv1')).toBeUndefined()
  })
})

describe('protection finalizers', () => {
  const w = send(storageWorld(), create(aPv('pv1')), create(aPvc('data')), create(aPodUsing('web-0', 'data', true)))
  const deleting = send(w, del('PersistentVolumeClaim', 'data'))

  it('keep a claim used by a scheduled pod (Terminating) and its PV Bound', () => {
    expect(pvc(deleting.state, 'data')?.metadata.deletionTimestamp).toBeDefined()
    expect(pvc(deleting.state, 'data')?.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection'])
    expect(pv(deleting.state, 'pv1')?.status?.phase).toBe('Bound')
  })

  it('release the claim once the pod is gone; the PV becomes Released', () => {
    const after = send(deleting, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'web-0' }, options: { gracePeriodSeconds: 0 } })
    expect(pvc(after.state, 'data')).toBeUndefined()
    expect(pv(after.state, 'pv1')?.status?.phase).toBe('Released')
  })

  it('keep a Bound PV that is deleted', () => {
    const after = send(w, del('PersistentVolume', 'pv1'))
    expect(pv(after.state, 'pv1')?.metadata.deletionTimestamp).toBeDefined()
    expect(pv(after.state, 'pv1')?.metadata.finalizers).toEqual(['kubernetes.io/pv-protection'])
  })

})

describe('default StorageClass', () => {
  it('a claim with no class gets the default class (retroactively) and is provisioned from it', () => {
    const w = send(storageWorld(),
      create(aClass('slow', { metadata: { name: 'slow' } })),
      create(aClass('standard', { metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } })),
      create(aPvc('data', { className: null })))
    const c = pvc(w.state, 'data')!
    expect(c.spec.storageClassName).toBe('standard')
    expect(pv(w.state, c.spec.volumeName!)?.spec.storageClassName).toBe('standard')
  })

  it('a claim with class "" is never given the default class', () => {
    const w = send(storageWorld(),
      create(aClass('standard', { metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } })),
      create(aPvc('data', { className: '' })))
    expect(pvc(w.state, 'data')!.spec.storageClassName).toBe('')
    expect(pvc(w.state, 'data')!.status?.phase).toBe('Pending')
  })
})
