import type { Command as Cmd } from 'commander'
import * as E from 'fp-ts/lib/Either.js'
import { readFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { decodeRaw, verifyRecord } from '../../log/encoding.js'
import type { Event } from '../../log/events.js'
import { formatDurationMs } from '../../kernel/duration.js'
import { resimulate } from '../../history/resimulate.js'
import { foldLog } from '../../history/stateAt.js'
import { renderDiff } from '../../history/diff.js'
import { describeLogError } from '../../ports/eventLog.js'
import { CONTROLLERS } from '../../sim/controllers.js'
import { CliError, dataDirOf, type GlobalOptions, openLog, withLog } from '../open.js'
import { hashState } from '../../history/hash.js'

/**
 * Reads a recorded log: each line a stored record (checksum verified) or a plain JSON event. Events
 * keep their recorded schema version, so old logs stay old until `reel migrate` rewrites them.
 */
export const parseRecordedLog = (text: string, file: string): Event[] => {
  const out: Event[] = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    const raw = /^[0-9a-f]{8} /.test(line) ? verifyRecord(line) : E.tryCatch(() => JSON.parse(line) as Record<string, unknown>, () => ({ reason: 'invalid JSON' }))
    if (E.isLeft(raw)) throw new CliError(`error: ${file}:${i + 1}: ${raw.left.reason}`)
    const decoded = decodeRaw(raw.right)
    if (E.isLeft(decoded)) throw new CliError(`error: ${file}:${i + 1}: ${decoded.left.reason}`)
    if (raw.right.seq !== out.length + 1) throw new CliError(`error: ${file}:${i + 1}: expected seq ${out.length + 1}, found ${String(raw.right.seq)}`)
    out.push(raw.right as unknown as Event)
  })
  return out
}

export const registerReplayVerbs = (program: Cmd, globals: () => GlobalOptions): void => {
  program
    .command('replay')
    .description('Fold the recorded log from the first event (no controllers run); --resimulate re-runs its external inputs through the current controllers and compares')
    .option('--to <seq>', 'stop at this seq', (v) => Number(v))
    .option('--resimulate', 'feed the external inputs through the current controllers and compare')
    .action(async (o: { to?: number; resimulate?: boolean }) => {
      await withLog(globals(), async (log) => {
        const started = performance.now()
        const state = await foldLog(log, o.to)
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
    .command('import')
    .description("Load a recorded Reel log (records from a fixture, or `reel log -o json` lines) into a new data directory, as recorded")
    .argument('<file>', 'one event per line: `<crc32> <json>` records or plain JSON events')
    .action(async (file: string) => {
      const events = parseRecordedLog(await readFile(file, 'utf8'), file)
      const g = globals()
      const log = await openLog(g)
      try {
        if (log.head() !== 0) throw new CliError(`error: ${dataDirOf(g)} already holds a log; import into a new --data directory`)
        const r = await log.append(events, 0)()
        if (E.isLeft(r)) throw new CliError(`error: ${describeLogError(r.left)}`)
        console.log(`imported ${events.length} events into ${dataDirOf(g)}`)
      } finally {
        await log.close()
      }
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
