import { execFile } from 'node:child_process'
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
  /** kubectl's arguments for this server (kubeconfig and a private cache), then `args`. */
  readonly kubectlArgs: (...args: string[]) => string[]
  readonly kubectl: (...args: string[]) => Promise<{ stdout: string; stderr: string }>
  readonly settle: () => Promise<Response>
  readonly close: () => Promise<void>
}

export const startServer = async (prefix: string): Promise<ServeHarness> => {
  if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL}: install it (apt-get install -y kubernetes-client)`)
  const engine = await openMemoryEngine()
  const app = buildServer(engine)
  const requests: string[] = []
  app.addHook('onRequest', async (req) => {
    requests.push(`${req.method} ${req.url}`)
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const addr = app.server.address()
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const kubeconfig = join(dir, 'kubeconfig')
  writeFileSync(kubeconfig, kubeconfigFor(base))
  const kubectlArgs = (...args: string[]) => ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args]
  return {
    engine,
    app,
    base,
    dir,
    kubeconfig,
    requests,
    kubectlArgs,
    kubectl: (...args) => run(KUBECTL, kubectlArgs(...args), { timeout: 20_000 }),
    settle: () => fetch(`${base}/reel/v1/clock/settle`, { method: 'POST' }),
    close: async () => {
      await app.close()
      await engine.log.close()
    },
  }
}
