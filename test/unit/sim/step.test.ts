import { describe, expect, it } from 'vitest'
import type { Controller } from '../../../src/controllers/controller.js'
import { InvariantViolation } from '../../../src/kernel/invariant.js'
import type { Event } from '../../../src/log/events.js'
import type { KObject } from '../../../src/model/meta.js'
import { getObject, listObjects } from '../../../src/state/clusterState.js'
import { garbageCollector } from '../../../src/controllers/garbageCollector/garbageCollector.js'
import { replicaSetController, replicationControllerController } from '../../../src/controllers/replicaSet/replicaSetController.js'
import { CONTROLLERS } from '../../../src/sim/controllers.js'
import { step } from '../../../src/sim/step.js'
import type { World } from '../../../src/sim/world.js'
import { aReplicaSet, podStatus, startedWorld, stored } from '../../support/builders.js'

const request = (world: World, object: KObject, verb: 'create' | 'updateStatus' = 'create') =>
  step(world, { type: 'request', actor: 'user:test', command: { verb, object } })

/**
 * The controllers these tests observe. Not all of CONTROLLERS: a scheduler or kubelet would bind and
 * run the pods and add events that are not what these tests are about.
 */
const WORKLOAD_CONTROLLERS: readonly Controller[] = [garbageCollector, replicaSetController, replicationControllerController]

it('the simulation runs these controllers', () => {
  expect(CONTROLLERS).toEqual(expect.arrayContaining([...WORKLOAD_CONTROLLERS]))
})

/** `kind/name` of an object event, `type` otherwise. */
const what = (e: Event): string =>
  e.type === 'object/created' || e.type === 'object/updated' || e.type === 'object/deleted'
    ? `${e.type} ${e.data.object.kind}/${e.data.object.metadata.name ?? ''}`
    : e.type

describe('given a started world running the controllers', () => {
  const world = startedWorld(WORKLOAD_CONTROLLERS)

  describe('when a user creates a ReplicaSet with replicas=3', () => {
    const out = request(world, aReplicaSet('web', 3))
    const rsSeq = world.state.seq + 1
    const pods = out.appended.filter((e) => e.type === 'object/created' && e.data.object.kind === 'Pod')

    it('replies with the accepted decision for the ReplicaSet', () => {
      expect(out.reply).toMatchObject({ type: 'decision', decision: { ok: true, object: { kind: 'ReplicaSet', metadata: { name: 'web' } } } })
    })

    it('runs the controllers to quiescence in the same step: three pods exist', () => {
      expect(pods).toHaveLength(3)
      expect(listObjects(out.world.state, 'Pod', 'default')).toHaveLength(3)
      expect(stored(out.world.state, 'ReplicaSet', 'web').status).toMatchObject({ replicas: 3, observedGeneration: 1 })
    })

    it('at the same virtual instant, attributed to controller:replicaset and caused by the create', () => {
      expect(out.appended[0]).toMatchObject({ seq: rsSeq, type: 'object/created', actor: 'user:test', at: 0 })
      expect(out.appended[0]).not.toHaveProperty('cause')
      for (const p of pods) expect(p).toMatchObject({ at: 0, actor: 'controller:replicaset', cause: rsSeq })
    })

    it('records a SuccessfulCreate Event after each pod, then writes status', () => {
      expect(out.appended.map(what).slice(0, 8)).toEqual([
        'object/created ReplicaSet/web',
        ...pods.flatMap((p) => [what(p), expect.stringMatching(/^object\/created Event\/web\.[0-9a-f]{16}$/)]),
        'object/updated ReplicaSet/web',
      ])
    })

    it('numbers the appended events contiguously from the state seq', () => {
      expect(out.appended.map((e) => e.seq)).toEqual(out.appended.map((_, i) => rsSeq + i))
      expect(out.world.state.seq).toBe(rsSeq + out.appended.length - 1)
    })

    it('is deterministic: the same world and input append the same events', () => {
      expect(request(world, aReplicaSet('web', 3)).appended).toEqual(out.appended)
    })
  })

  describe('when a request is refused', () => {
    const out = request(world, aReplicaSet('web', -1))

    it('appends nothing, keeps the state, and replies with the Status', () => {
      expect(out.appended).toEqual([])
      expect(out.world.state).toBe(world.state)
      expect(out.reply).toMatchObject({ type: 'decision', decision: { ok: false, status: { kind: 'Status', code: 422, reason: 'Invalid' } } })
    })
  })

  describe('when the clock is advanced with nothing due', () => {
    const out = step(world, { type: 'advance', byMs: 5_000, actor: 'clock' })

    it('appends one clock/advanced event at now + byMs', () => {
      expect(out.appended).toEqual([{ seq: world.state.seq + 1, at: 5_000, type: 'clock/advanced', v: 1, actor: 'clock', data: { byMs: 5_000 } }])
      expect(out.world.nowMs).toBe(5_000)
      expect(out.reply).toEqual({ type: 'clock', nowMs: 5_000, quiescent: true })
    })
  })
})

describe('timers: availability under minReadySeconds', () => {
  /** Creates the sets, then makes each one's single pod Running and Ready at time 0. */
  const readyWorld = (): World => {
    let w = startedWorld(WORKLOAD_CONTROLLERS)
    for (const [name, minReadySeconds] of [['slow', 10], ['fast', 5]] as const) {
      w = request(w, aReplicaSet(name, 1, { minReadySeconds })).world
      const pod = listObjects(w.state, 'Pod', 'default').find((p) => p.metadata.name?.startsWith(`${name}-`))
      if (pod === undefined) throw new Error(`no pod for ${name}`)
      w = request(w, { ...pod, status: podStatus({ phase: 'Running', ready: true, readySinceMs: 0 }) }, 'updateStatus').world
    }
    return w
  }
  const w = readyWorld()

  it('a ready but not yet available pod leaves a timer for when it becomes available, + 1ms', () => {
    expect(w.timers.map((t) => [t.atMs, t.key])).toEqual([
      [5_001, 'default/fast'],
      [10_001, 'default/slow'],
    ])
    expect(stored(w.state, 'ReplicaSet', 'slow').status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 })
  })

  describe('when the clock advances past both', () => {
    const out = step(w, { type: 'advance', byMs: 20_000, actor: 'clock' })

    it('fires the timers in time order, each write at its timer instant, then records the advance', () => {
      expect(out.appended.map((e) => [e.at, what(e)])).toEqual([
        [5_001, 'object/updated ReplicaSet/fast'],
        [10_001, 'object/updated ReplicaSet/slow'],
        [20_000, 'clock/advanced'],
      ])
    })

    it('leaves both sets available and no timer behind', () => {
      expect(stored(out.world.state, 'ReplicaSet', 'fast').status).toMatchObject({ availableReplicas: 1 })
      expect(stored(out.world.state, 'ReplicaSet', 'slow').status).toMatchObject({ availableReplicas: 1 })
      expect(out.world.timers).toEqual([])
      expect(out.reply).toEqual({ type: 'clock', nowMs: 20_000, quiescent: true })
    })
  })

  it('advancing to just before a timer fires nothing yet', () => {
    const out = step(w, { type: 'advance', byMs: 5_000, actor: 'clock' })
    expect(out.appended.map(what)).toEqual(['clock/advanced'])
    expect(out.world.timers).toHaveLength(2)
  })
})

describe('the reconcile storm guard', () => {
  /** A broken controller: every reconcile bumps a counter annotation, which dirties the key again. */
  const bogus: Controller = {
    name: 'bogus',
    actor: 'controller:bogus',
    keysFor: (e) => (e.data.object.kind === 'ConfigMap' ? [`${e.data.object.metadata.namespace ?? ''}/${e.data.object.metadata.name ?? ''}`] : []),
    resyncKeys: () => [],
    reconcile: (s, key) => {
      const [ns, name] = key.split('/')
      const cm = getObject(s, 'ConfigMap', ns, name ?? '')
      if (cm === undefined) return { commands: [] }
      const n = Number(cm.metadata.annotations?.count ?? '0') + 1
      return { commands: [{ verb: 'update', object: { ...cm, metadata: { ...cm.metadata, annotations: { count: String(n) } } } }] }
    },
  }
  const world = startedWorld([bogus], 7)
  const counter: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'counter', namespace: 'default' }, data: {} }

  it('throws InvariantViolation naming the controller, the key and the seed', () => {
    expect(() => request(world, counter)).toThrow(InvariantViolation)
    expect(() => request(world, counter)).toThrow(/controller bogus .*key default\/counter .*seed 7/)
  })
})
