import type { Command as Cmd } from 'commander'
import * as E from 'fp-ts/lib/Either.js'
import { performance } from 'node:perf_hooks'
import { formatDurationMs } from '../../kernel/duration.js'
import { resimulate } from '../../history/resimulate.js'
import { renderDiff } from '../../history/diff.js'
import { describeLogError } from '../../ports/eventLog.js'
import { CONTROLLERS } from '../../sim/controllers.js'
import { emptyState } from '../../state/clusterState.js'
import { evolveBatch } from '../../state/evolve.js'
import { CliError, dataDirOf, type GlobalOptions, openLog, withLog } from '../open.js'
import { hashState } from './engine.js'

export const registerReplayVerbs = (program: Cmd, globals: () => GlobalOptions): void => {
  program
    .command('replay')
    .description('Fold the recorded log from the first event (no controllers run); --resimulate re-runs its external inputs through the current controllers and compares')
    .option('--to <seq>', 'stop at this seq', (v) => Number(v))
    .option('--resimulate', 'feed the external inputs through the current controllers and compare')
    .action(async (o: { to?: number; resimulate?: boolean }) => {
      await withLog(globals(), async (log) => {
        const started = performance.now()
        let state = emptyState()
        for await (const batch of log.read(1, o.to)) state = evolveBatch(state, batch)
        const ms = performance.now() - started
        console.log(`replayed ${state.seq} events to virtual time ${formatDurationMs(state.atMs)}: ${state.objects.size} objects, state ${hashState(state)}`)
        console.log(`(${Math.round(state.seq / Math.max(ms / 1000, 1e-6))} events/s)`)
        if (!o.resimulate) return
        const r = await resimulate(log, CONTROLLERS)
        if (r.firstDivergence === undefined) {
          console.log(`re-simulation: identical (${r.resimulatedEvents} events)`)
          return
        }
        console.log(`re-simulation diverges at #${r.firstDivergence.seq}`)
        console.log(`  recorded:    ${r.firstDivergence.recorded ?? '<nothing>'}`)
        console.log(`  resimulated: ${r.firstDivergence.resimulated ?? '<nothing>'}`)
        for (const l of renderDiff(r.stateDiff)) console.log(`  ${l}`)
        throw new CliError('', 1)
      })
    })

  program
    .command('migrate')
    .description('Rewrite the log with every event upcast to the current schema versions, into a new directory')
    .requiredOption('--to <dir>', 'the new data directory (must be empty); the old one is left untouched')
    .action(async (o: { to: string }) => {
      const g = globals()
      await withLog(g, async (from) => {
        const meta = await from.readMeta()()
        if (E.isLeft(meta) || !meta.right) throw new CliError('error: the source is not a Reel log')
        const to = await openLog({ ...g, data: o.to, seed: String(meta.right.seed) }, o.to)
        try {
          if (to.head() !== 0) throw new CliError(`error: ${o.to} already holds a log`)
          let n = 0
          for await (const batch of from.read(1)) {
            const r = await to.append(batch, to.head())()
            if (E.isLeft(r)) throw new CliError(`error: ${describeLogError(r.left)}`)
            n += batch.length
          }
          console.log(`migrated ${n} events from ${dataDirOf(g)} to ${o.to}`)
        } finally {
          await to.close()
        }
      })
    })
}
