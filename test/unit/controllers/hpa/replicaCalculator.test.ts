import { describe, expect, it } from 'vitest'
import { getResourceReplicas, groupPods } from '../../../../src/controllers/hpa/replicaCalculator.js'
import type { PodSample } from '../../../../src/controllers/hpa/podMetrics.js'
import { toTimestamp } from '../../../../src/kernel/brand.js'
import type { Pod } from '../../../../src/model/pod.js'

const NOW = 3_600_000
const TOL = { scaleUp: 0.1, scaleDown: 0.1 }

/** A pod started an hour before NOW, Ready since then unless told otherwise. */
const pod = (name: string, opts: { phase?: string; ready?: boolean; request?: string | null; deleting?: boolean; startMs?: number; readySinceMs?: number } = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ...(opts.deleting ? { deletionTimestamp: toTimestamp(NOW) } : {}) },
  spec: { containers: [{ name: 'app', image: 'app', ...(opts.request === null ? {} : { resources: { requests: { cpu: opts.request ?? '100m' } } }) }] },
  status: {
    phase: opts.phase ?? 'Running',
    startTime: toTimestamp(opts.startMs ?? 0),
    conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True', lastTransitionTime: toTimestamp(opts.readySinceMs ?? opts.startMs ?? 0) }],
  },
})

const samples = (values: Record<string, number>): Map<string, PodSample> =>
  new Map(Object.entries(values).map(([k, v]) => [k, { valueMilli: v, timestampMs: NOW, windowMs: 15_000 }]))

const calc = (current: number, target: number, pods: Pod[], values: Record<string, number>) =>
  getResourceReplicas({ currentReplicas: current, targetUtilization: target, resource: 'cpu', tolerances: TOL, pods, samples: samples(values), nowMs: NOW })

describe('getResourceReplicas (stateful-storage-nodes.md §9.3)', () => {
  const three = [pod('a'), pod('b'), pod('c')]
  it.each([
    ['scales up by ceil(ratio × ready pods)', 3, 50, { a: 100, b: 100, c: 100 }, 6, 100],
    ['keeps current within the tolerance (ratio 1.1 is inside)', 3, 50, { a: 55, b: 55, c: 55 }, 3, 55],
    ['leaves the tolerance just outside it (ratio 1.12)', 3, 50, { a: 56, b: 56, c: 56 }, 4, 56],
    ['scales down by ceil', 3, 50, { a: 10, b: 10, c: 10 }, 1, 10],
    ['uses the integer percent: 33% of target 30 is ratio 1.1 → no change', 3, 30, { a: 33, b: 33, c: 34 }, 3, 33],
  ])('%s', (_what, current, target, values, replicas, utilization) => {
    expect(calc(current, target, three, values)).toMatchObject({ replicas, utilization })
  })

  it('multiplies by the ready pod count, not by currentReplicas', () => {
    expect(calc(10, 50, three, { a: 100, b: 100, c: 100 })).toMatchObject({ replicas: 6 })
  })

  it('on a scale-up counts unready (Pending) pods at 0 usage over all pods', () => {
    // ready: 2 × 100m = 200% → ratio 4; with the pending pod at 0: 200/300 = 66% → ratio 1.32 → ceil(1.32 × 3) = 4
    const pods = [pod('a'), pod('b'), pod('p', { phase: 'Pending' })]
    expect(calc(3, 50, pods, { a: 100, b: 100 })).toMatchObject({ replicas: 4, utilization: 100 })
  })

  it('on a scale-down ignores unready pods', () => {
    const pods = [pod('a'), pod('b'), pod('u', { ready: false, startMs: NOW - 10_000, readySinceMs: NOW - 10_000 })]
    expect(calc(3, 50, pods, { a: 10, b: 10, u: 90 })).toMatchObject({ replicas: 1, utilization: 10 })
  })

  it('on a scale-down counts missing pods at 100% of their request', () => {
    // ready a,b at 10% → ratio 0.2; with c at 100%: 120/300 = 40% → ratio 0.8 → ceil(0.8 × 3) = 3 = current
    expect(calc(3, 50, three, { a: 10, b: 10 })).toMatchObject({ replicas: 3 })
    // with 4 ready at 0 and one missing: 100/500 = 20% → ratio 0.4 → ceil(0.4 × 5) = 2
    const five = [...three, pod('d'), pod('e')]
    expect(calc(5, 50, five, { a: 0, b: 0, c: 0, d: 0 })).toMatchObject({ replicas: 2 })
  })

  it('on a scale-down counts missing pods at the target when it is above 100%', () => {
    // a at 100% of target 200 → ratio 0.5; b missing at 200%: 300/200 = 150% → 0.75 → ceil(0.75 × 2) = 2 = current
    expect(calc(2, 200, [pod('a'), pod('b')], { a: 100 })).toMatchObject({ replicas: 2 })
  })

  it('on a scale-up counts missing pods at 0', () => {
    // a at 200% → ratio 4; b missing at 0: 100% → ratio 2 → ceil(2 × 2) = 4
    expect(calc(2, 50, [pod('a'), pod('b')], { a: 200 })).toMatchObject({ replicas: 4 })
  })

  it('keeps current when filling in the missing pods flips the direction', () => {
    // a at 40% → ratio 0.8 (down); b missing at 100%: 70% → ratio 1.4 (up) → keep
    expect(calc(2, 50, [pod('a'), pod('b')], { a: 40 })).toMatchObject({ replicas: 2, utilization: 40 })
  })

  it('ignores deleted and Failed pods', () => {
    const pods = [pod('a'), pod('x', { deleting: true }), pod('f', { phase: 'Failed' })]
    expect(calc(3, 50, pods, { a: 100, x: 500, f: 500 })).toMatchObject({ replicas: 2, utilization: 100 })
  })

  it('gives upstream errors', () => {
    expect(calc(1, 50, [], {})).toBe('no pods returned by selector while calculating replica count')
    expect(calc(1, 50, [pod('p', { phase: 'Pending' })], {})).toBe('did not receive metrics for targeted pods (pods might be unready)')
    expect(calc(1, 50, [pod('a', { request: null })], { a: 10 })).toBe('missing request for cpu in container app of Pod a')
  })
})

describe('groupPods cpu readiness', () => {
  it('counts a Ready pod in its initialization period as unready until one metric window passed its transition', () => {
    const fresh = pod('a', { startMs: NOW - 20_000, readySinceMs: NOW - 10_000 })
    const settled = pod('b', { startMs: NOW - 20_000, readySinceMs: NOW - 15_000 })
    const g = groupPods([fresh, settled], samples({ a: 1, b: 1 }), 'cpu', NOW)
    expect([...g.unready]).toEqual(['a'])
    expect(g.readyPodCount).toBe(1)
  })

  it('after the period, counts a not-Ready pod as ready if it was ready before, unready if never', () => {
    const wasReady = pod('a', { ready: false, startMs: 0, readySinceMs: 60_000 })
    const never = pod('b', { ready: false, startMs: 0, readySinceMs: 10_000 })
    const g = groupPods([wasReady, never], samples({ a: 1, b: 1 }), 'cpu', NOW)
    expect([...g.unready]).toEqual(['b'])
    expect(g.readyPodCount).toBe(1)
  })
})
