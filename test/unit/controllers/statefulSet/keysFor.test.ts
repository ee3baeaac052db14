import { describe, expect, it } from 'vitest'
import { statefulSetKeysFor } from '../../../../src/controllers/statefulSet/keysFor.js'
import { parentAndOrdinal } from '../../../../src/controllers/statefulSet/identity.js'
import type { ObjectEvent } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import { aPod, givenObjects, stored } from '../../../support/builders.js'
import { aStatefulSet } from './builders.js'

const event = (type: ObjectEvent['type'], object: KObject): ObjectEvent => ({ seq: 99, at: 0, type, v: 1, actor: 'user:test', data: { object } }) as ObjectEvent

describe('statefulSetKeysFor', () => {
  const s = givenObjects(aStatefulSet('web', 1), aStatefulSet('db', 1))
  const set = stored(s, 'StatefulSet', 'web')
  const owned = { ...(aPod('web-0', { labels: { app: 'web' } }) as KObject), metadata: { name: 'web-0', namespace: 'default', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid ?? '', controller: true }] } }
  it.each([
    ['the set itself', event('object/updated', set), ['default/web']],
    ['an owned pod', event('object/updated', owned), ['default/web']],
    ['an owned pod deleted', event('object/deleted', owned), ['default/web']],
    ['an orphan pod matching the selector', event('object/created', aPod('web-3', { labels: { app: 'web' } })), ['default/web']],
    ['an orphan pod matching nothing', event('object/created', aPod('x-0', { labels: { app: 'other' } })), []],
    ['a claim deleted carrying the selector labels', event('object/deleted', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-db-0', namespace: 'default', labels: { app: 'db' } } }), ['default/db']],
    ['a claim created', event('object/created', { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-db-0', namespace: 'default', labels: { app: 'db' } } }), []],
    ['a Service', event('object/created', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' } }), []],
  ])('%s', (_what, e, keys) => {
    expect(statefulSetKeysFor(e, s)).toEqual(keys)
  })
})

describe('parentAndOrdinal', () => {
  it.each([
    ['web-0', 'web', 0],
    ['my-app-2-10', 'my-app-2', 10],
    ['web', '', -1],
    ['web-99999999999', '', -1],
  ])('%s → %s, %s', (name, parent, ordinal) => {
    expect(parentAndOrdinal(name)).toEqual({ parent, ordinal })
  })
})
