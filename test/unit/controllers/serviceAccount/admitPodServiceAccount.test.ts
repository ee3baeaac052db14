import { describe, expect, it } from 'vitest'
import { admissionNameOf, admitPodServiceAccount, MIRROR_POD_ANNOTATION } from '../../../../src/api/kinds/serviceAccount.js'
import type { KObject } from '../../../../src/model/meta.js'
import { isStatus } from '../../../../src/model/status.js'
import { aNamespace, aPod, givenObjects } from '../../../support/builders.js'

const anAccount = (name: string, namespace: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace },
  ...extra,
})

const withSpec = (pod: KObject, spec: Record<string, unknown>): KObject => ({ ...pod, spec: { ...(pod.spec as object), ...spec } })

const state = givenObjects(
  aNamespace('team'),
  anAccount('default', 'team'),
  anAccount('builder', 'team', { imagePullSecrets: [{ name: 'registry' }] }),
)

const specOf = (r: KObject | unknown): Record<string, unknown> => {
  if (isStatus(r)) throw new Error(`refused: ${r.message ?? ''}`)
  return (r as KObject).spec as Record<string, unknown>
}

describe('admitPodServiceAccount', () => {
  it('runs a pod without an account as `default`, written under both names', () => {
    const spec = specOf(admitPodServiceAccount(aPod('web', { namespace: 'team' }), state))
    expect([spec.serviceAccountName, spec.serviceAccount]).toEqual(['default', 'default'])
    expect(spec.containers).toEqual([{ name: 'app', image: 'nginx:1.25' }])
  })

  it('keeps a named account that exists', () => {
    const spec = specOf(admitPodServiceAccount(withSpec(aPod('web', { namespace: 'team' }), { serviceAccountName: 'builder' }), state))
    expect([spec.serviceAccountName, spec.serviceAccount]).toEqual(['builder', 'builder'])
  })

  it('takes the deprecated `serviceAccount` when `serviceAccountName` is empty', () => {
    const spec = specOf(admitPodServiceAccount(withSpec(aPod('web', { namespace: 'team' }), { serviceAccount: 'builder' }), state))
    expect(spec.serviceAccountName).toBe('builder')
  })

  it('refuses a missing account with upstream\'s 403', () => {
    const r = admitPodServiceAccount(withSpec(aPod('x', { namespace: 'team' }), { serviceAccountName: 'sa' }), state)
    expect(r).toMatchObject({
      kind: 'Status',
      code: 403,
      reason: 'Forbidden',
      message: 'pods "x" is forbidden: error looking up service account team/sa: serviceaccount "sa" not found',
      details: { name: 'x', kind: 'pods', group: '' },
    })
  })

  it('refuses when even `default` does not exist yet', () => {
    const bare = givenObjects(aNamespace('new'))
    const r = admitPodServiceAccount(aPod('x', { namespace: 'new' }), bare)
    expect(isStatus(r) && r.message).toBe('pods "x" is forbidden: error looking up service account new/default: serviceaccount "default" not found')
  })

  it('names a pod by its generateName before a name is generated, and `Unknown` without either', () => {
    const { name: _n, ...meta } = aPod('x', { namespace: 'team' }).metadata
    const generated: KObject = { ...aPod('x', { namespace: 'team' }), metadata: { ...meta, generateName: 'web-7d4b9c-' } }
    expect(admissionNameOf(generated)).toBe('web-7d4b9c-')
    expect(admissionNameOf({ ...generated, metadata: meta })).toBe('Unknown')
    const r = admitPodServiceAccount(withSpec(generated, { serviceAccountName: 'sa' }), state)
    expect(isStatus(r) && r.message).toBe('pods "web-7d4b9c-" is forbidden: error looking up service account team/sa: serviceaccount "sa" not found')
    const named = admitPodServiceAccount(withSpec(generated, { serviceAccountName: 'sa' }), state, 'override')
    expect(isStatus(named) && named.message?.startsWith('pods "override" is forbidden')).toBe(true)
  })

  it('gives a pod without image pull secrets those of its account, and keeps a pod\'s own', () => {
    const inherited = specOf(admitPodServiceAccount(withSpec(aPod('web', { namespace: 'team' }), { serviceAccountName: 'builder' }), state))
    expect(inherited.imagePullSecrets).toEqual([{ name: 'registry' }])
    const own = specOf(
      admitPodServiceAccount(withSpec(aPod('web', { namespace: 'team' }), { serviceAccountName: 'builder', imagePullSecrets: [{ name: 'mine' }] }), state),
    )
    expect(own.imagePullSecrets).toEqual([{ name: 'mine' }])
    expect(specOf(admitPodServiceAccount(aPod('web', { namespace: 'team' }), state)).imagePullSecrets).toBeUndefined()
  })

  it('leaves a mirror pod alone, but refuses one that names an account', () => {
    const mirror: KObject = { ...aPod('static', { namespace: 'team' }), metadata: { ...aPod('static', { namespace: 'team' }).metadata, annotations: { [MIRROR_POD_ANNOTATION]: 'abc' } } }
    expect(specOf(admitPodServiceAccount(mirror, state)).serviceAccountName).toBeUndefined()
    const r = admitPodServiceAccount(withSpec(mirror, { serviceAccountName: 'default' }), state)
    expect(isStatus(r) && r.message).toBe('pods "static" is forbidden: a mirror pod may not reference service accounts')
  })
})
