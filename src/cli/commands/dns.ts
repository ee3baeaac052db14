import type { Command as Cmd } from 'commander'
import { resolveDns } from '../../model/dns.js'
import { CliError, type GlobalOptions, loadState, withLog } from '../open.js'
import { resolveAt } from './read.js'

/** `reel dns NAME`: what cluster DNS answers a pod in NAMESPACE asking for NAME (search path applied). */
export const registerDnsVerbs = (program: Cmd, globals: () => GlobalOptions): void => {
  program
    .command('dns')
    .description('Resolve a name as cluster DNS would for a pod in the namespace: A and SRV records, or NXDOMAIN')
    .argument('<name>', 'e.g. web-0.nginx, nginx.default.svc.cluster.local, _web._tcp.nginx')
    .option('-n, --namespace <ns>', 'the asking pod\'s namespace (search path)', 'default')
    .option('--at <seq|time>', 'as of a seq or virtual time')
    .action(async (name: string, o: { namespace: string; at?: string }) => {
      const answer = await withLog(globals(), async (log) => resolveDns(await loadState(log, await resolveAt(log, o.at)), name, o.namespace))
      if (answer.status === 'NXDOMAIN') throw new CliError(`** server can't find ${name}: NXDOMAIN`)
      for (const r of answer.records) console.log(`${r.name}\t${r.ttl}\tIN\t${r.type}\t${r.value}`)
    })
}
