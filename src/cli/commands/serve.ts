import type { Command } from 'commander'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { followWallClock, type ClockMode } from '../../runtime/clock.js'
import type { Engine } from '../../runtime/engine.js'
import { buildServer } from '../../server/server.js'
import { kubeconfigFor } from '../../server/kubeconfig.js'
import { CliError, dataDirOf, openLocalCluster, type GlobalOptions } from '../open.js'
import { findServer, removeServerFile, serverFileOf, writeServerFile } from '../remote.js'

interface ServeOptions {
  readonly port: string
  readonly host: string
  readonly clock: string
  readonly speed: string
}

/** Checks every flag before anything is opened: one error line, and the data directory is untouched. */
export const parseServeOptions = (o: ServeOptions): { port: number; host: string; clock: ClockMode } => {
  const port = Number(o.port)
  if (!/^\d+$/.test(o.port) || port > 65535) throw new CliError(`error: --port must be an integer from 0 to 65535, got "${o.port}"`)
  if (o.host === '') throw new CliError('error: --host must name an address, e.g. 127.0.0.1')
  const speed = Number(o.speed)
  if (!Number.isFinite(speed) || speed <= 0) throw new CliError(`error: --speed must be a positive number, got "${o.speed}"`)
  if (o.clock === 'virtual') {
    if (o.speed !== '1') throw new CliError('error: --speed applies only with --clock real')
    return { port, host: o.host, clock: { mode: 'virtual' } }
  }
  if (o.clock === 'real') return { port, host: o.host, clock: { mode: 'real', speed } }
  throw new CliError(`error: --clock must be virtual or real, got "${o.clock}"`)
}

const kubeconfigPath = (dir: string): string => join(dir, 'kubeconfig')

/** Resolves on the first SIGINT or SIGTERM. */
const stopSignal = (): Promise<string> =>
  new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })

/** Waits for every step already submitted: a no-op step queued behind them (it fires nothing new). */
const drain = async (engine: Engine): Promise<void> => {
  await engine.submit({ type: 'advanceTo', atMs: engine.world().nowMs })
}

/**
 * `reel serve`: the Kubernetes API over the data directory until SIGINT/SIGTERM. Once listening it
 * writes `<data>/kubeconfig` and `<data>/server.json` (`{url, pid}`), through which the other verbs
 * run against this server; on exit it stops the clock, closes the HTTP server and the log, and
 * removes `server.json`.
 */
export const registerServeVerbs = (program: Command, globals: () => GlobalOptions): void => {
  program
    .command('serve')
    .description('Serve the Kubernetes API over HTTP; the other verbs then talk to this server (see /reel/v1/ endpoints in the README)')
    .option('--port <n>', 'port to listen on (0: any free port, printed)', '8001')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--clock <mode>', 'virtual: time moves only by settle/advance; real: with the wall clock × --speed', 'virtual')
    .option('--speed <n>', 'virtual seconds per wall second with --clock real', '1')
    .action(async (raw: ServeOptions) => {
      const o = parseServeOptions(raw)
      const dir = dataDirOf(globals())
      const running = await findServer(dir)
      if (typeof running === 'object') throw new CliError(`error: ${dir} is already served at ${running.url} (${serverFileOf(dir)})`)
      const engine = await openLocalCluster(globals())
      const app = buildServer(engine, { address: `${o.host}:${o.port}`, clock: o.clock })
      try {
        await app.listen({ port: o.port, host: o.host })
      } catch (err) {
        await engine.log.close()
        throw new CliError(`error: cannot listen on ${o.host}:${o.port}: ${(err as Error).message}`)
      }
      const addr = app.server.address()
      const port = typeof addr === 'object' && addr !== null ? addr.port : o.port
      const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`
      await writeFile(kubeconfigPath(dir), kubeconfigFor(url))
      await writeServerFile(dir, { url, pid: process.pid })
      const ticking = o.clock.mode === 'real' ? followWallClock(engine, o.clock) : undefined
      console.log(`serving on ${url} (clock ${o.clock.mode}${o.clock.mode === 'real' ? ` ×${o.clock.speed}` : ''}); kubeconfig: ${kubeconfigPath(dir)}`)
      await stopSignal()
      ticking?.unsubscribe()
      const closing = app.close()
      // Open watches would hold close() forever: end every connection once no new request is accepted.
      app.server.closeAllConnections()
      await closing
      await drain(engine)
      await engine.log.close()
      await removeServerFile(dir, process.pid)
    })

  program
    .command('kubeconfig')
    .description('Print the kubeconfig of the running (or last) reel serve of the data directory')
    .action(async () => {
      const file = kubeconfigPath(dataDirOf(globals()))
      const text = await readFile(file, 'utf8').catch(() => {
        throw new CliError(`error: no kubeconfig at ${file}: run reel serve --data ${dataDirOf(globals())} first`)
      })
      process.stdout.write(text)
    })
}
