import { describe, expect, it } from 'vitest'
import type { ReconcileResult } from '../../../../src/controllers/controller.js'
import { reasonsHistogram } from '../../../../src/controllers/scheduler/fitError.js'
import { toTimestamp } from '../../../../src/kernel/brand.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { World } from '../../../../src/sim/world.js'
import { aPod, apply, create, nodes, patchNode, type PodShape, schedule, send, storedPod, worldWith } from './given.js'

const TAINT = { spec: { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] } }
const NOT_HELPFUL_3 = 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.'

/** The world with `pod` created (no controllers run), and the scheduler's answer for it. */
const attempt = (world: World, shape: PodShape = {}, name = 'p'): { world: World; result: ReconcileResult } => {
  const w = create(world, aPod(name, shape))
  return { world: w, result: schedule(w.state, `default/${name}`) }
}

const messageOf = (r: ReconcileResult): string => {
  const c = r.commands[0]
  if (c?.verb !== 'updateStatus') throw new Error(`expected updateStatus, got ${c?.verb ?? 'nothing'}`)
  return c.record?.message ?? ''
}

describe('given three empty nodes and a pending pod', () => {
  const { result } = attempt(worldWith(nodes(3)))

  it('binds it to node-1 (all tie; lowest name) and records Scheduled', () => {
    expect(result).toEqual({
      commands: [{
        verb: 'bind',
        ref: { kind: 'Pod', namespace: 'default', name: 'p' },
        nodeName: 'node-1',
        record: { type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/p to node-1' },
      }],
    })
  })
})

describe('given node-1 with 3.5 CPU used and node-2, node-3 tainted k=v:NoSchedule', () => {
  let world = create(worldWith(nodes(3)), aPod('hog', { nodeName: 'node-1', cpu: '3500m' }))
  world = patchNode(patchNode(world, 'node-2', TAINT), 'node-3', TAINT)

  describe('when a pod asking for 1 CPU is reconciled at 7s', () => {
    const { world: w, result } = attempt(world, { cpu: '1' })
    const message =
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}. ' +
      'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.'
    const at = schedule(w.state, 'default/p', 7_000)

    it('sets PodScheduled=False, reason Unschedulable, with the sorted histogram and the preemption tail', () => {
      const cmd = at.commands[0]
      expect(cmd?.verb).toBe('updateStatus')
      const status = (cmd as { object: KObject }).object.status as { phase: string; conditions: unknown[] }
      expect(status.phase).toBe('Pending')
      expect(status.conditions).toEqual([
        { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: toTimestamp(7_000), reason: 'Unschedulable', message },
      ])
    })

    it('records a FailedScheduling warning with the same message', () => {
      expect(result.commands[0]?.record).toEqual({ type: 'Warning', reason: 'FailedScheduling', message })
    })

    describe('once the condition is written', () => {
      const written = apply(w, result.commands[0]!)

      it('is quiet: reconciling again changes nothing and records nothing', () => {
        expect(schedule(written.state, 'default/p', 60_000)).toEqual({ commands: [] })
      })

      it('writes again when the message changes (a fourth, cordoned node), keeping lastTransitionTime', () => {
        const w4 = patchNode(create(written, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-4' }, status: {} }), 'node-4', { spec: { unschedulable: true } })
        const again = schedule(w4.state, 'default/p', 90_000)
        expect(messageOf(again)).toBe(
          '0/4 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable, 2 node(s) had untolerated taint {k: v}. ' +
          'preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.',
        )
        const conditions = ((again.commands[0] as { object: KObject }).object.status as { conditions: { lastTransitionTime: string }[] }).conditions
        expect(conditions[0]!.lastTransitionTime).toBe(toTimestamp(0))
      })

      it('binds once room appears, dropping nothing else from the pod', () => {
        const freed = send(written, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'hog' }, options: { gracePeriodSeconds: 0 } })
        expect(schedule(freed.state, 'default/p').commands.map((c) => c.verb === 'bind' && c.nodeName)).toEqual(['node-1'])
      })
    })
  })
})

describe('the aggregated message', () => {
  it('"0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable. preemption: …"', () => {
    let world = create(worldWith(nodes(3)), aPod('hog', { nodeName: 'node-3', cpu: '4' }))
    world = patchNode(patchNode(world, 'node-1', { spec: { unschedulable: true } }), 'node-2', { spec: { unschedulable: true } })
    expect(messageOf(attempt(world, { cpu: '1' }).result)).toBe(
      '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable. ' +
      'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    )
  })

  it('counts a node once per reason it gave', () => {
    expect(messageOf(attempt(worldWith(nodes(1)), { cpu: '5', memory: '17Gi' }).result)).toBe(
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. ' +
      'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    )
  })

  it('sorts the entries as strings, so 10 comes before 2', () => {
    const f = (reason: string) => ({ code: 'Unschedulable' as const, reasons: [reason] })
    expect(reasonsHistogram([...Array.from({ length: 2 }, () => f('b')), ...Array.from({ length: 10 }, () => f('a')), f('c')])).toBe('1 c, 10 a, 2 b')
  })

  it('says preemption is not helpful anywhere when every node failed for an unresolvable reason', () => {
    expect(messageOf(attempt(worldWith(nodes(3)), { nodeSelector: { disk: 'ssd' } }).result)).toBe(
      `0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. ${NOT_HELPFUL_3}`,
    )
  })

  it('names the hostPort conflict', () => {
    const world = create(worldWith(nodes(1)), aPod('web', { nodeName: 'node-1', hostPort: 80 }))
    expect(messageOf(attempt(world, { hostPort: 80 }).result)).toBe(
      "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. " +
      'preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    )
  })

  it('reports a pod that may not preempt', () => {
    expect(messageOf(attempt(worldWith(nodes(1)), { cpu: '8', extraSpec: { preemptionPolicy: 'Never' } }).result)).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    )
  })

  it('says "no nodes available to schedule pods" without nodes', () => {
    expect(messageOf(attempt(worldWith([])).result)).toBe('no nodes available to schedule pods')
  })
})

describe('given a pod pinned to nodes by matchFields metadata.name (a DaemonSet pod)', () => {
  const pinned = (...names: string[][]): PodShape => ({
    cpu: '1',
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: names.map((values) => ({ key: 'metadata.name', operator: 'In', values })) }],
      },
    },
  })
  const world = create(worldWith(nodes(3)), aPod('hog', { nodeName: 'node-2', cpu: '4' }))

  it('binds to its node when it fits', () => {
    expect(attempt(world, pinned(['node-3'])).result.commands).toMatchObject([{ verb: 'bind', nodeName: 'node-3' }])
  })

  it('reports the other nodes as not satisfying NodeAffinity when its node is full', () => {
    expect(messageOf(attempt(world, pinned(['node-2'])).result)).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. " +
      'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.',
    )
  })

  it('reports conflicting name terms from the PreFilter', () => {
    expect(messageOf(attempt(world, pinned(['node-1'], ['node-3'])).result)).toBe(`0/3 nodes are available: pod affinity terms conflict. ${NOT_HELPFUL_3}`)
  })
})

describe('pods the scheduler leaves alone', () => {
  const world = worldWith(nodes(1))

  it.each<[string, PodShape]>([
    ['a pod of another scheduler', { schedulerName: 'my-scheduler' }],
    ['a gated pod', { extraSpec: { schedulingGates: [{ name: 'example.com/wait' }] } }],
    ['a bound pod', { nodeName: 'node-1' }],
  ])('%s', (_, shape) => {
    expect(attempt(world, shape).result).toEqual({ commands: [] })
  })

  it('a pod being deleted', () => {
    const w = create(world, { ...aPod('p'), metadata: { name: 'p', namespace: 'default', finalizers: ['example.com/keep'] } })
    const deleting = send(w, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'p' } })
    expect(storedPod(deleting.state, 'p').metadata.deletionTimestamp).toBeDefined()
    expect(schedule(deleting.state, 'default/p')).toEqual({ commands: [] })
  })

  it('a terminal pod, and a pod that no longer exists', () => {
    const w = create(world, aPod('p'))
    const failed = send(w, { verb: 'updateStatus', object: { ...(storedPod(w.state, 'p') as unknown as KObject), status: { phase: 'Failed' } } })
    expect(schedule(failed.state, 'default/p')).toEqual({ commands: [] })
    expect(schedule(w.state, 'default/nope')).toEqual({ commands: [] })
  })
})
