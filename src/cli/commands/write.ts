import type { Command as Cmd } from 'commander'
import type { Command } from '../../api/commands.js'
import { applyCommand, createCommand, deleteOptions, labelCommand, scaleCommand } from '../../client/kubectl.js'
import type { KObject } from '../../model/meta.js'
import { resolveResource } from '../../model/resources.js'
import { matches, parseSelector } from '../../model/selector.js'
import type { Engine } from '../../runtime/engine.js'
import { step } from '../../sim/step.js'
import { listObjects } from '../../state/clusterState.js'
import { readManifestArgs } from '../inputs.js'
import { CliError, cliActor, type GlobalOptions, withCluster } from '../open.js'
import { renderStatus } from '../status.js'

interface Planned {
  readonly command: Command
  readonly describe: (o: KObject | undefined) => string
  readonly source?: string
}

/**
 * Checks every command on a scratch copy of the world (the step is pure), then submits them for real
 * only if all were accepted: bad input writes nothing.
 */
export const submitAll = async (engine: Engine, planned: readonly Planned[], clientCommand: string): Promise<string[]> => {
  let scratch = engine.world()
  for (const p of planned) {
    const out = step(scratch, { type: 'request', command: p.command, actor: cliActor() })
    if (out.reply.type === 'decision' && !out.reply.decision.ok) throw new CliError(renderStatus(out.reply.decision.status, p.source))
    scratch = out.world
  }
  const lines: string[] = []
  for (const p of planned) {
    const reply = await engine.submit({ type: 'request', command: p.command, actor: cliActor(), clientCommand })
    if (reply.type === 'decision') {
      if (!reply.decision.ok) throw new CliError(renderStatus(reply.decision.status, p.source))
      lines.push(p.describe(reply.decision.object))
    }
  }
  return lines
}

const kindName = (o: KObject | undefined): string => {
  if (!o) return ''
  const rt = resolveResource(o.kind)
  return `${rt ? `${rt.singular}${rt.group ? `.${rt.group}` : ''}` : o.kind.toLowerCase()}/${o.metadata.name ?? ''}`
}

const commandLine = (argv: readonly string[]): string => `reel ${argv.join(' ')}`

/** Resolves `TYPE NAME…` or `TYPE/NAME…` arguments. */
export const parseRefs = (args: readonly string[]): { kind: string; name: string }[] => {
  const out: { kind: string; name: string }[] = []
  if (args.length === 0) throw new CliError('error: you must specify the type of resource')
  if (args[0]!.includes('/')) {
    for (const a of args) {
      const [type, name] = a.split('/', 2) as [string, string]
      const rt = resolveResource(type)
      if (!rt) throw new CliError(`error: the server doesn't have a resource type "${type}"`)
      out.push({ kind: rt.kind, name })
    }
    return out
  }
  const rt = resolveResource(args[0]!)
  if (!rt) throw new CliError(`error: the server doesn't have a resource type "${args[0]}"`)
  for (const name of args.slice(1)) out.push({ kind: rt.kind, name })
  return out
}

export const registerWriteVerbs = (program: Cmd, globals: () => GlobalOptions, argv: () => readonly string[]): void => {
  program
    .command('apply')
    .description('Apply a configuration to a resource by file name or stdin (client-side apply, as kubectl)')
    .requiredOption('-f, --filename <path...>', 'files, directories or - for stdin')
    .option('-n, --namespace <ns>', 'namespace for objects that name none')
    .action(async (o: { filename: string[]; namespace?: string }) => {
      const objects = await readManifestArgs(o.filename)
      const lines = await withCluster(globals(), (engine) => {
        const planned = objects.map((x) => ({
          command: applyCommand(engine.world().state, x.object, o.namespace),
          source: x.file,
          describe: (obj: KObject | undefined) => `${kindName(obj)} configured`,
        }))
        return submitAllApply(engine, planned, commandLine(argv()))
      })
      for (const l of lines) console.log(l)
    })

  program
    .command('create')
    .description('Create resources from files or stdin')
    .requiredOption('-f, --filename <path...>', 'files, directories or - for stdin')
    .option('-n, --namespace <ns>', 'namespace for objects that name none')
    .action(async (o: { filename: string[]; namespace?: string }) => {
      const objects = await readManifestArgs(o.filename)
      const lines = await withCluster(globals(), (engine) =>
        submitAll(engine, objects.map((x) => ({ command: createCommand(x.object, o.namespace), source: x.file, describe: (obj) => `${kindName(obj)} created` })), commandLine(argv())),
      )
      for (const l of lines) console.log(l)
    })

  program
    .command('delete')
    .description('Delete resources by type and name, or by label selector')
    .argument('<args...>', 'TYPE NAME... or TYPE/NAME...')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .option('-l, --selector <selector>', 'delete every object of the type matching the selector')
    .option('--grace-period <seconds>', 'seconds given to the object to terminate gracefully', (v) => Number(v))
    .option('--force', 'remove immediately (with --grace-period=0)')
    .option('--cascade <policy>', 'background, foreground or orphan', 'background')
    .action(async (args: string[], o: { namespace: string; selector?: string; gracePeriod?: number; force?: boolean; cascade: string }) => {
      const lines = await withCluster(globals(), (engine) => {
        let refs: { kind: string; name: string }[]
        if (o.selector !== undefined) {
          const rt = resolveResource(args[0]!)
          const sel = parseSelector(o.selector)
          if (!rt) throw new CliError(`error: the server doesn't have a resource type "${args[0]}"`)
          if (typeof sel === 'string') throw new CliError(`error: ${sel}`)
          refs = listObjects(engine.world().state, rt.kind, rt.namespaced ? o.namespace : undefined)
            .filter((x) => matches(sel, x.metadata.labels))
            .map((x) => ({ kind: x.kind, name: x.metadata.name ?? '' }))
        } else refs = parseRefs(args)
        const options = deleteOptions({ cascade: o.cascade, ...(o.gracePeriod !== undefined ? { gracePeriod: o.gracePeriod } : {}), ...(o.force ? { force: true } : {}) })
        return submitAll(engine, refs.map((r) => ({
          command: { verb: 'delete' as const, ref: { ...r, namespace: o.namespace }, options },
          describe: () => `${resolveResource(r.kind)!.singular}${resolveResource(r.kind)!.group ? `.${resolveResource(r.kind)!.group}` : ''} "${r.name}" deleted`,
        })), commandLine(argv()))
      })
      if (o.force && o.gracePeriod === 0) console.error('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.')
      for (const l of lines) console.log(l)
    })

  program
    .command('scale')
    .description('Set a new size for a Deployment, ReplicaSet, ReplicationController or StatefulSet')
    .argument('<args...>', 'TYPE NAME or TYPE/NAME')
    .requiredOption('--replicas <n>', 'the new desired number of replicas', (v) => Number(v))
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .action(async (args: string[], o: { replicas: number; namespace: string }) => {
      if (!Number.isInteger(o.replicas) || o.replicas < 0) throw new CliError('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0')
      const refs = parseRefs(args)
      const lines = await withCluster(globals(), (engine) =>
        submitAll(engine, refs.map((r) => ({ command: scaleCommand({ ...r, namespace: o.namespace }, o.replicas), describe: (obj) => `${kindName(obj)} scaled` })), commandLine(argv())),
      )
      for (const l of lines) console.log(l)
    })

  program
    .command('label')
    .description('Update the labels on a resource: key=value sets, key- removes')
    .argument('<args...>', 'TYPE NAME KEY=VAL... (or TYPE/NAME KEY=VAL...)')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .option('--overwrite', 'allow changing an existing label')
    .action(async (args: string[], o: { namespace: string; overwrite?: boolean }) => {
      const isLabel = (a: string) => a.includes('=') || a.endsWith('-')
      const refs = parseRefs(args.filter((a) => !isLabel(a)))
      const labels: Record<string, string | null> = {}
      for (const a of args.filter(isLabel)) {
        if (a.endsWith('-') && !a.includes('=')) labels[a.slice(0, -1)] = null
        else labels[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1)
      }
      const lines = await withCluster(globals(), (engine) => {
        for (const r of refs) {
          const live = engine.world().state.objects.get(`${r.kind}/${resolveResource(r.kind)!.namespaced ? o.namespace : ''}/${r.name}`)
          for (const [k, v] of Object.entries(labels))
            if (!o.overwrite && v !== null && live?.metadata.labels?.[k] !== undefined && live.metadata.labels[k] !== v)
              throw new CliError(`error: '${k}' already has a value (${live.metadata.labels[k]}), and --overwrite is false`)
        }
        return submitAll(engine, refs.map((r) => ({ command: labelCommand({ ...r, namespace: o.namespace }, labels), describe: (obj) => `${kindName(obj)} labeled` })), commandLine(argv()))
      })
      for (const l of lines) console.log(l)
    })
}

/** apply prints `created` or `configured` (or `unchanged`) per object, as kubectl does. */
const submitAllApply = async (engine: Engine, planned: readonly Planned[], clientCommand: string): Promise<string[]> => {
  const before = engine.world().state
  const lines = await submitAll(engine, planned, clientCommand)
  return lines.map((l, i) => {
    const p = planned[i]!
    if (p.command.verb === 'create') return l.replace(/ (created|configured)$/, ' created')
    const ref = p.command.verb === 'patch' ? p.command.ref : undefined
    const key = ref ? `${ref.kind}/${ref.namespace ?? ''}/${ref.name}` : ''
    const after = engine.world().state.objects.get(key)
    const same = after !== undefined && after === before.objects.get(key)
    return l.replace(/ (created|configured)$/, same ? ' unchanged' : ' configured')
  })
}

