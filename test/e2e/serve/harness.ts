import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { FastifyInstance } from 'fastify'
import type { Engine } from '../../../src/runtime/engine.js'
import { kubeconfigFor } from '../../../src/server/kubeconfig.js'
import { buildServer } from '../../../src/server/server.js'
import { openMemoryEngine } from './engine.js'

/** The real kubectl the end-to-end tests drive (`.ci/run` installs Debian's kubernetes-client when missing). */
export const KUBECTL = '/usr/bin/kubectl'

const run = promisify(execFile)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A kubectl left running (a watch, a wait for deletion, a rollout status): its output so far and its exit code. */
export interface Running {
  readonly child: ChildProcess
  /** stdout and stderr so far, interleaved as they arrived. */
  readonly output: () => string
  readonly exited: Promise<number | null>
  /** Resolves once the output matches (rejects after `timeoutMs`, with the output in the message). */
  readonly waitFor: (re: RegExp, timeoutMs?: number) => Promise<void>
}

/** `reel serve` in-process on a free loopback port, a kubeconfig for it, and the calls tests make. */
export interface ServeHarness {
  readonly engine: Engine
  readonly app: FastifyInstance
  readonly base: string
  readonly dir: string
  /** The kubeconfig file written for this server. */
  readonly kubeconfig: string
  /** Every request the server received, as `METHOD url` (for asserting what clients send). */
  readonly requests: string[]
  /** The Content-Type of each request in {@link requests}, at the same index ('' when none). */
  readonly contentTypes: string[]
  /** kubectl's arguments for this server (kubeconfig and a private cache), then `args`. */
  readonly kubectlArgs: (...args: string[]) => string[]
  readonly kubectl: (...args: string[]) => Promise<{ stdout: string; stderr: string }>
  /** Starts kubectl without waiting for it; `close` kills it if it is still running. */
  readonly spawnKubectl: (...args: string[]) => Running
  /** Resolves once the server has received a request matching `re` (counting from request number `from`). */
  readonly waitForRequest: (re: RegExp, from?: number, timeoutMs?: number) => Promise<void>
  /**
   * Settles the virtual clock over and over while a kubectl waits on a watch, until it exits: under
   * the virtual clock nothing a waiting kubectl expects (a pod gone, a rollout done) happens otherwise.
   * Settling starts once kubectl's watch request arrived, so kubectl sees the changes as events
   * (`waitingRequest`: the request that shows kubectl is waiting, for commands that poll instead).
   */
  readonly settleUntilExit: (r: Running, requestsBefore: number, waitingRequest?: RegExp) => Promise<number | null>
  readonly settle: () => Promise<Response>
  /** `GET path` on the server: the status and the JSON body. */
  readonly get: (path: string) => Promise<{ status: number; body: Record<string, any> }>
  readonly close: () => Promise<void>
}

const spawned = (args: string[]): Running => {
  const child = spawn(KUBECTL, args)
  let out = ''
  const listeners = new Set<() => void>()
  const onData = (d: Buffer) => {
    out += d.toString()
    listeners.forEach((l) => l())
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  const waitFor = (re: RegExp, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!re.test(out)) return
        listeners.delete(check)
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        listeners.delete(check)
        reject(new Error(`kubectl ${args.slice(4).join(' ')}: no ${String(re)} within ${timeoutMs}ms; output:\n${out}`))
      }, timeoutMs)
      listeners.add(check)
      check()
    })
  return { child, output: () => out, exited, waitFor }
}

export const startServer = async (prefix: string): Promise<ServeHarness> => {
  if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL}: install it (apt-get install -y kubernetes-client)`)
  const engine = await openMemoryEngine()
  const app = buildServer(engine)
  const requests: string[] = []
  const contentTypes: string[] = []
  app.addHook('onRequest', async (req) => {
    requests.push(`${req.method} ${req.url}`)
    contentTypes.push(req.headers['content-type'] ?? '')
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const addr = app.server.address()
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const kubeconfig = join(dir, 'kubeconfig')
  writeFileSync(kubeconfig, kubeconfigFor(base))
  const kubectlArgs = (...args: string[]) => ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args]
  const children: ChildProcess[] = []
  const settle = () => fetch(`${base}/reel/v1/clock/settle`, { method: 'POST' })
  const waitForRequest = async (re: RegExp, from = 0, timeoutMs = 10_000) => {
    for (let waited = 0; !requests.slice(from).some((r) => re.test(r)); waited += 20) {
      if (waited > timeoutMs) throw new Error(`no request matching ${String(re)} within ${timeoutMs}ms; seen:\n${requests.slice(from).join('\n')}`)
      await sleep(20)
    }
  }
  return {
    engine,
    app,
    base,
    dir,
    kubeconfig,
    requests,
    contentTypes,
    kubectlArgs,
    kubectl: (...args) => run(KUBECTL, kubectlArgs(...args), { timeout: 20_000 }),
    spawnKubectl: (...args) => {
      const r = spawned(kubectlArgs(...args))
      children.push(r.child)
      return r
    },
    waitForRequest,
    settleUntilExit: async (r, requestsBefore, waitingRequest = /[?&]watch=true/) => {
      let code: number | null | undefined
      void r.exited.then((c) => (code = c))
      await Promise.race([waitForRequest(waitingRequest, requestsBefore), r.exited])
      for (let i = 0; i < 200 && code === undefined; i++) {
        await settle()
        await sleep(50)
      }
      return r.exited
    },
    settle,
    get: async (path) => {
      const res = await fetch(`${base}${path}`)
      return { status: res.status, body: (await res.json()) as Record<string, any> }
    },
    close: async () => {
      children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'))
      await app.close()
      await engine.log.close()
    },
  }
}
