import { describe, expect, it } from 'vitest'
import { schedulerController } from '../../../../src/controllers/scheduler/schedulerController.js'
import { podCondition } from '../../../../src/model/pod.js'
import { step } from '../../../../src/sim/step.js'
import type { World } from '../../../../src/sim/world.js'
import { ACTOR, aPod, eventsAbout, nodes, patchNode, placements, type PodShape, send, storedPod, worldWith } from './given.js'

/** Creates pods through `step` with the scheduler running, one request each. */
const createPods = (world: World, names: readonly string[], shape: PodShape = {}): World =>
  names.reduce((w, name) => step(w, { type: 'request', actor: ACTOR, command: { verb: 'create', object: aPod(name, shape) } }).world, world)

const SIX = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']

describe('given three equal nodes and the scheduler running', () => {
  const world = worldWith(nodes(3), [schedulerController])

  describe('when six pods without requests are created one by one', () => {
    const after = createPods(world, SIX)

    it('spreads them two per node (each counts 100m / 200Mi for scoring)', () => {
      const perNode = Object.values(placements(after.state)).reduce<Record<string, number>>((m, n) => ({ ...m, [n]: (m[n] ?? 0) + 1 }), {})
      expect(perNode).toEqual({ 'node-1': 2, 'node-2': 2, 'node-3': 2 })
    })

    it('fills the least allocated node first, breaking ties by lowest name', () => {
      expect(placements(after.state)).toEqual({ p1: 'node-1', p2: 'node-2', p3: 'node-3', p4: 'node-1', p5: 'node-2', p6: 'node-3' })
    })

    it('marks each pod PodScheduled=True and records one Scheduled event', () => {
      expect(podCondition(storedPod(after.state, 'p5'), 'PodScheduled')?.status).toBe('True')
      expect(eventsAbout(after.state, 'p5')).toEqual(['Normal Scheduled: Successfully assigned default/p5 to node-2'])
    })
  })

  describe('when a pod is created', () => {
    const out = step(world, { type: 'request', actor: ACTOR, command: { verb: 'create', object: aPod('p') } })

    it('binds it in the same step, as actor scheduler, caused by the create', () => {
      const created = out.appended[0]!
      expect(out.appended.map((e) => [e.type, e.actor, e.cause])).toEqual([
        ['object/created', ACTOR, undefined],
        ['object/updated', 'scheduler', created.seq],
        ['object/created', 'scheduler', created.seq],
      ])
    })
  })

  describe('when seven pods asking for 1500m CPU are created', () => {
    const after = createPods(world, ['a', 'b', 'c', 'd', 'e', 'f', 'g'], { cpu: '1500m' })
    const message =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.'

    it('never overcommits: two per node, the seventh stays pending', () => {
      expect(Object.values(placements(after.state)).sort()).toEqual(['', 'node-1', 'node-1', 'node-2', 'node-2', 'node-3', 'node-3'])
      expect(placements(after.state).g).toBe('')
    })

    it('records why, once', () => {
      expect(podCondition(storedPod(after.state, 'g'), 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message })
      expect(eventsAbout(after.state, 'g')).toEqual([`Warning FailedScheduling: ${message}`])
    })

    describe('and nodes change without making room', () => {
      const relabelled = patchNode(patchNode(after, 'node-1', { metadata: { labels: { disk: 'ssd' } } }), 'node-2', { metadata: { labels: { disk: 'hdd' } } })

      it('stays quiet: no second FailedScheduling event, no status write', () => {
        expect(eventsAbout(relabelled.state, 'g')).toHaveLength(1)
        expect(storedPod(relabelled.state, 'g').metadata.resourceVersion).toBe(storedPod(after.state, 'g').metadata.resourceVersion)
      })
    })

    describe('and a bound pod is deleted', () => {
      const freed = send(after, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'b' }, options: { gracePeriodSeconds: 0 } })

      it('schedules the pending pod on the freed node in the same step', () => {
        expect(placements(freed.state).g).toBe('node-2')
        expect(eventsAbout(freed.state, 'g')).toEqual([
          `Warning FailedScheduling: ${message}`,
          'Normal Scheduled: Successfully assigned default/g to node-2',
        ])
        expect(podCondition(storedPod(freed.state, 'g'), 'PodScheduled')).toMatchObject({ status: 'True' })
      })
    })

    describe('and a bigger node joins', () => {
      const grown = send(after, { verb: 'create', object: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-4' }, status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' } } } })

      it('schedules the pending pod there', () => {
        expect(placements(grown.state).g).toBe('node-4')
      })
    })
  })

  describe('when every node is cordoned and a pod is created', () => {
    let cordoned = world
    for (const n of ['node-1', 'node-2', 'node-3']) cordoned = patchNode(cordoned, n, { spec: { unschedulable: true } })
    const pending = createPods(cordoned, ['p'])

    it('keeps it pending with one event', () => {
      expect(eventsAbout(pending.state, 'p')).toEqual([
        'Warning FailedScheduling: 0/3 nodes are available: 3 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      ])
    })

    it('binds it as soon as a node is uncordoned', () => {
      const open = patchNode(pending, 'node-3', { spec: { unschedulable: false } })
      expect(placements(open.state).p).toBe('node-3')
    })
  })
})
