import type { Command as Cmd } from 'commander'
import { toTimestamp } from '../../kernel/brand.js'
import { parseDurationMs } from '../../kernel/duration.js'
import type { Command } from '../../api/commands.js'
import {
  pauseCommand,
  replicaSetOfRevision,
  restartCommand,
  rolloutHistory,
  rolloutStatus,
  rolloutUndo,
  runObject,
  setImageCommand,
} from '../../client/rollout.js'
import type { Deployment } from '../../model/workloads.js'
import type { Engine } from '../../runtime/engine.js'
import { getObject } from '../../state/clusterState.js'
import { writePodTemplate } from '../printers/describeContainers.js'
import { DescribeWriter } from '../printers/describeWriter.js'
import { CliError, cliActor, type GlobalOptions, withCluster } from '../open.js'
import { renderStatus } from '../status.js'
import { parseRefs } from './write.js'

const deploymentArg = (engine: Engine, args: string[], namespace: string): Deployment => {
  const [ref] = parseRefs(args)
  if (!ref || ref.kind !== 'Deployment') throw new CliError('error: only deployments are supported here (deployment/NAME)')
  const d = getObject<Deployment>(engine.world().state, 'Deployment', namespace, ref.name)
  if (!d) throw new CliError(`Error from server (NotFound): deployments.apps "${ref.name}" not found`)
  return d
}

const send = async (engine: Engine, command: Command, clientCommand: string): Promise<void> => {
  const reply = await engine.submit({ type: 'request', command, actor: cliActor(), clientCommand })
  if (reply.type === 'decision' && !reply.decision.ok) throw new CliError(renderStatus(reply.decision.status))
}

const line = (argv: readonly string[]): string => `reel ${argv.join(' ')}`

/** `rollout status`: print on every change of the Deployment while virtual time moves to each due timer. */
const watchRollout = async (engine: Engine, name: string, namespace: string, watch: boolean, timeoutMs: number | undefined): Promise<void> => {
  const startMs = engine.world().nowMs
  let lastRv: string | undefined
  for (;;) {
    const d = getObject<Deployment>(engine.world().state, 'Deployment', namespace, name)
    if (!d) throw new CliError('error: object has been deleted')
    if (d.metadata.resourceVersion !== lastRv) {
      lastRv = d.metadata.resourceVersion
      const st = rolloutStatus(d)
      if (st.error) throw new CliError(`error: ${st.message}`)
      console.log(st.message)
      if (st.done || !watch) return
    }
    const next = engine.world().timers[0]
    if (!next || (timeoutMs !== undefined && next.atMs > startMs + timeoutMs)) throw new CliError('error: timed out waiting for the condition')
    await engine.submit({ type: 'advanceTo', atMs: next.atMs })
  }
}

export const registerRolloutVerbs = (program: Cmd, globals: () => GlobalOptions, argv: () => readonly string[]): void => {
  program
    .command('run')
    .description('Create a Deployment running one image, labelled run=NAME (a bare Pod with --restart=Never)')
    .argument('<name>')
    .requiredOption('--image <image>', 'the container image')
    .option('--replicas <n>', 'number of replicas', (v) => Number(v))
    .option('--restart <policy>', 'Always (a Deployment), OnFailure or Never (a Pod)', 'Always')
    .option('--port <port>', 'the container port to expose', (v) => Number(v))
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .action(async (name: string, o: { image: string; replicas?: number; restart: string; port?: number; namespace: string }) => {
      const object = runObject(name, o.image, o)
      await withCluster(globals(), (engine) => send(engine, { verb: 'create', object }, line(argv())))
      console.log(`${object.kind === 'Pod' ? 'pod' : 'deployment.apps'}/${name} created`)
    })

  const set = program.command('set').description('Set specific features on objects')
  set
    .command('image')
    .description('Update the image of containers in a Deployment (or ReplicaSet, RC) template: CONTAINER=IMAGE')
    .argument('<args...>', 'TYPE/NAME CONTAINER=IMAGE... or TYPE NAME CONTAINER=IMAGE...')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .option('--record', 'record the command in the kubernetes.io/change-cause annotation')
    .action(async (args: string[], o: { namespace: string; record?: boolean }) => {
      const pairs = Object.fromEntries(args.filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]))
      const refs = parseRefs(args.filter((a) => !a.includes('=')))
      await withCluster(globals(), async (engine) => {
        for (const r of refs) {
          const obj = getObject(engine.world().state, r.kind, o.namespace, r.name)
          if (!obj) throw new CliError(`Error from server (NotFound): ${r.kind.toLowerCase()}s "${r.name}" not found`)
          const c = setImageCommand(obj, pairs, o.record ? line(argv()) : undefined)
          if (typeof c === 'string') throw new CliError(c)
          await send(engine, c, line(argv()))
          console.log(`${r.kind === 'Deployment' ? 'deployment.apps' : r.kind.toLowerCase()}/${r.name} image updated`)
        }
      })
    })

  const rollout = program.command('rollout').description('Manage the rollout of a Deployment')
  rollout
    .command('status')
    .description("Watch a rollout until it completes, printing kubectl's messages; virtual time moves to each due timer")
    .argument('<args...>', 'deployment/NAME or deployment NAME')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .option('-w, --watch <bool>', 'keep watching until the rollout ends', 'true')
    .option('--timeout <duration>', 'give up after this much virtual time (default: never)')
    .action(async (args: string[], o: { namespace: string; watch: string; timeout?: string }) => {
      const timeoutMs = o.timeout === undefined || o.timeout === '0' ? undefined : parseDurationMs(o.timeout)
      await withCluster(globals(), async (engine) => {
        const d = deploymentArg(engine, args, o.namespace)
        await watchRollout(engine, d.metadata.name ?? '', o.namespace, o.watch !== 'false', timeoutMs)
      })
    })
  rollout
    .command('history')
    .description('List the revisions of a Deployment, or show one with --revision')
    .argument('<args...>', 'deployment/NAME')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .option('--revision <n>', 'show the pod template of this revision', (v) => Number(v))
    .action(async (args: string[], o: { namespace: string; revision?: number }) => {
      await withCluster(globals(), async (engine) => {
        const d = deploymentArg(engine, args, o.namespace)
        const s = engine.world().state
        if (o.revision === undefined || o.revision === 0) {
          process.stdout.write(`${rolloutHistory(s, d)}\n`)
          return
        }
        const rs = replicaSetOfRevision(s, d, o.revision)
        if (!rs) throw new CliError('error: unable to find the specified revision')
        const w = new DescribeWriter()
        writePodTemplate(w, rs.spec.template)
        process.stdout.write(`deployment.apps/${d.metadata.name ?? ''} with revision #${o.revision}\n${w.render()}\n`)
      })
    })
  rollout
    .command('undo')
    .description('Roll back to the previous revision, or to --to-revision')
    .argument('<args...>', 'deployment/NAME')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .option('--to-revision <n>', 'the revision to roll back to (0: the previous one)', (v) => Number(v), 0)
    .action(async (args: string[], o: { namespace: string; toRevision: number }) => {
      await withCluster(globals(), async (engine) => {
        const d = deploymentArg(engine, args, o.namespace)
        const r = rolloutUndo(engine.world().state, d, o.toRevision)
        if ('error' in r) throw new CliError(`error: ${r.error}`)
        if ('skipped' in r) return console.log(r.skipped)
        if (d.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] !== undefined)
          console.error(`Warning: resource deployments/${d.metadata.name ?? ''} was previously managed with 'kubectl apply'. Rolling back will not update the kubectl.kubernetes.io/last-applied-configuration annotation, which may cause unexpected behavior on future 'kubectl apply' operations. Consider using 'kubectl apply' with your previous configuration file instead.`)
        await send(engine, r.command, line(argv()))
        console.log(`deployment.apps/${d.metadata.name ?? ''} rolled back`)
      })
    })
  for (const [verb, paused] of [['pause', true], ['resume', false]] as const)
    rollout
      .command(verb)
      .description(paused ? 'Pause a Deployment: it keeps scaling but rolls out nothing' : 'Resume a paused Deployment')
      .argument('<args...>', 'deployment/NAME')
      .option('-n, --namespace <ns>', 'namespace', 'default')
      .action(async (args: string[], o: { namespace: string }) => {
        await withCluster(globals(), async (engine) => {
          const d = deploymentArg(engine, args, o.namespace)
          const c = pauseCommand(d, paused)
          if (typeof c === 'string') throw new CliError(`error: ${c}`)
          await send(engine, c, line(argv()))
          console.log(`deployment.apps/${d.metadata.name ?? ''} ${paused ? 'paused' : 'resumed'}`)
        })
      })
  rollout
    .command('restart')
    .description('Restart the pods of a Deployment by stamping its template with the (virtual) time')
    .argument('<args...>', 'deployment/NAME')
    .option('-n, --namespace <ns>', 'namespace', 'default')
    .action(async (args: string[], o: { namespace: string }) => {
      await withCluster(globals(), async (engine) => {
        const d = deploymentArg(engine, args, o.namespace)
        const c = restartCommand(d, toTimestamp(engine.world().nowMs))
        if (typeof c === 'string') throw new CliError(`error: ${c}`)
        await send(engine, c, line(argv()))
        console.log(`deployment.apps/${d.metadata.name ?? ''} restarted`)
      })
    })
}
