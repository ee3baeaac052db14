import type { Command } from 'commander'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildServer } from '../../server/server.js'
import { kubeconfigFor } from '../../server/kubeconfig.js'
import { dataDirOf, openCluster, type GlobalOptions } from '../open.js'

/** `reel serve`: the Kubernetes API over the data directory until SIGINT/SIGTERM; writes `<data>/kubeconfig`. */
export const registerServeVerbs = (program: Command, globals: () => GlobalOptions): void => {
  program
    .command('serve')
    .description('Serve the Kubernetes API (virtual clock: POST /reel/v1/clock/settle, /reel/v1/clock/advance?by=30s)')
    .option('--port <n>', 'port to listen on', '8001')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (o: { port: string; host: string }) => {
      const engine = await openCluster(globals())
      const app = buildServer(engine, { address: `${o.host}:${o.port}` })
      await app.listen({ port: Number(o.port), host: o.host })
      const addr = app.server.address()
      const port = typeof addr === 'object' && addr !== null ? addr.port : Number(o.port)
      const file = join(dataDirOf(globals()), 'kubeconfig')
      await writeFile(file, kubeconfigFor(`http://${o.host}:${port}`))
      console.log(`serving on http://${o.host}:${port}; kubeconfig: ${file}`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      })
      await app.close()
      await engine.log.close()
    })
}
