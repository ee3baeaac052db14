import { describe, expect, it } from 'vitest'
import type { PersistentVolumeClaim } from '../../../../src/api/kinds/storage.js'
import { findBestMatchForClaim } from '../../../../src/controllers/persistentVolume/matching.js'
import type { KObject } from '../../../../src/model/meta.js'
import { givenObjects } from '../../../support/builders.js'
import { aPv, aPvc, type PvOptions, pvc } from './fixtures.js'

/** A PV given with phase Available (written through /status, as the controller would). */
const available = (name: string, opts: PvOptions = {}): KObject => ({ ...aPv(name, opts), status: { phase: 'Available' } })

const match = (pvs: KObject[], claim: KObject, delayBinding = false): string | undefined => {
  const s = givenObjects(...pvs, claim)
  return findBestMatchForClaim(s, pvc(s, claim.metadata.name!) as PersistentVolumeClaim, delayBinding)?.metadata.name
}

describe('findBestMatchForClaim', () => {
  it.each([
    ['the smallest PV that fits', [available('a', { size: '10Gi' }), available('b', { size: '2Gi' }), available('c', { size: '1Gi' })], aPvc('x', { size: '2Gi' }), 'b'],
    ['nothing when every PV is too small', [available('a', { size: '1Gi' })], aPvc('x', { size: '2Gi' }), undefined],
    ['equal sizes: the first name', [available('pv2'), available('pv1'), available('pv3')], aPvc('x'), 'pv1'],
    ['only PVs offering every requested mode', [available('rwo', { modes: ['ReadWriteOnce'] }), available('rwx', { modes: ['ReadWriteMany', 'ReadWriteOnce'], size: '5Gi' })], aPvc('x', { modes: ['ReadWriteMany'] }), 'rwx'],
    ['the group with fewer modes first, even if its PV is bigger', [available('big', { size: '10Gi' }), available('small', { size: '1Gi', modes: ['ReadWriteOnce', 'ReadOnlyMany'] })], aPvc('x'), 'big'],
    ['only PVs of the claim class ("" matches "")', [available('fast', { className: 'fast', size: '1Gi' }), available('none', { size: '5Gi' })], aPvc('x'), 'none'],
    ['only PVs of the named class', [available('fast', { className: 'fast', size: '5Gi' }), available('none', { size: '1Gi' })], aPvc('x', { className: 'fast' }), 'fast'],
    ['only PVs whose labels match the selector', [available('a', { labels: { tier: 'gold' }, size: '5Gi' }), available('b', { labels: { tier: 'bronze' } })], aPvc('x', { selector: { tier: 'gold' } }), 'a'],
    ['a PV pre-bound to the claim over a smaller one', [available('small'), available('mine', { size: '9Gi', claimRef: { namespace: 'default', name: 'x' } })], aPvc('x'), 'mine'],
    ['never a PV pre-bound to another claim', [available('theirs', { claimRef: { namespace: 'default', name: 'y' } })], aPvc('x'), undefined],
    ['never a PV that is not Available', [aPv('pending')], aPvc('x'), undefined],
  ])('picks %s', (_what, pvs, claim, expected) => {
    expect(match(pvs, claim)).toBe(expected)
  })

  it('with delayBinding skips unbound PVs but still returns a pre-bound one', () => {
    expect(match([available('a')], aPvc('x'), true)).toBeUndefined()
    expect(match([available('a'), available('mine', { claimRef: { namespace: 'default', name: 'x' } })], aPvc('x'), true)).toBe('mine')
  })
})
