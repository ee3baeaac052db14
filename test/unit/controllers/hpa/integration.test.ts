import { describe, expect, it } from 'vitest'
import type { Command } from '../../../../src/api/commands.js'
import { defaultHPA, type HorizontalPodAutoscaler } from '../../../../src/api/kinds/hpa.js'
import { hpaController } from '../../../../src/controllers/hpa/hpaController.js'
import { HISTORY_ANNOTATION } from '../../../../src/controllers/hpa/history.js'
import { loadCommand } from '../../../../src/controllers/hpa/loadCommand.js'
import { fromTimestamp } from '../../../../src/kernel/brand.js'
import type { Event } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import { getObject, listObjects } from '../../../../src/state/clusterState.js'
import { CONTROLLERS } from '../../../../src/sim/controllers.js'
import { emptyWorld, step } from '../../../../src/sim/step.js'
import type { Input, World } from '../../../../src/sim/world.js'

const ACTOR = 'user:test'
const deployment: KObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1', resources: { requests: { cpu: '100m' } } }] } },
  },
}
const hpa = defaultHPA({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  },
})

interface Run { world: World; log: Event[] }
const apply = (r: Run, input: Input): Run & { quiescent: boolean } => {
  const out = step(r.world, input)
  return { world: out.world, log: [...r.log, ...out.appended], quiescent: out.reply.type === 'clock' && out.reply.quiescent }
}
const request = (r: Run, command: Command | string): Run => {
  if (typeof command === 'string') throw new Error(command)
  return apply(r, { type: 'request', command, actor: ACTOR })
}
const settle = (r: Run, maxMs = 3_600_000) => apply(r, { type: 'settle', maxMs, actor: ACTOR })
const replicas = (r: Run): number => (getObject(r.world.state, 'Deployment', 'default', 'web')?.spec as { replicas: number }).replicas
const hpaOf = (r: Run) => getObject<HorizontalPodAutoscaler>(r.world.state, 'HorizontalPodAutoscaler', 'default', 'web')!
const rescales = (r: Run) =>
  listObjects(r.world.state, 'Event', 'default')
    .filter((e) => e.reason === 'SuccessfulRescale')
    .map((e) => ({ message: String(e.message), source: (e.involvedObject as { kind: string }).kind }))
const scaleWrites = (r: Run) =>
  r.log.filter((e) => e.type === 'object/updated' && e.actor === 'controller:horizontalpodautoscaling' && (e.data as { object: KObject }).object.kind === 'Deployment')
    .map((e) => ({ at: e.at, replicas: ((e.data as { object: KObject }).object.spec as { replicas: number }).replicas }))

describe('a Deployment (cpu request 100m) with an HPA targeting 50% utilization, under load', () => {
  let r: Run = { world: emptyWorld([...CONTROLLERS, hpaController]), log: [] }
  r = apply(r, { type: 'start', seed: 7, cluster: { nodes: [{ name: 'node-1', cpu: '64', memory: '64Gi', pods: 110 }] }, actor: ACTOR })
  r = settle(request(r, { verb: 'create', object: deployment }))
  r = request(r, { verb: 'create', object: hpa })
  const idle = settle(r)
  const createdMs = fromTimestamp(hpaOf(idle).metadata.creationTimestamp ?? undefined) ?? 0

  it('syncs on the 15 s grid from creation, keeps 1 replica, and goes quiet once the first recommendation ages out', () => {
    expect(idle.quiescent).toBe(true)
    expect(replicas(idle)).toBe(1)
    expect(hpaOf(idle).status).toMatchObject({ currentReplicas: 1, desiredReplicas: 1, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 0, averageValue: '0' } } }] })
    expect(hpaOf(idle).status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['AbleToScale', 'True', 'ReadyForNewScale'],
      ['ScalingActive', 'True', 'ValidMetricFound'],
      ['ScalingLimited', 'True', 'TooFewReplicas'],
    ])
    // The first sync (creation + 15 s) records the current size 1; it holds (ScaleDownStabilized) for 300 s,
    // inclusive on the legacy path, and the sync that drops it (creation + 330 s) is the last write.
    const history = JSON.parse(hpaOf(idle).metadata.annotations?.[HISTORY_ANNOTATION] ?? '{}')
    expect(history).toEqual({ syncedAtMs: createdMs + 330_000, standing: { replicas: 0, sinceMs: createdMs + 15_000 }, past: [], scaleUp: [], scaleDown: [] })
  })

  const loadAtMs = idle.world.nowMs
  const loaded = settle(request(idle, loadCommand(idle.world.state, 'deploy/web', { cpu: '300%' })))

  it('writes the load as absolute millicores: 300% × 100m × 1 replica', () => {
    expect((getObject(loaded.world.state, 'ConfigMap', 'default', 'reel-load')?.data as Record<string, string>)['deployment/web']).toBe('cpu=300m')
  })

  it('scales up at most max(2 × current, 4) per sync to 300m / 50m = 6 replicas, then goes quiet', () => {
    expect(loaded.quiescent).toBe(true)
    expect(replicas(loaded)).toBe(6)
    const writes = scaleWrites(loaded)
    expect(writes.map((w) => w.replicas)).toEqual([4, 6])
    expect(writes.every((w) => (w.at - createdMs) % 15_000 === 0 && w.at > loadAtMs)).toBe(true)
    expect(rescales(loaded).sort((a, b) => a.message.localeCompare(b.message))).toEqual([
      { message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target', source: 'HorizontalPodAutoscaler' },
      // Upstream's wording when only the stabilization window (the previous sync's 6) raised the size:
      // the pre-normalization proposal equalled the current size, so the reason is empty.
      { message: 'New size: 6; reason: ', source: 'HorizontalPodAutoscaler' },
    ])
    expect(hpaOf(loaded).status).toMatchObject({ currentReplicas: 6, desiredReplicas: 6, currentMetrics: [{ resource: { current: { averageUtilization: 50, averageValue: '50m' } } }] })
  })

  const unloadAtMs = loaded.world.nowMs
  const unloaded = request(loaded, loadCommand(loaded.world.state, 'deploy/web', { cpu: '0' }))
  const held = apply(unloaded, { type: 'advanceTo', atMs: unloadAtMs + 284_000 })
  const done = settle(held)

  it('holds 6 replicas through the 300 s stabilization window after load stops', () => {
    expect(replicas(held)).toBe(6)
    expect(hpaOf(held).status?.conditions?.find((c) => c.type === 'AbleToScale')?.reason).toBe('ScaleDownStabilized')
  })

  it('then scales down to minReplicas once the last high recommendation is over 300 s old, and goes quiet', () => {
    expect(done.quiescent).toBe(true)
    expect(replicas(done)).toBe(1)
    const down = scaleWrites(done).at(-1)!
    expect(down.replicas).toBe(1)
    // the last high recommendation is the sync before the first one after the load stopped
    expect(down.at - unloadAtMs).toBeGreaterThan(300_000)
    expect(down.at - unloadAtMs).toBeLessThanOrEqual(315_000)
    expect(rescales(done).map((e) => e.message)).toContain('New size: 1; reason: All metrics below target')
    expect(listObjects(done.world.state, 'Pod', 'default').filter((p) => p.metadata.deletionTimestamp === undefined)).toHaveLength(1)
  })

  it('writes nothing while quiet: a resync changes nothing', () => {
    const again = apply(done, { type: 'resync' })
    expect(again.log.length).toBe(done.log.length)
  })
})
