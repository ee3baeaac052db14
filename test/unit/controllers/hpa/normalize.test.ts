import { describe, expect, it } from 'vitest'
import { defaultHPA, type HorizontalPodAutoscaler } from '../../../../src/api/kinds/hpa.js'
import { type History, initialHistory } from '../../../../src/controllers/hpa/history.js'
import { convertDesiredReplicasWithRules, normalizeLegacy, normalizeWithBehaviors, storeScaleEvent } from '../../../../src/controllers/hpa/normalize.js'

const hpa = (behavior: unknown, min = 1, max = 100): HorizontalPodAutoscaler =>
  defaultHPA({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: min, maxReplicas: max, ...(behavior === undefined ? {} : { behavior }) },
  }) as HorizontalPodAutoscaler

/** Runs syncs every 15 s from `startMs` with a constant raw recommendation, applying each result. */
const run = (h: HorizontalPodAutoscaler, current: number, raw: number, syncs: number, startMs = 15_000, history?: History) => {
  let hist = history ?? initialHistory(current, startMs)
  let cur = current
  const sizes: number[] = []
  for (let i = 0; i < syncs; i++) {
    const now = startMs + i * 15_000
    const n = h.spec.behavior === undefined ? normalizeLegacy(hist, cur, raw, h.spec.minReplicas ?? 1, h.spec.maxReplicas, now) : normalizeWithBehaviors(h, hist, cur, raw, h.spec.minReplicas ?? 1, now)
    hist = n.history
    if (n.desired !== cur) hist = storeScaleEvent(h, hist, cur, n.desired, now)
    cur = n.desired
    sizes.push(cur)
  }
  return { sizes, history: hist, current: cur }
}

describe('default behavior rate limits (§9.6)', () => {
  it('scales up from 1 under heavy load by max(4 pods, 100%) per 15 s: 1→5→10→20→40', () => {
    expect(run(hpa({}), 1, 100, 5).sizes).toEqual([5, 10, 20, 40, 80])
  })

  it('reports ScaleUpLimit while rate-limited, DesiredWithinRange once there', () => {
    const n = normalizeWithBehaviors(hpa({}), initialHistory(1, 15_000), 1, 100, 1, 15_000)
    expect(n.limited).toMatchObject({ status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' })
    const ok = normalizeWithBehaviors(hpa({}), initialHistory(1, 15_000), 1, 3, 1, 15_000)
    expect(ok).toMatchObject({ desired: 3, limited: { status: 'False', reason: 'DesiredWithinRange' } })
  })

  it('counts the replicas added in the last period: no second step within 15 s', () => {
    const h = hpa({})
    const first = run(h, 1, 100, 1)
    const again = normalizeWithBehaviors(h, first.history, first.current, 100, 1, 15_000 + 14_000)
    expect(again.desired).toBe(5)
  })

  it('holds a scale-down for the 300 s window after the last higher recommendation, then drops at once', () => {
    const h = hpa({})
    const up = run(h, 10, 10, 4, 15_000)
    const down = run(h, up.current, 2, 22, 75_000, up.history)
    // the last sync recommending 10 was at 60 s; 60 + 300 = 360 s is the 20th sync from 75 s
    expect(down.sizes.slice(0, 19)).toEqual(Array(19).fill(10))
    expect(down.sizes[19]).toBe(2)
  })

  it('reports ScaleDownStabilized while the window holds', () => {
    const n = normalizeWithBehaviors(hpa({}), initialHistory(10, 15_000), 10, 2, 1, 30_000)
    expect(n).toMatchObject({ desired: 10, ableToScale: { reason: 'ScaleDownStabilized' } })
  })

  it('clamps to maxReplicas with TooManyReplicas and to minReplicas with TooFewReplicas', () => {
    const capped = normalizeWithBehaviors(hpa({}, 1, 3), initialHistory(2, 15_000), 2, 50, 1, 15_000)
    expect(capped).toMatchObject({ desired: 3, limited: { status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' } })
    const h = hpa({ scaleDown: { stabilizationWindowSeconds: 0 } }, 2, 10)
    const floored = normalizeWithBehaviors(h, { past: [], scaleUp: [], scaleDown: [] }, 5, 1, 2, 15_000)
    expect(floored).toMatchObject({ desired: 2, limited: { status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' } })
  })

  it('limits a scale-down with a Pods policy: ScaleDownLimit', () => {
    const h = hpa({ scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } })
    expect(run(h, 5, 1, 3, 15_000, { past: [], scaleUp: [], scaleDown: [] }).sizes).toEqual([4, 4, 4])
    const n = normalizeWithBehaviors(h, { past: [], scaleUp: [], scaleDown: [] }, 5, 1, 1, 15_000)
    expect(n.limited).toMatchObject({ status: 'True', reason: 'ScaleDownLimit' })
  })
})

describe('legacy path (no behavior)', () => {
  it('limits a scale-up to max(2 × current, 4) per sync: 1→4→8→16', () => {
    expect(run(hpa(undefined), 1, 100, 4).sizes).toEqual([4, 8, 16, 32])
  })

  it('convertDesiredReplicasWithRules gives upstream reasons', () => {
    expect(convertDesiredReplicasWithRules(1, 10, 1, 100)).toMatchObject({ replicas: 4, reason: 'ScaleUpLimit' })
    expect(convertDesiredReplicasWithRules(4, 10, 1, 6)).toMatchObject({ replicas: 6, reason: 'TooManyReplicas' })
    expect(convertDesiredReplicasWithRules(4, 1, 2, 6)).toMatchObject({ replicas: 2, reason: 'TooFewReplicas' })
    expect(convertDesiredReplicasWithRules(4, 5, 1, 6)).toMatchObject({ replicas: 5, reason: 'DesiredWithinRange' })
  })

  it('keeps the highest recommendation of the last 5 minutes, the boundary included', () => {
    const h = hpa(undefined)
    const down = run(h, 6, 2, 22, 15_000)
    // initial 6 recorded at 15 s stays in the window through 315 s (inclusive): the 21st sync
    expect(down.sizes.slice(0, 21)).toEqual(Array(21).fill(6))
    expect(down.sizes[21]).toBe(2)
  })
})

describe('defaultHPA', () => {
  it('fills minReplicas and the 80% cpu metric, and leaves a nil behavior nil', () => {
    const h = defaultHPA({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 3 } })
    expect(h.spec).toEqual({
      scaleTargetRef: { kind: 'Deployment', name: 'x' },
      maxReplicas: 3,
      minReplicas: 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    })
  })

  it('fills a given behavior from the defaults, keeping the scale-down window unset', () => {
    const h = hpa({ scaleUp: { stabilizationWindowSeconds: 30 } })
    expect(h.spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 30, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    })
  })
})
