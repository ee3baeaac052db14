import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServeHarness, startServer } from './harness.js'
import { expectReplayable } from './replay.js'

// `kubectl logs` and `kubectl cordon/drain` with the real kubectl 1.32: drain finds `pods/eviction` in
// discovery and POSTs a protobuf policy/v1 Eviction per pod, then waits (virtual time settles meanwhile).
let h: ServeHarness
type Json = Record<string, any>
const get = async (path: string): Promise<Json> => (await (await fetch(`${h.base}${path}`)).json()) as Json
const podsOn = async (node: string): Promise<Json[]> =>
  ((await get(`/api/v1/pods?fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`)).items as Json[]).filter(
    (p) => p.metadata.namespace === 'default',
  )

beforeAll(async () => {
  h = await startServer('reel-drain-')
  await h.kubectl('apply', '-f', 'scenarios/manifests/002-kubia-deployment-and-service-v1.yaml')
  await h.settle()
})
afterAll(async () => {
  await h?.close()
})

describe('kubectl logs, cordon and drain against reel serve', () => {
  it('logs prints the simulated container log of a running pod', async () => {
    const pod = ((await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dkubia')).items as Json[])[0]!
    const out = await h.kubectl('logs', pod.metadata.name)
    expect(out.stdout.length).toBeGreaterThan(0)
    expect(h.requests.at(-1)).toMatch(new RegExp(`/api/v1/namespaces/default/pods/${pod.metadata.name}/log`))
  })

  it('discovery lists pods/eviction and pods/log as upstream does', async () => {
    const names = ((await get('/api/v1')).resources as Json[]).map((r) => r.name)
    expect(names).toEqual(expect.arrayContaining(['pods/eviction', 'pods/log', 'pods/status']))
  })

  it('cordon marks the node unschedulable; drain evicts its pods, which come back on other nodes', async () => {
    const pods = ((await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dkubia')).items as Json[])
    const node = pods[0]!.spec.nodeName as string
    const victims = (await podsOn(node)).map((p) => p.metadata.name as string)
    expect(victims.length).toBeGreaterThan(0)
    expect((await h.kubectl('cordon', node)).stdout.trim()).toBe(`node/${node} cordoned`)
    expect((await get(`/api/v1/nodes/${node}`)).spec.unschedulable).toBe(true)
    const before = h.requests.length
    const drain = h.spawnKubectl('drain', node, '--ignore-daemonsets', '--timeout=60s')
    // drain polls each evicted pod with GETs (no watch) until it is gone.
    expect(await h.settleUntilExit(drain, before, /\/eviction$/)).toBe(0)
    const out = drain.output()
    for (const v of victims) expect(out).toContain(`evicting pod default/${v}`)
    expect(out).toContain(`node/${node} drained`)
    expect(h.requests.slice(before).filter((r) => /\/eviction$/.test(r))).toHaveLength(victims.length)
    await h.settle()
    expect(await podsOn(node)).toHaveLength(0)
    const after = (await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dkubia')).items as Json[]
    expect(after).toHaveLength(pods.length)
    for (const p of after) expect(p.spec.nodeName).not.toBe(node)
    expect((await h.kubectl('uncordon', node)).stdout.trim()).toBe(`node/${node} uncordoned`)
  }, 60_000)

  it('the session replays and re-simulates to the same state', async () => {
    await expectReplayable(h, ['kubectl drain', 'kubectl cordon'])
  })
})
