import { describe, expect, it } from 'vitest'
import type { DeleteOptions } from '../../../src/api/commands.js'
import type { Decision } from '../../../src/api/context.js'
import { decide } from '../../../src/api/decide.js'
import type { KObject } from '../../../src/model/meta.js'
import type { ClusterState } from '../../../src/state/clusterState.js'
import { aDeployment, applied, aPod, aReplicaSet, aReplicationController, givenObjects, stored, uidOf } from '../../support/builders.js'

const del = (s: ClusterState, kind: string, name: string, options?: DeleteOptions, atMs = 0): Decision =>
  decide(s, { verb: 'delete', ref: { kind, namespace: 'default', name }, ...(options !== undefined ? { options } : {}) }, { actor: 'user:test', atMs })

/** The single event a delete appended, as `[type, object]`. */
const onlyEvent = (d: Decision): [string, KObject] => {
  if (!d.ok) throw new Error(`refused: ${d.status.message ?? ''}`)
  expect(d.events).toHaveLength(1)
  const e = d.events[0]!
  if (e.type !== 'object/created' && e.type !== 'object/updated' && e.type !== 'object/deleted') throw new Error(e.type)
  return [e.type, e.data.object]
}

describe('delete: pods', () => {
  const s = givenObjects(aPod('pending', { labels: { app: 'x' } }), aPod('bound', { labels: { app: 'x' }, nodeName: 'node-1', phase: 'Running' }))

  it('removes an unscheduled pod at once (object/deleted)', () => {
    const [type, o] = onlyEvent(del(s, 'Pod', 'pending'))
    expect(type).toBe('object/deleted')
    expect(o.metadata.name).toBe('pending')
  })

  describe('given a pod bound to a node, deleted at 1s', () => {
    const [type, o] = onlyEvent(del(s, 'Pod', 'bound', undefined, 1_000))

    it('marks it for graceful deletion: deletionTimestamp = now + 30s, deletionGracePeriodSeconds 30 (object/updated)', () => {
      expect(type).toBe('object/updated')
      expect(o.metadata.deletionTimestamp).toBe('2024-01-01T00:00:31Z')
      expect(o.metadata.deletionGracePeriodSeconds).toBe(30)
    })

    const terminating = applied(s, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'bound' } }, 1_000)

    it('a second delete with gracePeriodSeconds 0 removes it', () => {
      const [again, gone] = onlyEvent(del(terminating, 'Pod', 'bound', { gracePeriodSeconds: 0 }, 2_000))
      expect(again).toBe('object/deleted')
      expect(gone.metadata.name).toBe('bound')
    })

    it('a second delete with the same grace period changes nothing', () => {
      expect(del(terminating, 'Pod', 'bound', undefined, 2_000)).toMatchObject({ ok: true, events: [] })
    })

    it('a second delete with a shorter grace period moves the deletionTimestamp earlier', () => {
      const [, o2] = onlyEvent(del(terminating, 'Pod', 'bound', { gracePeriodSeconds: 5 }, 2_000))
      expect(o2.metadata.deletionTimestamp).toBe('2024-01-01T00:00:07Z')
      expect(o2.metadata.deletionGracePeriodSeconds).toBe(5)
    })
  })

  it('honours the pod terminationGracePeriodSeconds', () => {
    const pod = aPod('short', { labels: { app: 'x' }, nodeName: 'node-1' })
    const s2 = givenObjects({ ...pod, spec: { ...(pod.spec as object), terminationGracePeriodSeconds: 10 } })
    const [, o] = onlyEvent(del(s2, 'Pod', 'short'))
    expect(o.metadata.deletionTimestamp).toBe('2024-01-01T00:00:10Z')
  })

  it('removes a terminated (Succeeded) pod at once even when it is bound', () => {
    const s2 = givenObjects(aPod('done', { labels: { app: 'x' }, nodeName: 'node-1', phase: 'Succeeded' }))
    expect(onlyEvent(del(s2, 'Pod', 'done'))[0]).toBe('object/deleted')
  })
})

describe('delete: propagation (workloads.md §13)', () => {
  const s = givenObjects(aReplicaSet('web', 3), aReplicationController('legacy', 1), aDeployment('app', 1))

  it('Background (the ReplicaSet default) removes the owner at once', () => {
    expect(onlyEvent(del(s, 'ReplicaSet', 'web'))[0]).toBe('object/deleted')
  })

  it('Foreground adds the foregroundDeletion finalizer, sets deletionTimestamp and bumps generation', () => {
    const [type, o] = onlyEvent(del(s, 'ReplicaSet', 'web', { propagationPolicy: 'Foreground' }, 5_000))
    expect(type).toBe('object/updated')
    expect(o.metadata.finalizers).toEqual(['foregroundDeletion'])
    expect(o.metadata.deletionTimestamp).toBe('2024-01-01T00:00:05Z')
    expect(o.metadata.deletionGracePeriodSeconds).toBe(0)
    expect(o.metadata.generation).toBe(2)
  })

  it('Orphan adds the orphan finalizer', () => {
    const [type, o] = onlyEvent(del(s, 'Deployment', 'app', { propagationPolicy: 'Orphan' }))
    expect(type).toBe('object/updated')
    expect(o.metadata.finalizers).toEqual(['orphan'])
  })

  it('orphanDependents: true overrides propagationPolicy', () => {
    const [, o] = onlyEvent(del(s, 'ReplicaSet', 'web', { orphanDependents: true, propagationPolicy: 'Foreground' }))
    expect(o.metadata.finalizers).toEqual(['orphan'])
  })

  it('a ReplicationController defaults to Orphan when the request names no policy', () => {
    const [type, o] = onlyEvent(del(s, 'ReplicationController', 'legacy'))
    expect(type).toBe('object/updated')
    expect(o.metadata.finalizers).toEqual(['orphan'])
  })

  it('a ReplicationController deleted with an explicit Background policy goes at once (what kubectl sends)', () => {
    expect(onlyEvent(del(s, 'ReplicationController', 'legacy', { propagationPolicy: 'Background' }))[0]).toBe('object/deleted')
  })

  it('a second Foreground delete of an object already being deleted changes nothing', () => {
    const deleting = applied(s, { verb: 'delete', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, options: { propagationPolicy: 'Foreground' } })
    expect(del(deleting, 'ReplicaSet', 'web', { propagationPolicy: 'Foreground' })).toMatchObject({ ok: true, events: [] })
    expect(stored(deleting, 'ReplicaSet', 'web').metadata.generation).toBe(2)
  })
})

describe('delete: preconditions and refusals', () => {
  const s = givenObjects(aReplicaSet('web', 3))

  it('refuses a uid precondition that does not match with 409 Conflict', () => {
    const d = del(s, 'ReplicaSet', 'web', { preconditions: { uid: 'not-the-uid' } })
    expect(d).toMatchObject({ ok: false, status: { code: 409, reason: 'Conflict' } })
    expect(d.ok ? [] : [d.status.message]).toEqual([
      'Operation cannot be fulfilled on replicasets.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    ])
  })

  it('accepts a uid precondition that matches', () => {
    expect(onlyEvent(del(s, 'ReplicaSet', 'web', { preconditions: { uid: uidOf(s, 'ReplicaSet', 'web') } }))[0]).toBe('object/deleted')
  })

  it('refuses a resourceVersion precondition that does not match', () => {
    expect(del(s, 'ReplicaSet', 'web', { preconditions: { resourceVersion: '1' } })).toMatchObject({ ok: false, status: { code: 409 } })
  })

  it('refuses a missing object with 404', () => {
    expect(del(s, 'ReplicaSet', 'nope')).toMatchObject({ ok: false, status: { code: 404, message: 'replicasets.apps "nope" not found' } })
  })
})
