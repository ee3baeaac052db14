import { describe, expect, it } from 'vitest'
import { admitPodServiceAccount } from '../../../../src/api/kinds/serviceAccount.js'
import { reconcileServiceAccounts, serviceAccountController } from '../../../../src/controllers/serviceAccount/serviceAccountController.js'
import type { ObjectEvent } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import { isStatus } from '../../../../src/model/status.js'
import { SYSTEM_NAMESPACES } from '../../../../src/sim/bootstrap.js'
import { getObject } from '../../../../src/state/clusterState.js'
import { applied, aNamespace, aPod, givenObjects, requestIn, startedWorld } from '../../../support/builders.js'

const anAccount = (name: string, namespace: string): KObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } })

const event = (type: ObjectEvent['type'], object: KObject): ObjectEvent =>
  ({ seq: 99, at: 0, type, v: 1, actor: 'user:test', data: { object } }) as ObjectEvent

describe('serviceAccountController', () => {
  it('is the kube-controller-manager `serviceaccount` controller, keyed by namespace name', () => {
    expect([serviceAccountController.name, serviceAccountController.actor, serviceAccountController.primaryKind]).toEqual([
      'serviceaccount',
      'controller:serviceaccount',
      'Namespace',
    ])
  })

  describe('keysFor', () => {
    const before = givenObjects()
    const cases: [string, ObjectEvent, string[]][] = [
      ['a namespace created', event('object/created', aNamespace('team')), ['team']],
      ['a namespace updated', event('object/updated', aNamespace('team')), ['team']],
      ['a namespace removed', event('object/deleted', aNamespace('team')), []],
      ['a service account deleted', event('object/deleted', anAccount('default', 'team')), ['team']],
      ['a service account created', event('object/created', anAccount('robot', 'team')), []],
      ['a pod created', event('object/created', aPod('p', { namespace: 'team' })), []],
    ]
    it.each(cases)('%s', (_what, e, keys) => {
      expect(serviceAccountController.keysFor(e, before)).toEqual(keys)
    })
  })
})

describe('reconcileServiceAccounts', () => {
  it('creates `default` in an Active namespace that lacks it', () => {
    const s = givenObjects(aNamespace('team'))
    expect(reconcileServiceAccounts(s, 'team').commands).toEqual([
      { verb: 'create', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'team' } } },
    ])
  })

  it('does nothing when `default` exists', () => {
    const s = givenObjects(aNamespace('team'), anAccount('default', 'team'))
    expect(reconcileServiceAccounts(s, 'team').commands).toEqual([])
  })

  it('does nothing in a Terminating namespace, or one that is gone', () => {
    const ns = aNamespace('team')
    const s = applied(givenObjects({ ...ns, metadata: { ...ns.metadata, finalizers: ['example.com/keep'] } }), { verb: 'delete', ref: { kind: 'Namespace', name: 'team' } })
    expect((getObject(s, 'Namespace', undefined, 'team')?.status as { phase: string }).phase).toBe('Terminating')
    expect(reconcileServiceAccounts(s, 'team').commands).toEqual([])
    expect(reconcileServiceAccounts(s, 'gone').commands).toEqual([])
  })
})

describe('through step', () => {
  const start = startedWorld([serviceAccountController])

  it('the system namespaces get their default account while the cluster starts', () => {
    for (const ns of SYSTEM_NAMESPACES) expect(getObject(start.state, 'ServiceAccount', ns, 'default')).toBeDefined()
  })

  const created = requestIn(start, { verb: 'create', object: aNamespace('team') })

  it('a new namespace has its default account in the same step as its create, caused by it', () => {
    const [nsEvent, saEvent, ...rest] = created.appended
    expect(rest).toEqual([])
    expect(saEvent).toMatchObject({ type: 'object/created', actor: 'controller:serviceaccount', cause: nsEvent!.seq })
    expect(getObject(created.world.state, 'ServiceAccount', 'team', 'default')).toBeDefined()
  })

  it('so the first pod created in it right after is admitted as `default`', () => {
    const pod = admitPodServiceAccount(aPod('first', { namespace: 'team' }), created.world.state)
    expect(isStatus(pod)).toBe(false)
    expect((pod as KObject).spec).toMatchObject({ serviceAccountName: 'default', serviceAccount: 'default' })
  })

  it('a deleted default account is recreated at once', () => {
    const deleted = requestIn(created.world, { verb: 'delete', ref: { kind: 'ServiceAccount', namespace: 'team', name: 'default' } })
    expect(deleted.appended.map((e) => [e.type, e.actor])).toEqual([
      ['object/deleted', 'user:test'],
      ['object/created', 'controller:serviceaccount'],
    ])
    expect(getObject(deleted.world.state, 'ServiceAccount', 'team', 'default')).toBeDefined()
  })
})
