import { describe, expect, it } from 'vitest'
import type { Command } from '../../../../src/api/commands.js'
import { schedulerController, selectPendingPodKeys } from '../../../../src/controllers/scheduler/schedulerController.js'
import { isObjectEvent, type ObjectEvent } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import { step } from '../../../../src/sim/step.js'
import { ACTOR, aPod, create, nodes, storedNode, storedPod, worldWith } from './given.js'

/** Pending a and b, a pod of another scheduler, a bound pod on node-1; two nodes. */
const world = create(
  worldWith(nodes(2)),
  aPod('a'),
  aPod('b'),
  aPod('other', { schedulerName: 'my-scheduler' }),
  aPod('bound', { nodeName: 'node-1' }),
)
const ALL = ['default/a', 'default/b']

/** The object event a request appends, and the keys the scheduler derives from it. */
const keysAfter = (command: Command, from = world): readonly string[] => {
  const out = step(from, { type: 'request', actor: ACTOR, command })
  const event = out.appended.find(isObjectEvent)
  if (event === undefined) throw new Error(`${command.verb} appended no object event`)
  return schedulerController.keysFor(event, from.state)
}

const nodeStatus = (conditions: unknown[]): Command => ({
  verb: 'updateStatus',
  object: { ...(storedNode(world.state, 'node-2') as unknown as KObject), status: { ...storedNode(world.state, 'node-2').status, conditions } },
})

const podStatus = (name: string, status: Record<string, unknown>): Command => ({
  verb: 'updateStatus',
  object: { ...(storedPod(world.state, name) as unknown as KObject), status },
})

describe('keysFor', () => {
  it('lists the pending pods of the default scheduler from the unscheduled index', () => {
    expect(selectPendingPodKeys(world.state)).toEqual(ALL)
    expect(schedulerController.resyncKeys(world.state)).toEqual(ALL)
  })

  it.each<[string, Command, readonly string[]]>([
    ['a pending pod is created → its key', { verb: 'create', object: aPod('c') }, ['default/c']],
    ['a pod of another scheduler is created → nothing', { verb: 'create', object: aPod('c', { schedulerName: 'x' }) }, []],
    ['a pod is created bound → nothing', { verb: 'create', object: aPod('c', { nodeName: 'node-2' }) }, []],
    ['a pending pod is updated → its key', { verb: 'patch', ref: { kind: 'Pod', namespace: 'default', name: 'a' }, patch: { metadata: { labels: { x: 'y' } } } }, ['default/a']],
    ['a node is created → every pending pod', { verb: 'create', object: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-3' } } }, ALL],
    ['a node is relabelled → every pending pod', { verb: 'patch', ref: { kind: 'Node', name: 'node-2' }, patch: { metadata: { labels: { disk: 'ssd' } } } }, ALL],
    ['a node is cordoned → every pending pod', { verb: 'patch', ref: { kind: 'Node', name: 'node-2' }, patch: { spec: { unschedulable: true } } }, ALL],
    ['a node is tainted → every pending pod', { verb: 'patch', ref: { kind: 'Node', name: 'node-2' }, patch: { spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] } } }, ALL],
    ['a node heartbeat (conditions only) → nothing', nodeStatus([{ type: 'Ready', status: 'True', reason: 'KubeletReady' }, { type: 'MemoryPressure', status: 'False' }]), []],
    ['a node is deleted → nothing', { verb: 'delete', ref: { kind: 'Node', name: 'node-2' } }, []],
    ['a bound pod is deleted → every pending pod', { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'bound' }, options: { gracePeriodSeconds: 0 } }, ALL],
    ['a bound pod starts terminating (still holds its node) → nothing', { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'bound' } }, []],
    ['a bound pod succeeds → every pending pod', podStatus('bound', { phase: 'Succeeded' }), ALL],
    ['a bound pod becomes Running → nothing', podStatus('bound', { phase: 'Running' }), []],
    ['a pending pod is deleted → nothing', { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'a' } }, []],
    ['a pod of another scheduler is updated → nothing', podStatus('other', { phase: 'Pending', reason: 'x' }), []],
    ['an Event is created → nothing', { verb: 'create', object: { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'default' }, involvedObject: {}, reason: 'X', message: 'x' } }, []],
  ])('%s', (_, command, keys) => {
    expect([...keysAfter(command)].sort()).toEqual([...keys].sort())
  })

  it('an allocatable change → every pending pod', () => {
    const node = storedNode(world.state, 'node-2')
    const grown = { ...(node as unknown as KObject), status: { ...node.status, allocatable: { ...node.status?.allocatable, cpu: '8' } } }
    expect(keysAfter({ verb: 'updateStatus', object: grown })).toEqual(ALL)
  })

  it('a pod leaving its node (unbound) → every pending pod and itself', () => {
    const bound = storedPod(world.state, 'bound')
    const { nodeName: _n, ...spec } = bound.spec
    const event: ObjectEvent = {
      seq: world.state.seq + 1,
      at: 0,
      type: 'object/updated',
      v: 1,
      actor: ACTOR,
      data: { object: { ...(bound as unknown as KObject), spec } },
    }
    expect([...schedulerController.keysFor(event, world.state)].sort()).toEqual([...ALL, 'default/bound'].sort())
  })

  it('leaves out pending pods being deleted', () => {
    const kept = create(world, { ...aPod('kept'), metadata: { name: 'kept', namespace: 'default', finalizers: ['example.com/keep'] } })
    const deleting = step(kept, { type: 'request', actor: ACTOR, command: { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'kept' } } }).world
    expect(selectPendingPodKeys(kept.state)).toContain('default/kept')
    expect(selectPendingPodKeys(deleting.state)).toEqual(ALL)
    expect(keysAfter({ verb: 'patch', ref: { kind: 'Node', name: 'node-1' }, patch: { spec: { unschedulable: true } } }, deleting)).toEqual(ALL)
  })
})
