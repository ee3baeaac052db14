import { describe, expect, it } from 'vitest'
import { nodeInfoFor } from '../../../../src/controllers/scheduler/nodeInfo.js'
import { DEFAULT_MEMORY_REQUEST, NON_ZERO_DEFAULTS, podRequests } from '../../../../src/controllers/scheduler/podRequests.js'
import { findPlacement } from '../../../../src/controllers/scheduler/reconcile.js'
import {
  leastAllocatedScore,
  leastRequestedScore,
  type NodeScore,
  normalizeScores,
  selectHost,
} from '../../../../src/controllers/scheduler/scoring.js'
import { aPod, asPod, create, nodes, patchNode, storedNode, worldWith } from './given.js'

const MI = 2 ** 20

describe('pod requests', () => {
  it('takes the larger of the containers sum and the biggest init container', () => {
    const p = asPod(aPod('p', { cpu: '300m', initContainers: [{ name: 'a', resources: { requests: { cpu: '500m' } } }, { name: 'b', resources: { requests: { cpu: '100m', memory: '1Gi' } } }] }))
    expect(podRequests(p)).toEqual({ cpu: 500, memory: 2 ** 30 })
  })

  it('adds sidecar init containers to the sum and to every later init container', () => {
    const p = asPod(aPod('p', {
      cpu: '300m',
      initContainers: [
        { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
        { name: 'setup', resources: { requests: { cpu: '500m' } } },
      ],
    }))
    expect(podRequests(p).cpu).toBe(550)
  })

  it('adds the pod overhead', () => {
    expect(podRequests(asPod(aPod('p', { cpu: '1', extraSpec: { overhead: { cpu: '250m' } } }))).cpu).toBe(1250)
  })

  it('counts missing requests as 0, or as 100m / 200Mi per container for scoring', () => {
    const p = asPod(aPod('p', { memory: '1Gi' }))
    expect(podRequests(p)).toEqual({ memory: 2 ** 30 })
    expect(podRequests(p, NON_ZERO_DEFAULTS)).toEqual({ cpu: 100, memory: 2 ** 30 })
    expect(podRequests(asPod(aPod('q')), NON_ZERO_DEFAULTS)).toEqual({ cpu: 100, memory: DEFAULT_MEMORY_REQUEST })
    expect(DEFAULT_MEMORY_REQUEST).toBe(209_715_200)
  })
})

describe('LeastAllocated', () => {
  it('computes (allocatable − requested) × 100 / allocatable with integer division', () => {
    expect(leastRequestedScore(1100, 4000)).toBe(72) // 72.5
    expect(leastRequestedScore(0, 4000)).toBe(100)
    expect(leastRequestedScore(4000, 4000)).toBe(0)
    expect(leastRequestedScore(4001, 4000)).toBe(0)
    expect(leastRequestedScore(1, 0)).toBe(0)
  })

  describe('given node-1 (4 CPU, 16Gi) with 1 CPU used by a pod without a memory request, and an empty node-2', () => {
    const world = create(worldWith(nodes(2)), aPod('used', { nodeName: 'node-1', cpu: '1' }))
    const node1 = nodeInfoFor(world.state, storedNode(world.state, 'node-1'))
    const node2 = nodeInfoFor(world.state, storedNode(world.state, 'node-2'))
    const requestLess = { cpu: 100, memory: 200 * MI }

    it('counts the bound pod as 1000m and 200Mi for scoring', () => {
      expect(node1.nonZeroRequested).toEqual({ cpu: 1000, memory: 200 * MI })
    })

    it('scores node-1 84 for a request-less pod: cpu (4000−1100)×100/4000 = 72, memory (16Gi−400Mi)×100/16Gi = 97, (72+97)/2', () => {
      expect(leastAllocatedScore(requestLess, node1)).toBe(84)
    })

    it('scores the empty node-2 97: cpu 97 (97.5), memory 98 (98.8), (97+98)/2 = 97', () => {
      expect(leastAllocatedScore(requestLess, node2)).toBe(97)
    })

    it('places the pod on the emptier node-2', () => {
      expect(findPlacement(world.state, asPod(aPod('new')))).toMatchObject({ type: 'bind', nodeName: 'node-2' })
    })
  })
})

describe('normalizing', () => {
  it('scales by the largest raw score, integer division', () => {
    expect(normalizeScores([3, 1, 0], false)).toEqual([100, 33, 0])
    expect(normalizeScores([0, 0], false)).toEqual([0, 0])
  })

  it('reverses for "fewer is better", and gives 100 to all when all are 0', () => {
    expect(normalizeScores([0, 1, 2], true)).toEqual([100, 50, 0])
    expect(normalizeScores([0, 0], true)).toEqual([100, 100])
  })
})

describe('tie-breaking', () => {
  const score = (name: string, total: number): NodeScore => ({ name, total, leastAllocated: 0, taintToleration: 0, nodeAffinity: 0 })

  it('picks the highest total, then the lowest node name, whatever the input order', () => {
    expect(selectHost([score('node-2', 10), score('node-1', 10), score('node-3', 9)])).toBe('node-1')
    expect(selectHost([score('node-1', 10), score('node-3', 11), score('node-2', 11)])).toBe('node-2')
    expect(selectHost([])).toBeUndefined()
  })

  it('binds a pod on three equal nodes to node-1', () => {
    const world = worldWith(nodes(3))
    const placement = findPlacement(world.state, asPod(aPod('p')))
    expect(placement).toMatchObject({ type: 'bind', nodeName: 'node-1' })
    if (placement.type === 'bind') expect(new Set(placement.scores.map((s) => s.total)).size).toBe(1)
  })
})

describe('given three equal nodes, node-1 with a PreferNoSchedule taint', () => {
  const world = patchNode(worldWith(nodes(3)), 'node-1', { spec: { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] } })

  it('scores node-1 0 and the others 100 on TaintToleration (×3), and binds to node-2', () => {
    const placement = findPlacement(world.state, asPod(aPod('p')))
    if (placement.type !== 'bind') throw new Error('expected a bind')
    expect(placement.scores.map((s) => [s.name, s.taintToleration])).toEqual([['node-1', 0], ['node-2', 100], ['node-3', 100]])
    expect(placement.scores[1]!.total - placement.scores[0]!.total).toBe(300)
    expect(placement.nodeName).toBe('node-2')
  })

  it('treats node-1 like the others for a pod tolerating the taint', () => {
    const p = asPod(aPod('p', { tolerations: [{ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }] }))
    expect(findPlacement(world.state, p)).toMatchObject({ type: 'bind', nodeName: 'node-1' })
  })
})

describe('given three equal nodes labelled by zone', () => {
  const world = worldWith([
    { name: 'node-1', labels: { zone: 'a' } },
    { name: 'node-2', labels: { zone: 'a' } },
    { name: 'node-3', labels: { zone: 'b' } },
  ])
  const preferring = (weight: number) =>
    asPod(aPod('p', {
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] } }] },
    }))

  it('normalizes preferred-term weights to 0–100 (×2) and binds to the preferred zone', () => {
    const placement = findPlacement(world.state, preferring(10))
    if (placement.type !== 'bind') throw new Error('expected a bind')
    expect(placement.scores.map((s) => s.nodeAffinity)).toEqual([0, 0, 100])
    expect(placement.nodeName).toBe('node-3')
  })

  it('keeps the preference above LeastAllocated: a busy node-3 scores 10 + 300 + 200 = 510 against 97 + 300 = 397', () => {
    const busy = create(world, aPod('hog', { nodeName: 'node-3', cpu: '3500m', memory: '14Gi' }))
    const placement = findPlacement(busy.state, preferring(1))
    if (placement.type !== 'bind') throw new Error('expected a bind')
    expect(placement.scores.map((s) => [s.name, s.leastAllocated, s.total])).toEqual([['node-1', 97, 397], ['node-2', 97, 397], ['node-3', 10, 510]])
    expect(placement.nodeName).toBe('node-3')
  })
})
