import { describe, expect, it } from 'vitest'
import type { Decision, WriteContext } from '../../../src/api/context.js'
import { decide } from '../../../src/api/decide.js'
import type { KObject } from '../../../src/model/meta.js'
import type { Status } from '../../../src/model/status.js'
import type { ClusterState } from '../../../src/state/clusterState.js'
import { aDeployment, applied, aPod, aReplicaSet, aReplicationController, givenObjects, stored, withStatus } from '../../support/builders.js'

const ctx: WriteContext = { actor: 'user:test', atMs: 0 }

type Json = Record<string, unknown>

const accepted = (d: Decision): { events: Decision & { ok: true }; object: KObject } => {
  if (!d.ok) throw new Error(`refused: ${d.status.message ?? ''}`)
  if (d.object === undefined) throw new Error('accepted without an object')
  return { events: d, object: d.object }
}

const refused = (d: Decision): Status => {
  if (d.ok) throw new Error('expected a refusal, the write was accepted')
  return d.status
}

const eventsOf = (d: Decision): string[] => (d.ok ? d.events.map((e) => e.type) : [])

const update = (s: ClusterState, object: KObject): Decision => decide(s, { verb: 'update', object }, ctx)

const withReplicas = (o: KObject, replicas: number): KObject => ({ ...o, spec: { ...(o.spec as Json), replicas } })

const withAnnotations = (o: KObject, annotations: Record<string, string>): KObject => ({
  ...o,
  metadata: { ...o.metadata, annotations },
})

describe('update: optimistic concurrency', () => {
  const s = givenObjects(aReplicaSet('web', 3))
  const rs = stored(s, 'ReplicaSet', 'web')

  it('refuses a stale resourceVersion with 409 Conflict and the upstream message', () => {
    const status = refused(update(s, { ...withReplicas(rs, 5), metadata: { ...rs.metadata, resourceVersion: '1' } }))
    expect(status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on replicasets.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    })
  })

  it('accepts the current resourceVersion and stores the next seq as the new one', () => {
    const { object } = accepted(update(s, withReplicas(rs, 5)))
    expect(object.metadata.resourceVersion).toBe(String(s.seq + 1))
  })

  it('accepts an update without resourceVersion (an unconditional PUT)', () => {
    const { resourceVersion: _rv, ...meta } = rs.metadata
    expect(eventsOf(update(s, { ...withReplicas(rs, 5), metadata: meta }))).toEqual(['object/updated'])
  })

  it('refuses an update of a missing object with 404', () => {
    expect(refused(update(s, { ...rs, metadata: { ...rs.metadata, name: 'gone' } }))).toMatchObject({
      code: 404,
      message: 'replicasets.apps "gone" not found',
    })
  })
})

describe('update: generation bookkeeping (workloads.md §1.3)', () => {
  const s = givenObjects(aReplicaSet('web', 3), aDeployment('app', 2), aReplicationController('legacy', 1))
  const rs = stored(s, 'ReplicaSet', 'web')
  const dep = stored(s, 'Deployment', 'app')
  const rc = stored(s, 'ReplicationController', 'legacy')

  it('bumps generation when the spec changes', () => {
    expect(accepted(update(s, withReplicas(rs, 5))).object.metadata.generation).toBe(2)
    expect(accepted(update(s, withReplicas(rc, 5))).object.metadata.generation).toBe(2)
  })

  it('keeps generation when only labels or annotations of a ReplicaSet change', () => {
    const { object } = accepted(update(s, withAnnotations({ ...rs, metadata: { ...rs.metadata, labels: { x: 'y' } } }, { note: 'a' })))
    expect(object.metadata.generation).toBe(1)
    expect(object.metadata.annotations).toEqual({ note: 'a' })
  })

  it('bumps a Deployment generation when its annotations change', () => {
    expect(accepted(update(s, withAnnotations(dep, { note: 'a' }))).object.metadata.generation).toBe(2)
  })

  it('keeps the uid and creationTimestamp whatever the request says', () => {
    const { object } = accepted(update(s, { ...withReplicas(rs, 5), metadata: { ...rs.metadata, uid: 'forged', creationTimestamp: '2030-01-01T00:00:00Z' } }))
    expect(object.metadata.uid).toBe(rs.metadata.uid)
    expect(object.metadata.creationTimestamp).toBe('2024-01-01T00:00:00Z')
  })
})

describe('update: status', () => {
  const status = { replicas: 3, readyReplicas: 3, availableReplicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 }
  const s = withStatus(givenObjects(aReplicaSet('web', 3)), 'ReplicaSet', 'web', status)
  const rs = stored(s, 'ReplicaSet', 'web')

  it('keeps the stored status on a main-resource update that sends another', () => {
    const { object } = accepted(update(s, { ...withReplicas(rs, 5), status: { replicas: 99 } }))
    expect(object.status).toEqual(status)
    expect((object.spec as Json).replicas).toBe(5)
  })

  it('updateStatus changes status without bumping generation and ignores spec changes', () => {
    const d = decide(s, { verb: 'updateStatus', object: { ...withReplicas(rs, 9), status: { ...status, readyReplicas: 2 } } }, ctx)
    const { object } = accepted(d)
    expect(eventsOf(d)).toEqual(['object/updated'])
    expect(object.metadata.generation).toBe(1)
    expect((object.status as Json).readyReplicas).toBe(2)
    expect((object.spec as Json).replicas).toBe(3)
  })

  it('updateStatus persists annotations (the Deployment revision is written this way)', () => {
    const d = decide(s, { verb: 'updateStatus', object: withAnnotations(rs, { 'deployment.kubernetes.io/revision': '1' }) }, ctx)
    expect(accepted(d).object.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' })
  })

  it('updateStatus with a stale resourceVersion is a Conflict', () => {
    expect(refused(decide(s, { verb: 'updateStatus', object: { ...rs, metadata: { ...rs.metadata, resourceVersion: '2' } } }, ctx)).code).toBe(409)
  })
})

describe('update: no-op', () => {
  const s = givenObjects(aReplicaSet('web', 3), aPod('p', { labels: { app: 'x' } }))

  it.each([
    ['ReplicaSet', 'web'],
    ['Pod', 'p'],
  ])('an update of a %s that changes nothing appends nothing and returns the stored object', (kind, name) => {
    const current = stored(s, kind, name)
    const d = update(s, current)
    expect(d).toEqual({ ok: true, events: [], object: current })
  })

  it('a status write that changes nothing appends nothing', () => {
    const current = stored(s, 'ReplicaSet', 'web')
    expect(eventsOf(decide(s, { verb: 'updateStatus', object: current }, ctx))).toEqual([])
  })
})

describe('update: immutable fields', () => {
  const s = givenObjects(aReplicaSet('web', 3), aReplicationController('legacy', 1), aPod('p', { labels: { app: 'x' } }))

  it('refuses a changed selector on an apps/v1 ReplicaSet with 422 on spec.selector', () => {
    const rs = stored(s, 'ReplicaSet', 'web')
    const spec = rs.spec as Json
    const template = spec.template as Json
    const changed = {
      ...rs,
      spec: { ...spec, selector: { matchLabels: { app: 'web', tier: 'fe' } }, template: { ...template, metadata: { labels: { app: 'web', tier: 'fe' } } } },
    }
    const status = refused(update(s, changed))
    expect(status.code).toBe(422)
    expect(status.details?.causes).toEqual([expect.objectContaining({ field: 'spec.selector', reason: 'FieldValueInvalid' })])
    expect(status.message).toContain('field is immutable')
  })

  it('lets a ReplicationController change its selector (core/v1 selectors are mutable)', () => {
    const rc = stored(s, 'ReplicationController', 'legacy')
    const spec = rc.spec as Json
    const changed = {
      ...rc,
      spec: { ...spec, selector: { app: 'legacy', v: '2' }, template: { ...(spec.template as Json), metadata: { labels: { app: 'legacy', v: '2' } } } },
    }
    expect(eventsOf(update(s, changed))).toEqual(['object/updated'])
  })

  it('refuses a pod update that changes more than images', () => {
    const pod = stored(s, 'Pod', 'p')
    const spec = pod.spec as Json
    expect(refused(update(s, { ...pod, spec: { ...spec, restartPolicy: 'Never' } })).code).toBe(422)
  })

  it('lets a pod update change a container image', () => {
    const pod = stored(s, 'Pod', 'p')
    const spec = pod.spec as Json
    const containers = (spec.containers as Json[]).map((c) => ({ ...c, image: 'nginx:1.26' }))
    expect(eventsOf(update(s, { ...pod, spec: { ...spec, containers } }))).toEqual(['object/updated'])
  })
})

describe('bind (pods/binding)', () => {
  const s = givenObjects(aPod('p', { labels: { app: 'x' } }))
  const bind = (state: ClusterState) => decide(state, { verb: 'bind', ref: { kind: 'Pod', namespace: 'default', name: 'p' }, nodeName: 'node-1' }, ctx)

  it('sets spec.nodeName', () => {
    expect((accepted(bind(s)).object.spec as Json).nodeName).toBe('node-1')
  })

  it('refuses a second bind with 409 and the upstream message', () => {
    const bound = applied(s, { verb: 'bind', ref: { kind: 'Pod', namespace: 'default', name: 'p' }, nodeName: 'node-1' })
    expect(refused(bind(bound))).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "node-1"',
    })
  })
})
