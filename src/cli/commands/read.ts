import type { Command as Cmd } from 'commander'
import { stringify } from 'yaml'
import { parseDurationMs } from '../../kernel/duration.js'
import type { KObject } from '../../model/meta.js'
import { RESOURCE_TYPES, resolveResource, type ResourceType } from '../../model/resources.js'
import { matches, parseSelector } from '../../model/selector.js'
import type { EventLog } from '../../ports/eventLog.js'
import { seqAtTime } from '../../history/stateAt.js'
import { getObject, listObjects, type ClusterState } from '../../state/clusterState.js'
import { describeObject } from '../printers/describe.js'
import { printGet } from '../printers/table.js'
import { CliError, type GlobalOptions, loadState, withLog } from '../open.js'

/** `--at 42` is a seq; `--at 5m` (any duration) is a virtual time. */
export const resolveAt = async (log: EventLog, at: string | undefined): Promise<number> => {
  if (at === undefined) return log.head()
  if (/^\d+$/.test(at)) return Number(at)
  const ms = parseDurationMs(at)
  if (ms === undefined) throw new CliError(`error: --at takes a seq (42) or a virtual time (5m30s), got "${at}"`)
  return seqAtTime(log, ms)
}

const typesOf = (arg: string): ResourceType[] => {
  const out: ResourceType[] = []
  for (const part of arg.split(',')) {
    if (part === 'all') {
      out.push(...RESOURCE_TYPES.filter((t) => t.categories.includes('all')))
      continue
    }
    const rt = resolveResource(part)
    if (!rt) throw new CliError(`error: the server doesn't have a resource type "${part}"`)
    out.push(rt)
  }
  return out
}

interface GetOptions {
  namespace: string
  allNamespaces?: boolean
  selector?: string
  output?: string
  at?: string
}

const selectObjects = (state: ClusterState, args: string[], o: GetOptions): { objects: KObject[]; types: ResourceType[] } => {
  const sel = parseSelector(o.selector ?? '')
  if (typeof sel === 'string') throw new CliError(`error: ${sel}`)
  if (args.length === 0) throw new CliError('error: you must specify the type of resource to get')
  const slashed = args[0]!.includes('/')
  const types = slashed ? args.map((a) => typesOf(a.split('/')[0]!)[0]!) : typesOf(args[0]!)
  const names = slashed ? args.map((a) => a.split('/')[1]!) : args.slice(1)
  const objects: KObject[] = []
  types.forEach((rt, i) => {
    const ns = rt.namespaced && !o.allNamespaces ? o.namespace : undefined
    const wanted = slashed ? [names[i]!] : names
    if (wanted.length > 0) {
      for (const n of wanted) {
        const obj = getObject(state, rt.kind, rt.namespaced ? o.namespace : undefined, n)
        if (!obj) throw new CliError(`Error from server (NotFound): ${rt.plural}${rt.group ? `.${rt.group}` : ''} "${n}" not found`)
        objects.push(obj)
      }
    } else objects.push(...listObjects(state, rt.kind, ns).filter((x) => matches(sel, x.metadata.labels)))
  })
  return { objects, types }
}

const render = (objects: KObject[], types: ResourceType[], o: GetOptions, nowMs: number, single: boolean): string => {
  switch (o.output) {
    case 'json':
      return JSON.stringify(single && objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects, metadata: { resourceVersion: '' } }, null, 4)
    case 'yaml':
      return stringify(single && objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects, metadata: { resourceVersion: '' } }).trimEnd()
    case 'name':
      return objects.map((x) => { const rt = resolveResource(x.kind)!; return `${rt.singular}${rt.group ? `.${rt.group}` : ''}/${x.metadata.name ?? ''}` }).join('\n')
    case undefined:
    case 'wide':
      return printGet(objects, { nowMs, wide: o.output === 'wide', allNamespaces: o.allNamespaces === true, showKind: types.length > 1 })
    default:
      throw new CliError(`error: unable to match a printer suitable for the output format "${o.output}", allowed formats are: json,name,wide,yaml`)
  }
}

export const registerReadVerbs = (program: Cmd, globals: () => GlobalOptions): void => {
  program
    .command('get')
    .description('Display resources, as kubectl get (also at any past seq or virtual time with --at)')
    .argument('<args...>', 'TYPE[,TYPE…] [NAME…] or TYPE/NAME…')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-l, --selector <selector>', 'label selector (=, ==, !=, in, notin, exists)')
    .option('-o, --output <format>', 'wide | yaml | json | name')
    .option('--at <seq|time>', 'show the cluster as of a seq (42) or a virtual time (5m)')
    .action(async (args: string[], o: GetOptions) => {
      const text = await withLog(globals(), async (log) => {
        const state = await loadState(log, await resolveAt(log, o.at))
        const { objects, types } = selectObjects(state, args, o)
        if (objects.length === 0 && (o.output === undefined || o.output === 'wide')) {
          const where = o.allNamespaces || types.every((t) => !t.namespaced) ? '' : ` in ${o.namespace} namespace`
          throw new CliError(`No resources found${where}.`, 0)
        }
        return render(objects, types, o, state.atMs, args.length > 1 || args[0]!.includes('/'))
      })
      console.log(text)
    })

  program
    .command('describe')
    .description('Show details of a resource, with its events')
    .argument('<args...>', 'TYPE NAME or TYPE/NAME')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .option('--at <seq|time>', 'as of a seq or virtual time')
    .action(async (args: string[], o: GetOptions) => {
      const text = await withLog(globals(), async (log) => {
        const state = await loadState(log, await resolveAt(log, o.at))
        const { objects } = selectObjects(state, args, o)
        return objects.map((x) => describeObject(x, state, state.atMs)).join('\n\n')
      })
      console.log(text)
    })
}
