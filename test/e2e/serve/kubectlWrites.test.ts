import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServeHarness, startServer } from './harness.js'
import { expectReplayable } from './replay.js'

let h: ServeHarness
const kubectl = (...args: string[]) => h.kubectl(...args)
const settle = () => h.settle()
const MANIFEST = 'scenarios/manifests/002-kubia-deployment-and-service-v1.yaml'
const deployment = async (): Promise<Record<string, any>> =>
  (await (await fetch(`${h.base}/apis/apps/v1/namespaces/default/deployments/kubia`)).json()) as Record<string, any>

beforeAll(async () => {
  h = await startServer('reel-serve-writes-')
})
afterAll(async () => {
  await h?.close()
})

describe('reel serve writes with the real kubectl', () => {
  it('apply -f creates, apply -f of an edited copy configures', async () => {
    const created = await kubectl('apply', '-f', MANIFEST)
    expect(created.stdout).toContain('deployment.apps/kubia created')
    expect(created.stdout).toContain('service/kubia created')
    const edited = join(h.dir, 'kubia-v1-4.yaml')
    writeFileSync(edited, readFileSync(MANIFEST, 'utf8').replace('replicas: 3', 'replicas: 4'))
    const configured = await kubectl('apply', '-f', edited)
    expect(configured.stdout).toContain('deployment.apps/kubia configured')
    expect(configured.stdout).toContain('service/kubia unchanged')
    expect((await deployment()).spec.replicas).toBe(4)
  })

  it('scale, label, set image', async () => {
    expect((await kubectl('scale', 'deployment', 'kubia', '--replicas=2')).stdout).toContain('deployment.apps/kubia scaled')
    expect((await deployment()).spec.replicas).toBe(2)
    expect((await kubectl('label', 'deployment', 'kubia', 'tier=web')).stdout).toContain('deployment.apps/kubia labeled')
    expect((await deployment()).metadata.labels).toMatchObject({ tier: 'web' })
    await settle()
    expect((await kubectl('set', 'image', 'deployment/kubia', 'nodejs=luksa/kubia:v2')).stdout).toContain('deployment.apps/kubia image updated')
    expect((await deployment()).spec.template.spec.containers[0].image).toBe('luksa/kubia:v2')
  })

  it('rollout history, undo, pause, resume', async () => {
    await settle()
    const history = (await kubectl('rollout', 'history', 'deployment/kubia')).stdout
    expect(history).toMatch(/^1\s/m)
    expect(history).toMatch(/^2\s/m)
    expect((await kubectl('rollout', 'undo', 'deployment/kubia', '--to-revision=1')).stdout).toContain('deployment.apps/kubia rolled back')
    expect((await deployment()).spec.template.spec.containers[0].image).toBe('luksa/kubia:v1')
    expect((await kubectl('rollout', 'pause', 'deployment/kubia')).stdout).toContain('deployment.apps/kubia paused')
    expect((await deployment()).spec.paused).toBe(true)
    expect((await kubectl('rollout', 'resume', 'deployment/kubia')).stdout).toContain('deployment.apps/kubia resumed')
    expect((await deployment()).spec.paused).toBeUndefined()
  })

  it('rollout status waits on the watch until settled', async () => {
    // Not settled since the undo, and one more replica wanted: the rollout is still in progress.
    expect((await kubectl('scale', 'deployment', 'kubia', '--replicas=3')).stdout).toContain('deployment.apps/kubia scaled')
    const before = h.requests.length
    const status = h.spawnKubectl('rollout', 'status', 'deployment/kubia', '--timeout=25s')
    expect(await h.settleUntilExit(status, before)).toBe(0)
    const out = status.output()
    expect(out).toContain('deployment "kubia" successfully rolled out')
  }, 30_000)

  it('PATCH content types, preconditions, /status and /scale over HTTP', async () => {
    const url = `${h.base}/apis/apps/v1/namespaces/default/deployments/kubia`
    const patch = (u: string, type: string, body: unknown) =>
      fetch(u, { method: 'PATCH', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) })
    const unsupported = await patch(url, 'application/apply-patch+cbor', '{}')
    expect(unsupported.status).toBe(415)
    expect(((await unsupported.json()) as { message: string }).message).toContain('accepted media types include: application/json-patch+json')
    expect((await patch(url, 'application/json-patch+json', [{ op: 'test', path: '/spec/replicas', value: 99 }])).status).toBe(422)
    expect((await patch(url, 'application/merge-patch+json', { metadata: { resourceVersion: '1' }, spec: { replicas: 5 } })).status).toBe(409)
    const scale = (await (await fetch(`${url}/scale`)).json()) as Record<string, any>
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 3 }, status: { selector: 'app=kubia' } })
    const stale = { ...scale, metadata: { ...scale.metadata, resourceVersion: '1' }, spec: { replicas: 1 } }
    expect((await fetch(`${url}/scale`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stale) })).status).toBe(409)
    const put = await fetch(`${url}/scale`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...scale, spec: { replicas: 1 } }) })
    expect(put.status).toBe(200)
    expect((await deployment()).spec.replicas).toBe(1)
    expect(((await (await fetch(`${url}/status`)).json()) as { kind: string }).kind).toBe('Deployment')
    const cm = `${h.base}/api/v1/namespaces/default/configmaps/applied?fieldManager=test`
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  a: "1"\n'
    expect((await patch(cm, 'application/apply-patch+yaml', yaml)).status).toBe(201)
    const again = await patch(cm, 'application/apply-patch+yaml', yaml.replace('"1"', '"2"'))
    expect(again.status).toBe(200)
    expect(((await again.json()) as { data: unknown }).data).toEqual({ a: '2' })
  })

  it('leaves a log that replays and re-simulates with identical results, with kubectl commands recorded', async () => {
    await settle()
    await expectReplayable(h, ['kubectl apply', 'kubectl scale', 'kubectl label', 'kubectl set image', 'kubectl rollout undo', 'kubectl rollout pause', 'kubectl rollout resume'])
  })
})
