import { describe, expect, it } from 'vitest'
import { decide } from '../../../src/api/decide.js'
import type { ControllerCommand, ReconcileResult } from '../../../src/controllers/controller.js'
import { replicaSetController, replicationControllerController } from '../../../src/controllers/replicaSet/replicaSetController.js'
import type { ObjectEvent } from '../../../src/log/events.js'
import type { KObject } from '../../../src/model/meta.js'
import type { ClusterState } from '../../../src/state/clusterState.js'
import {
  applied,
  appliedAll,
  aPod,
  aReplicaSet,
  aReplicationController,
  givenObjects,
  stored,
  uidOf,
} from '../../support/builders.js'

const reconcile = (s: ClusterState, nowMs = s.atMs, key = 'default/web'): ReconcileResult =>
  replicaSetController.reconcile(s, key, { nowMs, seed: 1 })

const verbs = (r: ReconcileResult): string[] => r.commands.map((c) => c.verb)

const objectOf = (c: ControllerCommand | undefined): KObject => {
  if (c === undefined || !('object' in c)) throw new Error(`expected a command with an object, got ${c?.verb ?? 'nothing'}`)
  return c.object
}

const statusOf = (r: ReconcileResult): unknown => objectOf(r.commands.find((c) => c.verb === 'updateStatus')).status

describe('given a ReplicaSet with replicas=3 and no pods', () => {
  const s = givenObjects(aReplicaSet('web', 3, { labels: { app: 'web', tier: 'fe' } }))
  const result = reconcile(s)

  it('creates three pods, then updates status', () => {
    expect(verbs(result)).toEqual(['create', 'create', 'create', 'updateStatus'])
  })

  it('creates each pod from the template, named by the server from `web-`, controlled by the set', () => {
    const pod = objectOf(result.commands[0])
    expect(pod.kind).toBe('Pod')
    expect(pod.metadata.generateName).toBe('web-')
    expect(pod.metadata.name).toBeUndefined()
    expect(pod.metadata.labels).toEqual({ app: 'web', tier: 'fe' })
    expect(pod.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: uidOf(s, 'ReplicaSet', 'web'), controller: true, blockOwnerDeletion: true },
    ])
  })

  it('records SuccessfulCreate on the set', () => {
    expect(result.commands[0]?.record).toEqual({
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: 'Created pod: {name}',
      involved: { kind: 'ReplicaSet', namespace: 'default', name: 'web' },
    })
  })

  it('writes the status of what it saw, observedGeneration included', () => {
    expect(statusOf(result)).toEqual({
      replicas: 0,
      fullyLabeledReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      terminatingReplicas: 0,
      observedGeneration: 1,
    })
  })

  it('converges: after its writes are applied, reconcile issues no commands (quiescence)', () => {
    let state = appliedAll(s, result.commands)
    const second = reconcile(state)
    expect(verbs(second)).toEqual(['updateStatus'])
    expect((statusOf(second) as { replicas: number }).replicas).toBe(3)
    state = appliedAll(state, second.commands)
    expect(reconcile(state)).toEqual({ commands: [] })
  })
})

describe('given a ReplicationController with replicas=2', () => {
  const s = givenObjects(aReplicationController('web', 2))
  const result = replicationControllerController.reconcile(s, 'default/web', { nowMs: 0, seed: 1 })

  it('creates pods whose controller reference is a v1 ReplicationController', () => {
    expect(verbs(result)).toEqual(['create', 'create', 'updateStatus'])
    expect(objectOf(result.commands[0]).metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: uidOf(s, 'ReplicationController', 'web'), controller: true, blockOwnerDeletion: true },
    ])
  })

  it('writes a status without terminatingReplicas (RCs have no such field)', () => {
    expect(statusOf(result)).toEqual({ replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 })
  })
})

describe('adoption and release (workloads.md §10.6)', () => {
  it('adopts an orphan pod that matches the selector, and counts it', () => {
    const s = givenObjects(aReplicaSet('web', 1), aPod('stray', { labels: { app: 'web' } }))
    const result = reconcile(s)
    expect(verbs(result)).toEqual(['update', 'updateStatus'])
    const adopted = objectOf(result.commands[0])
    expect(adopted.metadata.name).toBe('stray')
    expect(adopted.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: uidOf(s, 'ReplicaSet', 'web'), controller: true, blockOwnerDeletion: true },
    ])
    expect(statusOf(result)).toMatchObject({ replicas: 1 })
  })

  it('ignores an orphan that does not match, and one in another namespace', () => {
    const s = givenObjects(aReplicaSet('web', 0), aPod('other', { labels: { app: 'api' } }), aPod('elsewhere', { labels: { app: 'web' }, namespace: 'kube-system' }))
    expect(verbs(reconcile(s))).toEqual(['updateStatus'])
  })

  it('releases an owned pod whose labels no longer match, then replaces it', () => {
    const s = givenObjects(aReplicaSet('web', 1), aPod('relabelled', { labels: { app: 'debug' }, owner: 'web' }))
    const result = reconcile(s)
    expect(verbs(result)).toEqual(['update', 'create', 'updateStatus'])
    const released = objectOf(result.commands[0])
    expect(released.metadata.name).toBe('relabelled')
    expect(released.metadata.ownerReferences).toBeUndefined()
  })

  it('leaves alone a pod controlled by another set', () => {
    const s = givenObjects(aReplicaSet('web', 0), aReplicaSet('api', 1, { labels: { app: 'web' } }), aPod('theirs', { labels: { app: 'web' }, owner: 'api' }))
    expect(verbs(reconcile(s))).toEqual(['updateStatus'])
  })
})

describe('given a ReplicaSet being deleted (foreground) with no pods', () => {
  const s = applied(givenObjects(aReplicaSet('web', 3)), {
    verb: 'delete',
    ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' },
    options: { propagationPolicy: 'Foreground' },
  })

  it('creates nothing, only records status', () => {
    expect(stored(s, 'ReplicaSet', 'web').metadata.deletionTimestamp).toBeDefined()
    expect(verbs(reconcile(s))).toEqual(['updateStatus'])
  })
})

describe('given more pods than replicas', () => {
  const s = givenObjects(
    aReplicaSet('web', 1),
    aPod('a-running', { labels: { app: 'web' }, owner: 'web', nodeName: 'node-1', phase: 'Running', ready: true }),
    aPod('b-pending', { labels: { app: 'web' }, owner: 'web', nodeName: 'node-1' }),
    aPod('c-unscheduled', { labels: { app: 'web' }, owner: 'web' }),
  )

  it('deletes the surplus, the least valuable first, recording SuccessfulDelete', () => {
    const result = reconcile(s)
    expect(result.commands.filter((c) => c.verb === 'delete')).toEqual([
      {
        verb: 'delete',
        ref: { kind: 'Pod', namespace: 'default', name: 'c-unscheduled' },
        record: { type: 'Normal', reason: 'SuccessfulDelete', message: 'Deleted pod: c-unscheduled', involved: { kind: 'ReplicaSet', namespace: 'default', name: 'web' } },
      },
      {
        verb: 'delete',
        ref: { kind: 'Pod', namespace: 'default', name: 'b-pending' },
        record: { type: 'Normal', reason: 'SuccessfulDelete', message: 'Deleted pod: b-pending', involved: { kind: 'ReplicaSet', namespace: 'default', name: 'web' } },
      },
    ])
  })
})

describe('status (workloads.md §10.5)', () => {
  describe('given minReadySeconds=10 and pods ready for 12s, 7s and exactly 10s, and one not ready', () => {
    const s = givenObjects(
      aReplicaSet('web', 4, { minReadySeconds: 10 }),
      aPod('p1', { labels: { app: 'web' }, owner: 'web', nodeName: 'node-1', phase: 'Running', ready: true, readySinceMs: 0 }),
      aPod('p2', { labels: { app: 'web' }, owner: 'web', nodeName: 'node-1', phase: 'Running', ready: true, readySinceMs: 5_000 }),
      aPod('p3', { labels: { app: 'web' }, owner: 'web', nodeName: 'node-1', phase: 'Running', ready: true, readySinceMs: 2_000 }),
      aPod('p4', { labels: { app: 'web' }, owner: 'web', nodeName: 'node-1', phase: 'Running', ready: false }),
    )
    const result = reconcile(s, 12_000)

    it('counts available only the pods ready for strictly longer than minReadySeconds', () => {
      expect(statusOf(result)).toEqual({
        replicas: 4,
        fullyLabeledReplicas: 4,
        readyReplicas: 3,
        availableReplicas: 1,
        terminatingReplicas: 0,
        observedGeneration: 1,
      })
    })

    it('requeues for the earliest moment a ready pod becomes available, + 1ms', () => {
      // p3 is available at 12 000 (not strictly before now): one millisecond later it is.
      expect(result.requeueAfterMs).toBe(1)
      expect(reconcile(s, 12_001).requeueAfterMs).toBe(15_000 - 12_001 + 1)
    })

    it('does not requeue once every ready pod is available', () => {
      expect(reconcile(s, 20_000).requeueAfterMs).toBeUndefined()
    })
  })

  it('counts fullyLabeledReplicas only for pods carrying every template label', () => {
    const s = givenObjects(
      aReplicaSet('web', 2, { labels: { app: 'web', tier: 'fe' }, selector: { app: 'web' } }),
      aPod('full', { labels: { app: 'web', tier: 'fe', extra: 'x' }, owner: 'web' }),
      aPod('partial', { labels: { app: 'web' }, owner: 'web' }),
    )
    expect(statusOf(reconcile(s))).toMatchObject({ replicas: 2, fullyLabeledReplicas: 1 })
  })

  it('observes the generation it acted on', () => {
    const s0 = givenObjects(aReplicaSet('web', 0))
    const rs = stored(s0, 'ReplicaSet', 'web')
    const s = applied(s0, { verb: 'update', object: { ...rs, spec: { ...(rs.spec as object), minReadySeconds: 5 } } })
    expect(statusOf(reconcile(s))).toMatchObject({ observedGeneration: 2 })
  })

  describe('given replicas=2 and one of two bound pods terminating', () => {
    const s = applied(
      givenObjects(
        aReplicaSet('web', 2),
        aPod('p1', { labels: { app: 'web' }, owner: 'web', nodeName: 'node-1', phase: 'Running', ready: true }),
        aPod('p2', { labels: { app: 'web' }, owner: 'web', nodeName: 'node-1', phase: 'Running', ready: true }),
      ),
      { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'p1' } },
    )
    const result = reconcile(s)

    it('does not count it in replicas, counts it in terminatingReplicas, and replaces it', () => {
      expect(verbs(result)).toEqual(['create', 'updateStatus'])
      expect(statusOf(result)).toMatchObject({ replicas: 1, readyReplicas: 1, terminatingReplicas: 1 })
    })
  })
})

describe('keysFor: which sets an event makes dirty', () => {
  const s = givenObjects(aReplicaSet('web', 1), aReplicaSet('api', 1), aPod('stray', { labels: { app: 'web' } }))
  const webUid = uidOf(s, 'ReplicaSet', 'web')
  const eventOf = (d: ReturnType<typeof decide>): ObjectEvent => {
    if (!d.ok) throw new Error(d.status.message)
    return d.events[0] as ObjectEvent
  }
  const ctx = { actor: 'user:test', atMs: 0 }
  const owned = aPod('owned', { labels: { app: 'web' }, ownerUid: webUid })
  const strayNow = stored(s, 'Pod', 'stray')

  it.each<[string, ObjectEvent, string[]]>([
    ['a pod created with a controllerRef', eventOf(decide(s, { verb: 'create', object: { ...owned, metadata: { ...owned.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: webUid, controller: true, blockOwnerDeletion: true }] } } }, ctx)), ['default/web']],
    ['an orphan pod created matching a selector', eventOf(decide(s, { verb: 'create', object: aPod('new', { labels: { app: 'web' } }) }, ctx)), ['default/web']],
    ['an unrelated pod', eventOf(decide(s, { verb: 'create', object: aPod('new', { labels: { app: 'db' } }) }, ctx)), []],
    ['an orphan relabelled away from the selector (old labels count)', eventOf(decide(s, { verb: 'update', object: { ...strayNow, metadata: { ...strayNow.metadata, labels: { app: 'db' } } } }, ctx)), ['default/web']],
    ['the set itself', eventOf(decide(s, { verb: 'delete', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'api' } }, ctx)), ['default/api']],
    ['another kind', eventOf(decide(s, { verb: 'create', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' } } }, ctx)), []],
  ])('%s', (_what, event, keys) => {
    expect([...replicaSetController.keysFor(event, s)].sort()).toEqual(keys)
  })

  it('resyncKeys lists every ReplicaSet', () => {
    expect(replicaSetController.resyncKeys(s)).toEqual(['default/api', 'default/web'])
  })
})
