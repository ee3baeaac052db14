import type { Command as Cmd } from 'commander'
import * as E from 'fp-ts/lib/Either.js'
import { parseDurationMs, formatDurationMs } from '../../kernel/duration.js'
import { eventToJson } from '../../log/encoding.js'
import type { Event } from '../../log/events.js'
import { resolveResource } from '../../model/resources.js'
import { keyOf, objectKey } from '../../model/meta.js'
import { diffStates, diffValues, renderDiff } from '../../history/diff.js'
import { causalChain } from '../../history/why.js'
import { hashLog, hashState } from '../../history/hash.js'
import type { EventLog } from '../../ports/eventLog.js'
import { narrate } from '../narrate.js'
import { CliError, cliActor, type GlobalOptions, loadState, withCluster, withLog } from '../open.js'
import { resolveAt } from './read.js'

const durationArg = (text: string): number => {
  const ms = parseDurationMs(text)
  if (ms === undefined) throw new CliError(`error: invalid duration "${text}" (use 30s, 5m, 1h30m)`)
  return ms
}

/** `pod/web-x` or `pods web-x` → the object key in a namespace. */
export const objectKeyArg = (arg: string, namespace: string): string => {
  const [type, name] = arg.split('/', 2) as [string, string | undefined]
  const rt = resolveResource(type)
  if (!rt || !name) throw new CliError(`error: expected KIND/NAME (e.g. pod/web-abcde), got "${arg}"`)
  return objectKey(rt.kind, rt.namespaced ? namespace : undefined, name)
}

/** The first few changed fields of an update: `status.readyReplicas 2→3, spec.replicas 3→5 (+2 more)`. */
const summarizeChange = (before: unknown, after: unknown): string => {
  const fields = diffValues(before, after).filter((f) => !f.path.startsWith('metadata.managedFields'))
  const short = (v: unknown): string => {
    if (v === undefined) return '∅'
    const json = JSON.stringify(v)
    if (json.length <= 40) return json
    return Array.isArray(v) ? `[${v.length} items]` : typeof v === 'object' && v !== null ? '{…}' : `${json.slice(0, 37)}…`
  }
  const text = fields.slice(0, 3).map((f) => `${f.path} ${short(f.before)}→${short(f.after)}`).join(', ')
  return fields.length > 3 ? `${text} (+${fields.length - 3} more)` : text
}

/** A narrated line plus the client command a request carried (kubectl's `Kubectl-Command`, or the reel command line). */
const withClientCommand = (line: string, e: Event): string => {
  const command = 'command' in e.data ? e.data.command : undefined
  return typeof command === 'string' && command !== '' ? `${line}  [${command}]` : line
}

/** The seqs that touched an object, from the per-object index; a CLI error when there are none. */
const historyOf = async (log: EventLog, arg: string, namespace: string): Promise<readonly number[]> => {
  const seqs = await log.objectHistory(objectKeyArg(arg, namespace))()
  if (E.isLeft(seqs) || seqs.right.length === 0) throw new CliError(`error: no history for ${arg}`)
  return seqs.right
}

export const registerEngineVerbs = (program: Cmd, globals: () => GlobalOptions): void => {
  program
    .command('log')
    .description('Print the event log: a table, or one JSON event per line with -o json')
    .option('--from <seq>', 'first seq', (v) => Number(v), 1)
    .option('--to <seq>', 'last seq', (v) => Number(v))
    .option('-o, --output <format>', 'table (default) or json')
    .action(async (o: { from: number; to?: number; output?: string }) => {
      await withLog(globals(), async (log) => {
        if (o.output === 'json') {
          for await (const batch of log.read(o.from, o.to)) for (const e of batch) console.log(eventToJson(e))
          return
        }
        // Updates are told by what they changed, so the table needs each object's previous version.
        const before = await loadState(log, Math.max(0, o.from - 1))
        const previous = new Map<string, unknown>()
        for await (const batch of log.read(o.from, o.to))
          for (const e of batch) {
            if (!('object' in e.data)) {
              console.log(withClientCommand(narrate(e), e))
              continue
            }
            const key = keyOf(e.data.object)
            const old = previous.has(key) ? previous.get(key) : before.objects.get(key)
            console.log(withClientCommand(narrate(e, e.type === 'object/updated' && old !== undefined ? summarizeChange(old, e.data.object) : undefined), e))
            previous.set(key, e.data.object)
          }
      })
    })

  program
    .command('hash')
    .description('Digest of the log and of the current state: equal hashes mean identical histories')
    .action(async () => {
      await withLog(globals(), async (log) => {
        const state = await loadState(log)
        console.log(`log    ${await hashLog(log)}`)
        console.log(`state  ${hashState(state)}`)
        console.log(`head   ${log.head()}`)
      })
    })

  program
    .command('history')
    .description("One object's history from the per-object index: every event that touched it and what changed")
    .argument('<object>', 'KIND/NAME')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .action(async (arg: string, o: { namespace: string }) => {
      await withLog(globals(), async (log) => {
        let previous: unknown
        for (const seq of await historyOf(log, arg, o.namespace)) {
          for await (const batch of log.read(seq, seq)) {
            const e = batch[0]!
            console.log(narrate(e))
            if ('object' in e.data && previous !== undefined && e.type === 'object/updated')
              for (const f of diffValues(previous, e.data.object)) console.log(`           ${f.path}: ${JSON.stringify(f.before) ?? '<none>'} → ${JSON.stringify(f.after) ?? '<none>'}`)
            if ('object' in e.data) previous = e.data.object
          }
        }
      })
    })

  program
    .command('diff')
    .description('What changed between two points of the log (seqs or virtual times): objects and fields')
    .argument('<from>', 'seq or virtual time')
    .argument('[to]', 'seq or virtual time (default: head)')
    .action(async (from: string, to: string | undefined) => {
      await withLog(globals(), async (log) => {
        const a = await loadState(log, await resolveAt(log, from))
        const b = await loadState(log, await resolveAt(log, to))
        const lines = renderDiff(diffStates(a, b))
        console.log(lines.length === 0 ? `no differences between #${a.seq} and #${b.seq}` : [`#${a.seq} → #${b.seq}`, ...lines].join('\n'))
      })
    })

  program
    .command('why')
    .description('The causal chain of an object: why it was created and why it last changed')
    .argument('<object>', 'KIND/NAME')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .action(async (arg: string, o: { namespace: string }) => {
      await withLog(globals(), async (log) => {
        const seqs = await historyOf(log, arg, o.namespace)
        let created = seqs[0]!
        for (const seq of seqs) for await (const b of log.read(seq, seq)) if (b[0]!.type === 'object/created') created = seq
        const last = seqs[seqs.length - 1]!
        const print = (title: string, chain: Awaited<ReturnType<typeof causalChain>>) => {
          console.log(title)
          chain.forEach((l, i) => console.log(`  ${i === 0 ? '' : '← '}#${l.seq} at ${formatDurationMs(l.atMs)} by ${l.actor}: ${l.type} ${l.object ?? ''}`.trimEnd()))
        }
        print(`${arg} was created because:`, await causalChain(log, created))
        if (last !== created) print(`${arg} last changed because:`, await causalChain(log, last))
      })
    })

  const clock = program.command('clock').description('Move the virtual clock')
  clock
    .command('advance')
    .description('Advance the virtual clock by DURATION, firing every timer on the way')
    .argument('<duration>', 'e.g. 30s, 5m, 1h')
    .action(async (d: string) => {
      const ms = durationArg(d)
      const reply = await withCluster(globals(), (engine) => engine.submit({ type: 'advance', byMs: ms, actor: cliActor() }))
      if (reply.type === 'clock') console.log(`virtual time ${formatDurationMs(reply.nowMs)}`)
    })

  program
    .command('settle')
    .description('Advance the virtual clock until nothing would change any more (or --max passes)')
    .option('--max <duration>', 'give up after this much virtual time', '1h')
    .action(async (o: { max: string }) => {
      const ms = durationArg(o.max)
      const reply = await withCluster(globals(), (engine) => engine.submit({ type: 'settle', maxMs: ms, actor: cliActor() }))
      if (reply.type === 'clock')
        console.log(`${reply.quiescent ? 'settled' : `not settled after ${o.max}`} at virtual time ${formatDurationMs(reply.nowMs)}`)
    })
}
