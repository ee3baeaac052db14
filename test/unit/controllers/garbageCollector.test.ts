import { describe, expect, it } from 'vitest'
import type { DeleteOptions } from '../../../src/api/commands.js'
import type { ReconcileResult } from '../../../src/controllers/controller.js'
import { garbageCollector } from '../../../src/controllers/garbageCollector/garbageCollector.js'
import type { ObjectEvent } from '../../../src/log/events.js'
import type { KObject } from '../../../src/model/meta.js'
import { type ClusterState, getObject } from '../../../src/state/clusterState.js'
import { applied, appliedAll, aPod, aReplicaSet, givenObjects, stored, uidOf } from '../../support/builders.js'

/** workloads.md §13: the garbage collector is keyed by owner uid. */

const reconcile = (s: ClusterState, uid: string): ReconcileResult => garbageCollector.reconcile(s, uid, { nowMs: s.atMs, seed: 1 })

const deleteRs = (s: ClusterState, options?: DeleteOptions): ClusterState =>
  applied(s, { verb: 'delete', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, ...(options !== undefined ? { options } : {}) })

/** `[verb, name]` of each command, with the ownerReference uids an update leaves or the delete policy. */
const summary = (r: ReconcileResult): unknown[] =>
  r.commands.map((c) => {
    switch (c.verb) {
      case 'delete':
        return ['delete', c.ref.name, c.options?.propagationPolicy]
      case 'update':
        return ['update', c.object.metadata.name, (c.object.metadata.ownerReferences ?? []).map((o) => o.name), c.object.metadata.finalizers ?? []]
      default:
        return [c.verb]
    }
  })

/** An RS `web` owning two pods, plus an RS `keeper` that co-owns `shared` (not as controller). */
const givenRsWithPods = (): ClusterState => {
  const shared = aPod('shared', { labels: { app: 'web' }, owner: 'web' })
  return givenObjects(
    aReplicaSet('web', 2),
    aReplicaSet('keeper', 0, { labels: { app: 'keeper' } }),
    aPod('p1', { labels: { app: 'web' }, owner: 'web' }),
    {
      ...shared,
      metadata: {
        ...shared.metadata,
        ownerReferences: [
          ...(shared.metadata.ownerReferences ?? []),
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'keeper', uid: '' },
        ],
      },
    },
  )
}

describe('background deletion', () => {
  const before = givenRsWithPods()
  const uid = uidOf(before, 'ReplicaSet', 'web')
  const s = deleteRs(before)

  it('the owner is gone at once', () => {
    expect(getObject(s, 'ReplicaSet', 'default', 'web')).toBeUndefined()
  })

  it('deletes the dangling dependents (Background) and strips the dangling ref from one with another live owner', () => {
    expect(summary(reconcile(s, uid))).toEqual([
      ['delete', 'p1', 'Background'],
      ['update', 'shared', ['keeper'], []],
    ])
  })

  it('is quiescent once the dependents are handled', () => {
    const after = appliedAll(s, reconcile(s, uid).commands)
    expect(getObject(after, 'Pod', 'default', 'p1')).toBeUndefined()
    expect(stored(after, 'Pod', 'shared').metadata.ownerReferences?.map((r) => r.name)).toEqual(['keeper'])
    expect(reconcile(after, uid)).toEqual({ commands: [] })
  })

  it('does not delete a dependent again while it is terminating', () => {
    const bound = givenObjects(aReplicaSet('web', 1), aPod('p1', { labels: { app: 'web' }, owner: 'web', nodeName: 'node-1' }))
    const gone = deleteRs(bound)
    const terminating = appliedAll(gone, reconcile(gone, uidOf(bound, 'ReplicaSet', 'web')).commands)
    expect(stored(terminating, 'Pod', 'p1').metadata.deletionTimestamp).toBe('2024-01-01T00:00:30Z')
    expect(reconcile(terminating, uidOf(bound, 'ReplicaSet', 'web'))).toEqual({ commands: [] })
  })

  it('does nothing for a live owner that is not being deleted', () => {
    expect(reconcile(before, uid)).toEqual({ commands: [] })
  })
})

describe('orphan deletion', () => {
  const before = givenRsWithPods()
  const uid = uidOf(before, 'ReplicaSet', 'web')
  const s = deleteRs(before, { propagationPolicy: 'Orphan' })

  it('first removes the owner reference from every dependent', () => {
    expect(stored(s, 'ReplicaSet', 'web').metadata.finalizers).toEqual(['orphan'])
    expect(summary(reconcile(s, uid))).toEqual([
      ['update', 'p1', [], []],
      ['update', 'shared', ['keeper'], []],
    ])
  })

  describe('when no dependent is left', () => {
    const orphaned = appliedAll(s, reconcile(s, uid).commands)
    const result = reconcile(orphaned, uid)

    it('removes the orphan finalizer', () => {
      expect(summary(result)).toEqual([['update', 'web', [], []]])
    })

    it('which completes the deletion, leaving the pods running', () => {
      const done = appliedAll(orphaned, result.commands)
      expect(getObject(done, 'ReplicaSet', 'default', 'web')).toBeUndefined()
      expect(stored(done, 'Pod', 'p1').metadata.ownerReferences).toBeUndefined()
    })
  })
})

describe('foreground deletion', () => {
  const before = givenObjects(aReplicaSet('web', 2), aPod('p1', { labels: { app: 'web' }, owner: 'web' }), aPod('p2', { labels: { app: 'web' }, owner: 'web' }))
  const uid = uidOf(before, 'ReplicaSet', 'web')
  const s = deleteRs(before, { propagationPolicy: 'Foreground' })

  it('deletes the dependents first while the owner stays, marked', () => {
    expect(stored(s, 'ReplicaSet', 'web').metadata.finalizers).toEqual(['foregroundDeletion'])
    expect(summary(reconcile(s, uid))).toEqual([
      ['delete', 'p1', 'Background'],
      ['delete', 'p2', 'Background'],
    ])
  })

  describe('when no blocking dependent remains', () => {
    const emptied = appliedAll(s, reconcile(s, uid).commands)
    const result = reconcile(emptied, uid)

    it('removes foregroundDeletion', () => {
      expect(summary(result)).toEqual([['update', 'web', [], []]])
    })

    it('which completes the deletion', () => {
      expect(getObject(appliedAll(emptied, result.commands), 'ReplicaSet', 'default', 'web')).toBeUndefined()
    })
  })

  it('waits for a terminating dependent before removing the finalizer', () => {
    const bound = givenObjects(aReplicaSet('web', 1), aPod('p1', { labels: { app: 'web' }, owner: 'web', nodeName: 'node-1' }))
    const marked = deleteRs(bound, { propagationPolicy: 'Foreground' })
    const terminating = appliedAll(marked, reconcile(marked, uidOf(bound, 'ReplicaSet', 'web')).commands)
    expect(reconcile(terminating, uidOf(bound, 'ReplicaSet', 'web'))).toEqual({ commands: [] })
  })
})

describe('keysFor', () => {
  const s = givenObjects(aReplicaSet('web', 1), aPod('p1', { labels: { app: 'web' }, owner: 'web' }))
  const uid = uidOf(s, 'ReplicaSet', 'web')
  const event = (type: ObjectEvent['type'], object: KObject): ObjectEvent => ({ seq: s.seq + 1, at: 0, type, v: 1, actor: 'user:test', data: { object } })
  const rs = stored(s, 'ReplicaSet', 'web')
  const p1 = stored(s, 'Pod', 'p1')

  it.each<[string, ObjectEvent, string[]]>([
    ['an owner deleted → its uid', event('object/deleted', rs), [uid]],
    ['an owner marked for deletion → its uid', event('object/updated', { ...rs, metadata: { ...rs.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } }), [uid]],
    ['a live owner updated → nothing', event('object/updated', rs), []],
    ['a dependent changed → its owners', event('object/updated', p1), [uid]],
  ])('%s', (_what, e, keys) => {
    expect(garbageCollector.keysFor(e, s)).toEqual(keys)
  })
})
