import { describe, expect, it } from 'vitest'
import { kubeletController } from '../../../../src/controllers/kubelet/kubeletController.js'
import { restartBackoffMs } from '../../../../src/controllers/kubelet/containerRun.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { Pod } from '../../../../src/model/pod.js'
import { getObject } from '../../../../src/state/clusterState.js'
import { emptyWorld, step } from '../../../../src/sim/step.js'
import type { Input, World } from '../../../../src/sim/world.js'

const images = {
  'luksa/kubia:v3': { readiness: 'fail-after-probes=5' },
  crasher: { exit: 'code=1,after=5s', pull: '0s', start: '0s' },
  job: { exit: 'code=0,after=3s', pull: '1s', start: '1s' },
}

const run = (w: World, input: Input): World => step(w, input).world
const start = (): World =>
  run(emptyWorld([kubeletController]), { type: 'start', seed: 1, cluster: { nodes: [{ name: 'node-1' }], images }, actor: 'user:test' })

const pod = (name: string, container: Record<string, unknown>, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', ...container }], ...extra },
})

const create = (w: World, o: KObject): World => run(w, { type: 'request', actor: 'user:test', command: { verb: 'create', object: o } })
const at = (w: World, ms: number): World => run(w, { type: 'advanceTo', atMs: ms })
const get = (w: World, name: string): Pod => getObject<Pod>(w.state, 'Pod', 'default', name)!
const cond = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type)
const state = (p: Pod) => p.status?.containerStatuses?.[0]?.state as Record<string, Record<string, unknown>>

describe('given a pod bound to a node with the default image behaviour', () => {
  const w0 = create(start(), pod('web', { image: 'nginx' }))

  it('gives it a sandbox IP from the node podCIDR at once and waits in ContainerCreating', () => {
    const p = get(w0, 'web')
    expect(p.status?.phase).toBe('Pending')
    expect(p.status?.podIP).toBe('10.244.0.2')
    expect(p.status?.hostIP).toBe('172.18.0.2')
    expect(state(p)).toEqual({ waiting: { reason: 'ContainerCreating' } })
    expect(cond(p, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' })
  })

  it('runs it after pull (2s) + start (1s), Ready without a readiness probe, written by kubelet:node-1', () => {
    const out = step(w0, { type: 'advanceTo', atMs: 3000 })
    const p = getObject<Pod>(out.world.state, 'Pod', 'default', 'web')!
    expect(p.status?.phase).toBe('Running')
    expect(state(p)).toEqual({ running: { startedAt: '2024-01-01T00:00:03Z' } })
    expect(cond(p, 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: '2024-01-01T00:00:03Z' })
    expect(out.appended.map((e) => [e.at, e.actor])).toEqual([[3000, 'kubelet:node-1']])
  })

  it('keeps the same IP for a second pod on the node free of collisions', () => {
    const p2 = get(create(w0, pod('web2', { image: 'nginx' })), 'web2')
    expect(p2.status?.podIP).toBe('10.244.0.3')
  })

  it('is quiescent once running: a later reconcile issues nothing and asks for no timer', () => {
    const w = at(w0, 3000)
    expect(kubeletController.reconcile(w.state, 'default/web', { nowMs: 60_000, seed: 1 })).toEqual({ commands: [] })
  })
})

describe('given luksa/kubia:v3 with readiness fail-after-probes=5 and a 1s readiness probe', () => {
  const w0 = create(start(), pod('kubia', { image: 'luksa/kubia:v3', readinessProbe: { periodSeconds: 1, httpGet: { path: '/', port: 8080 } } }))

  it('is ready at its first probe and unready after 5 good probes and 3 failures', () => {
    expect(cond(get(at(w0, 3000), 'kubia'), 'Ready')?.status).toBe('True')
    expect(cond(get(at(w0, 9999), 'kubia'), 'Ready')?.status).toBe('True')
    const later = get(at(w0, 10_000), 'kubia')
    expect(cond(later, 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: '2024-01-01T00:00:10Z' })
    expect(later.status?.phase).toBe('Running')
  })
})

describe('given an image that exits with code 1 after 5s under restartPolicy Always', () => {
  const w0 = create(start(), pod('crash', { image: 'crasher' }))

  it('restarts at once after the first crash, then backs off 10s, 20s, 40s …', () => {
    expect([0, 1, 2, 3, 7, 8].map(restartBackoffMs)).toEqual([0, 10_000, 20_000, 40_000, 300_000, 300_000])
    const afterFirst = get(at(w0, 5000), 'crash')
    expect(afterFirst.status?.containerStatuses?.[0]?.restartCount).toBe(1)
    expect(state(afterFirst)).toEqual({ running: { startedAt: '2024-01-01T00:00:05Z' } })
    const second = get(at(w0, 10_000), 'crash')
    expect(state(second)?.waiting).toMatchObject({ reason: 'CrashLoopBackOff' })
    expect(second.status?.containerStatuses?.[0]?.lastState).toMatchObject({ terminated: { exitCode: 1, reason: 'Error' } })
    expect(second.status?.phase).toBe('Running')
    const restarted = get(at(w0, 20_000), 'crash')
    expect(restarted.status?.containerStatuses?.[0]?.restartCount).toBe(2)
    expect(state(restarted)).toEqual({ running: { startedAt: '2024-01-01T00:00:20Z' } })
  })
})

describe('given an image that exits 0 after 3s under restartPolicy Never', () => {
  it('ends Succeeded with a Completed container and PodCompleted conditions, and then nothing more', () => {
    const w = at(create(start(), pod('job', { image: 'job' }, { restartPolicy: 'Never' })), 60_000)
    const p = get(w, 'job')
    expect(p.status?.phase).toBe('Succeeded')
    expect(state(p)?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', finishedAt: '2024-01-01T00:00:05Z' })
    expect(cond(p, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' })
    expect(kubeletController.reconcile(w.state, 'default/job', { nowMs: 90_000, seed: 1 })).toEqual({ commands: [] })
  })
})

describe('graceful termination', () => {
  const running = at(create(start(), pod('web', { image: 'nginx' })), 3000)
  const deleted = run(running, { type: 'request', actor: 'user:test', command: { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'web' } } })

  it('keeps the pod Terminating until its container stops (1s), then removes it', () => {
    expect(get(deleted, 'web').metadata.deletionTimestamp).toBe('2024-01-01T00:00:33Z')
    expect(get(at(deleted, 3999), 'web')).toBeDefined()
    const out = step(deleted, { type: 'advanceTo', atMs: 4000 })
    expect(getObject(out.world.state, 'Pod', 'default', 'web')).toBeUndefined()
    expect(out.appended.map((e) => [e.type, e.actor])).toEqual([['object/deleted', 'kubelet:node-1']])
  })

  it('kills at the deadline a container slower than the grace period', () => {
    const slowPod = pod('slow', { image: 'nginx' }, { terminationGracePeriodSeconds: 2 })
    const annotated = { ...slowPod, metadata: { ...slowPod.metadata, annotations: { 'behavior.reel.dev/stop': '10s' } } }
    const slow = at(create(start(), annotated), 3000)
    const d = run(slow, { type: 'request', actor: 'user:test', command: { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'slow' } } })
    expect(get(at(d, 4999), 'slow')).toBeDefined()
    expect(getObject(at(d, 5000).state, 'Pod', 'default', 'slow')).toBeUndefined()
  })
})
