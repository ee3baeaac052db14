import type { Command as Cmd } from 'commander'
import { readVolume } from '../../sim/volumeWrite.js'
import { CliError, cliActor, type GlobalOptions, loadState, withCluster, withLog } from '../open.js'
import { renderStatus } from '../status.js'

/** `reel volume write|read`: what a pod's process writes to and reads from one of its volumes. */
export const registerVolumeVerbs = (program: Cmd, globals: () => GlobalOptions): void => {
  const volume = program.command('volume').description("Write to and read from a pod's volumes (emptyDir, claims, hostPath)")
  volume
    .command('write')
    .description('Write VALUE into VOLUME as a process of the running POD would')
    .argument('<pod>')
    .argument('<volume>')
    .argument('<value>')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .action(async (pod: string, vol: string, value: string, o: { namespace: string }) => {
      const reply = await withCluster(globals(), (engine) =>
        engine.submit({ type: 'writeVolume', namespace: o.namespace, pod, volume: vol, value, actor: cliActor() }),
      )
      if (reply.type === 'refused') throw new CliError(renderStatus(reply.status))
      console.log(`wrote ${JSON.stringify(value)} to volume ${vol} of pod ${pod}`)
    })
  volume
    .command('read')
    .description('Print what POD reads from VOLUME (nothing written: exit 1)')
    .argument('<pod>')
    .argument('<volume>')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .action(async (pod: string, vol: string, o: { namespace: string }) => {
      const r = await withLog(globals(), async (log) => readVolume(await loadState(log), o.namespace, pod, vol))
      if ('kind' in r) throw new CliError(renderStatus(r))
      if (r.value === undefined) throw new CliError(`volume ${vol} of pod ${pod} is empty`)
      console.log(r.value)
    })
}
