import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { reel, tempDir } from '../support/reel.js'

const BIN = resolve('bin/reel.js')
const KUBECTL = '/usr/bin/kubectl'
const run = promisify(execFile)

interface Served {
  readonly child: ChildProcess
  readonly url: string
  readonly exited: Promise<number | null>
}

const children: ChildProcess[] = []
const temps: (() => void)[] = []

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
  for (const t of temps.splice(0)) t()
})

const newDir = (): string => {
  const t = tempDir('reel-serve-cli-')
  temps.push(t.cleanup)
  return join(t.dir, 'data')
}

/** `reel serve --port 0 …` as a child process; resolves once it prints the URL it listens on. */
const serve = (data: string, ...flags: string[]): Promise<Served> =>
  new Promise((resolveServed, reject) => {
    const { REEL_DATA: _d, REEL_USER: _u, ...env } = process.env
    const child = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0', ...flags], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
    let out = ''
    let err = ''
    child.stderr.on('data', (b: Buffer) => (err += b.toString()))
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString()
      const m = /serving on (http:\/\/\S+)/.exec(out)
      if (m) resolveServed({ child, url: m[1]!, exited })
    })
    void exited.then((code) => reject(new Error(`reel serve exited (${code}) before listening: ${err}`)))
  })

const manifest = (dir: string): string => {
  const file = join(dir, 'web.yaml')
  writeFileSync(
    file,
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  replicas: 2',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec: {containers: [{name: nginx, image: nginx}]}',
      '',
    ].join('\n'),
  )
  return file
}

const ok = (args: string[]): string => {
  const r = reel(args)
  expect(r.stderr, `reel ${args.join(' ')}`).toBe('')
  expect(r.code, `reel ${args.join(' ')}`).toBe(0)
  return r.stdout
}

const clockOf = async (url: string): Promise<{ nowMs: number; mode: string; head: number }> =>
  (await (await fetch(`${url}/reel/v1/clock`)).json()) as { nowMs: number; mode: string; head: number }

describe('reel verbs against a running reel serve in the same data directory', () => {
  it('write and read verbs go through the server; kubectl requests are logged with their command; SIGTERM hands the directory back', async () => {
    const data = newDir()
    const s = await serve(data)
    expect(JSON.parse(readFileSync(join(data, 'server.json'), 'utf8'))).toEqual({ url: s.url, pid: s.child.pid })
    const d = ['--data', data]

    expect(ok(['apply', '-f', manifest(join(data, '..')), ...d])).toContain('deployment.apps/web created')
    const seen = await fetch(`${s.url}/apis/apps/v1/namespaces/default/deployments/web`)
    expect(seen.status).toBe(200)
    const pods = ok(['get', 'pods', ...d])
    const pod = /^(web-\S+)/m.exec(pods)?.[1]
    expect(pod, pods).toBeDefined()

    expect(ok(['settle', ...d])).toMatch(/^settled at virtual time/)
    const before = (await clockOf(s.url)).nowMs
    expect(ok(['clock', 'advance', '1m', ...d])).toMatch(/^virtual time/)
    expect((await clockOf(s.url)).nowMs).toBe(before + 60_000)
    expect(ok(['get', 'pods', ...d])).toMatch(/web-\S+ +1\/1 +Running/)
    expect(ok(['why', `pod/${pod}`, ...d])).toMatch(/was created because:\n.*controller:replicaset[\s\S]*user:admin: object\/created Deployment\/web/)

    expect(ok(['fault', 'node-down', 'node-1', ...d])).toContain('fault node-down injected')
    const node = (await (await fetch(`${s.url}/api/v1/nodes/node-1`)).json()) as { metadata: { name: string } }
    expect(node.metadata.name).toBe('node-1')
    const head = (await clockOf(s.url)).head
    const lastLine = (await (await fetch(`${s.url}/reel/v1/log/events?from=${head}&to=${head}`)).text()).trim()
    expect(lastLine).toMatch(/"type":"fault\/injected","v":1,"actor":"fault"/)

    const kubeconfig = join(data, 'kubeconfig')
    await run(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', join(data, '..', 'cache'), 'scale', 'deploy', 'web', '--replicas=3'], { timeout: 20_000 })
    expect(ok(['log', '--from', String(head + 1), ...d])).toMatch(/user:anonymous +updated Deployment default\/web: .*spec\.replicas 2→3.*\[kubectl scale\]/)
    expect(ok(['kubeconfig', ...d])).toBe(readFileSync(kubeconfig, 'utf8'))
    expect(ok(['kubeconfig', ...d])).toContain(`server: ${s.url}`)

    const second = reel(['serve', '--port', '0', ...d])
    expect([second.code, second.stderr.trim()]).toEqual([1, `error: ${data} is already served at ${s.url} (${join(data, 'server.json')})`])

    const finalHead = (await clockOf(s.url)).head
    s.child.kill('SIGTERM')
    expect(await s.exited).toBe(0)
    expect(existsSync(join(data, 'server.json'))).toBe(false)
    // The LevelDB lock is released: a plain verb opens the directory itself and sees everything.
    expect(ok(['get', 'deploy', ...d])).toMatch(/web +\d\/3/)
    expect(ok(['hash', ...d])).toContain(`head   ${finalHead}`)
    // The whole session (CLI verbs, a fault and a kubectl request) replays and re-simulates identically.
    const replayed = ok(['replay', '--resimulate', ...d])
    expect(replayed).toContain(`replayed ${finalHead} events`)
    expect(replayed).toMatch(/re-simulation: identical \(\d+ events\)/)
  })

  it('the same verbs give the same log through a server as directly (same seed, same hash)', async () => {
    const direct = newDir()
    const served = newDir()
    const file = manifest(join(direct, '..'))
    const verbs = [['apply', '-f', file], ['settle'], ['scale', 'deploy', 'web', '--replicas=3'], ['clock', 'advance', '1m'], ['fault', 'node-down', 'node-1'], ['settle']]
    // REEL_DATA rather than --data: the command line is recorded with each request, so it must be the same.
    for (const v of verbs) expect(reel(v, { env: { REEL_DATA: direct } }).code).toBe(0)
    const s = await serve(served)
    for (const v of verbs) expect(reel(v, { env: { REEL_DATA: served } }).code).toBe(0)
    const logHash = (data: string) => /^log +(\S+)/m.exec(reel(['hash'], { env: { REEL_DATA: data } }).stdout)?.[1]
    expect(logHash(served)).toBeDefined()
    expect(logHash(served)).toBe(logHash(direct))
    s.child.kill('SIGTERM')
    expect(await s.exited).toBe(0)
  })

  it('--clock real --speed 60 moves virtual time with the wall clock, 60 times faster', async () => {
    const data = newDir()
    const spawnedAt = performance.now()
    const s = await serve(data, '--clock', 'real', '--speed', '60')
    const start = (await clockOf(s.url)).nowMs
    await new Promise((r) => setTimeout(r, 1500))
    const c = await clockOf(s.url)
    const wallMs = performance.now() - spawnedAt
    expect(c.mode).toBe('real')
    expect(c.nowMs - start).toBeGreaterThanOrEqual(60_000)
    expect(c.nowMs).toBeLessThanOrEqual(wallMs * 60)
  })

  it.each([
    [['--clock', 'sideways'], /^error: --clock must be virtual or real, got "sideways"$/],
    [['--port', 'x'], /^error: --port must be an integer from 0 to 65535, got "x"$/],
    [['--clock', 'real', '--speed', '-2'], /^error: --speed must be a positive number, got "-2"$/],
  ])('reel serve %j: one error line, non-zero exit, nothing created', (flags, message) => {
    const data = newDir()
    const r = reel(['serve', '--data', data, ...flags])
    expect(r.code).not.toBe(0)
    expect(r.stderr.trim()).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(existsSync(data)).toBe(false)
  })

  it('reel kubeconfig without a server ever started: one error line naming the file', () => {
    const data = newDir()
    const r = reel(['kubeconfig', '--data', data])
    expect([r.code, r.stderr.trim()]).toEqual([1, `error: no kubeconfig at ${join(data, 'kubeconfig')}: run reel serve --data ${data} first`])
  })

  it('a server file naming a live process that does not answer is a clear error; a dead one is ignored', () => {
    const data = newDir()
    ok(['get', 'nodes', '--data', data])
    writeFileSync(join(data, 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:9', pid: process.pid }))
    const r = reel(['get', 'pods', '--data', data])
    expect(r.code).not.toBe(0)
    expect(r.stderr.trim()).toMatch(/server\.json names reel serve \(pid \d+\) at http:\/\/127\.0\.0\.1:9, which does not answer/)
    writeFileSync(join(data, 'server.json'), JSON.stringify({ url: 'http://127.0.0.1:9', pid: 2 ** 22 + 1 }))
    expect(ok(['get', 'nodes', '--data', data])).toContain('node-1')
  })
})
