import { describe, expect, it } from 'vitest'
import { validatePvcUpdate } from '../../../../src/api/kinds/storage.js'
import type { KObject } from '../../../../src/model/meta.js'
import { aClass, aPv, aPvc, create, eventsOf, pv, pvc, send, storageWorld } from './fixtures.js'

const resized = (o: KObject, storage: string): KObject => {
  const spec = o.spec as { resources: { requests: Record<string, string> } }
  return { ...o, spec: { ...spec, resources: { ...spec.resources, requests: { ...spec.resources.requests, storage } } } }
}

describe('expansion allowed (class fast: allowVolumeExpansion true)', () => {
  const w = send(storageWorld(), create(aClass('fast', { allowVolumeExpansion: true })), create(aPvc('data', { className: 'fast' })))
  const claim = pvc(w.state, 'data')!

  it('is admitted by validatePvcUpdate', () => {
    expect(validatePvcUpdate(resized(claim, '2Gi'), claim, w.state)).toBeUndefined()
  })

  it('grows the PV and then status.capacity, clearing the Resizing condition', () => {
    const after = send(w, { verb: 'update', object: resized(claim, '2Gi') })
    const c = pvc(after.state, 'data')!
    expect(c.status?.capacity).toEqual({ storage: '2Gi' })
    expect(c.status?.conditions ?? []).toEqual([])
    expect(pv(after.state, c.spec.volumeName!)?.spec.capacity).toEqual({ storage: '2Gi' })
    expect(eventsOf(after.state)).toEqual(expect.arrayContaining(['VolumeResizeSuccessful: Resize volume succeeded']))
  })
})

describe('expansion refused', () => {
  const message = 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize'

  it('when the class does not allow it: Forbidden with upstream message', () => {
    const w = send(storageWorld(), create(aClass('fast')), create(aPvc('data', { className: 'fast' })))
    const claim = pvc(w.state, 'data')!
    const status = validatePvcUpdate(resized(claim, '2Gi'), claim, w.state)
    expect(status?.code).toBe(403)
    expect(status?.message).toBe(`persistentvolumeclaims "data" is forbidden: ${message}`)
  })

  it('for a static claim without class', () => {
    const w = send(storageWorld(), create(aPv('pv1', { size: '5Gi' })), create(aPvc('data')))
    const claim = pvc(w.state, 'data')!
    expect(validatePvcUpdate(resized(claim, '2Gi'), claim, w.state)?.message).toContain(message)
  })

  it('shrinking to the current capacity is invalid', () => {
    const w = send(storageWorld(), create(aClass('fast', { allowVolumeExpansion: true })), create(aPvc('data', { className: 'fast', size: '2Gi' })))
    const claim = pvc(w.state, 'data')!
    const status = validatePvcUpdate(resized(claim, '1Gi'), claim, w.state)
    expect(status?.code).toBe(422)
    expect(status?.details?.causes?.[0]).toMatchObject({ field: 'spec.resources.requests.storage', message: 'Forbidden: field can not be less than status.capacity' })
  })

  it('changing the request of an unbound claim is refused as an immutable spec', () => {
    const w = send(storageWorld(), create(aPvc('data')))
    const claim = pvc(w.state, 'data')!
    expect(validatePvcUpdate(resized(claim, '2Gi'), claim, w.state)?.details?.causes?.[0]?.field).toBe('spec')
  })
})
