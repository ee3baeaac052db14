import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { KUBECTL, type ServeHarness, startServer } from './harness.js'

let h: ServeHarness
const children: ChildProcess[] = []
const kubectl = (...args: string[]) => h.kubectl(...args)
const settle = () => h.settle()

beforeAll(async () => {
  h = await startServer('reel-serve-')
})
afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')))
afterAll(async () => {
  await h?.close()
})

describe('reel serve with the real kubectl', () => {
  it('version and api-resources', async () => {
    expect((await kubectl('version')).stdout).toMatch(/Server Version: v1\.32/)
    const { stdout } = await kubectl('api-resources')
    expect(stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/m)
    expect(stdout).toMatch(/^replicasets\s+rs\s/m)
    expect(stdout).toMatch(/^pods\s+po\s/m)
  })

  it('create -f, get pods, get rs -o json, delete pod, log has the writes', async () => {
    const created = await kubectl('create', '-f', 'scenarios/manifests/000-replicaset-web-stable.yaml')
    expect(created.stdout).toContain('replicaset.apps/web created')
    await settle()
    const pods = (await kubectl('get', 'pods')).stdout.split('\n').filter((l) => /^web-(?!rc-)/.test(l))
    expect(pods).toHaveLength(3)
    expect(JSON.parse((await kubectl('get', 'rs', 'web', '-o', 'json')).stdout).kind).toBe('ReplicaSet')
    const name = pods[0]!.split(/\s+/)[0]!
    const del = spawn(KUBECTL, h.kubectlArgs('delete', 'pod', name, '--wait=false'))
    children.push(del)
    let out = ''
    del.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await new Promise((resolve) => del.on('exit', resolve))
    expect(out).toContain(`pod "${name}" deleted`)
    const commands: string[] = []
    for await (const batch of h.engine.log.read(1))
      for (const e of batch) if (e.actor === 'user:anonymous' && 'command' in e.data) commands.push(String(e.data.command))
    expect(commands).toContain('kubectl create')
    expect(commands).toContain('kubectl delete')
  })

  it('get pods -w sees a change', async () => {
    const w = spawn(KUBECTL, h.kubectlArgs('get', 'pods', '-w', '--output-watch-events', '--request-timeout=20s'))
    children.push(w)
    let out = ''
    const seen = new Promise<void>((resolve) => w.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (/(ADDED|MODIFIED)\s+solo/.test(out)) resolve()
    }))
    await new Promise<void>((resolve) => w.stdout.once('data', () => resolve()))
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }
    const res = await fetch(`${h.base}/api/v1/namespaces/default/pods`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pod) })
    expect(res.status).toBe(201)
    await seen
  })
})
