import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openMemoryEngine } from './engine.js'
import type { Engine } from '../../../src/runtime/engine.js'
import { buildServer } from '../../../src/server/server.js'
import { kubeconfigFor } from '../../../src/server/kubeconfig.js'

const KUBECTL = '/usr/bin/kubectl'
const run = promisify(execFile)
let app: FastifyInstance
let engine: Engine
let base = ''
let kubeconfig = ''
let cacheDir = ''
const children: ChildProcess[] = []

const kubectl = (...args: string[]) =>
  run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { timeout: 20_000 })
const settle = () => fetch(`${base}/reel/v1/clock/settle`, { method: 'POST' })

beforeAll(async () => {
  if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL}: install it (apt-get install -y kubernetes-client)`)
  engine = await openMemoryEngine()
  app = buildServer(engine)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0
  base = `http://127.0.0.1:${port}`
  const dir = mkdtempSync(join(tmpdir(), 'reel-serve-'))
  kubeconfig = join(dir, 'kubeconfig')
  cacheDir = join(dir, 'cache')
  writeFileSync(kubeconfig, kubeconfigFor(base))
})
afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')))
afterAll(async () => {
  await app?.close()
  await engine?.log.close()
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
    const del = spawn(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, 'delete', 'pod', name, '--wait=false'])
    children.push(del)
    let out = ''
    del.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await new Promise((resolve) => del.on('exit', resolve))
    expect(out).toContain(`pod "${name}" deleted`)
    const commands: string[] = []
    for await (const batch of engine.log.read(1))
      for (const e of batch) if (e.actor === 'user:anonymous' && 'command' in e.data) commands.push(String(e.data.command))
    expect(commands).toContain('kubectl create')
    expect(commands).toContain('kubectl delete')
  })

  it('get pods -w sees a change', async () => {
    const w = spawn(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, 'get', 'pods', '-w', '--output-watch-events', '--request-timeout=20s'])
    children.push(w)
    let out = ''
    const seen = new Promise<void>((resolve) => w.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (/(ADDED|MODIFIED)\s+solo/.test(out)) resolve()
    }))
    await new Promise<void>((resolve) => w.stdout.once('data', () => resolve()))
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }
    const res = await fetch(`${base}/api/v1/namespaces/default/pods`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pod) })
    expect(res.status).toBe(201)
    await seen
  })
})
