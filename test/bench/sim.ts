// Simulation benchmark: a `kubectl create`-equivalent request of one Deployment of N replicas on N/10 nodes,
// settled until every pod is Running and Ready, then a rolling update to a new image settled until complete.
// Each phase goes through the engine (step + persist to a LevelDB log, snapshots included), as `reel serve`
// does; a timing wrapper on the log separates persistence from the pure step.
// Run standalone (the bench runner spawns it): `node --expose-gc --import tsx test/bench/sim.ts 10000 [nodes]`.
import { defaultNodeShapes } from '../../src/model/cluster.js'
import type { KObject } from '../../src/model/meta.js'
import type { EventLog } from '../../src/ports/eventLog.js'
import { type Engine, openEngine } from '../../src/runtime/engine.js'
import { CONTROLLERS } from '../../src/sim/controllers.js'
import { listObjects, getObject } from '../../src/state/clusterState.js'
import type { ClusterState } from '../../src/state/clusterState.js'
import { isMain, peakRssBytes } from './child.js'
import { openLog, withTempDir } from './tmp.js'

export interface PhaseResult {
  /** Engine wall time: submit of the request until the settle's events are on disk. */
  readonly wallMs: number
  /** CPU time of this process over the phase (user + system): what a loaded machine does not inflate. */
  readonly cpuMs: number
  /** The part of `wallMs` spent in the log (appends and snapshot writes). */
  readonly persistMs: number
  readonly events: number
  /** VmHWM after the phase (the process's peak so far). */
  readonly peakRssBytes: number
  /** Whether the settle ran out of timers within an hour of virtual time. */
  readonly quiescent: boolean
}

export interface SimResult {
  readonly replicas: number
  readonly nodes: number
  readonly create: PhaseResult
  readonly rollout: PhaseResult
  /**
   * Waiting, after the rollout's reply, for the snapshot its step started (the engine writes snapshots
   * after a step is acknowledged; the create's snapshot is paid inside the rollout phase).
   */
  readonly flushMs: number
}

export const IMAGE_V1 = 'registry.example.com/team/web:1.27.3'
export const IMAGE_V2 = 'registry.example.com/team/web:1.28.0'

/** The body `kubectl create deployment web --image=… --replicas=N` sends, plus requests like a real app. */
export const deployment = (replicas: number): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: IMAGE_V1,
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          },
        ],
      },
    },
  },
})

const ACTOR = 'user:bench'

/** Wraps a log so the time spent in appends and snapshot writes can be read apart from the step's. */
export const timedLog = (log: EventLog): { log: EventLog; spentMs: () => number } => {
  let spent = 0
  const timed =
    <A extends unknown[], R>(f: (...a: A) => () => Promise<R>) =>
    (...a: A) =>
    async () => {
      const t0 = performance.now()
      try {
        return await f(...a)()
      } finally {
        spent += performance.now() - t0
      }
    }
  return { log: { ...log, append: timed(log.append), putSnapshot: timed(log.putSnapshot) }, spentMs: () => spent }
}

const isReady = (p: KObject): boolean => {
  const st = p.status as { phase?: string; conditions?: { type: string; status: string }[] } | undefined
  return st?.phase === 'Running' && st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true
}

const podImage = (p: KObject): string | undefined =>
  (p.spec as { containers?: { image?: string }[] } | undefined)?.containers?.[0]?.image

const templateImage = (rs: KObject): string | undefined =>
  (rs.spec as { template?: { spec?: { containers?: { image?: string }[] } } } | undefined)?.template?.spec?.containers?.[0]?.image

/** Every pod of the Deployment Running and Ready on `image`, and no other pod left. */
export const allReady = (s: ClusterState, replicas: number, image: string): string | undefined => {
  const pods = listObjects(s, 'Pod', 'default')
  if (pods.length !== replicas) return `${pods.length} pods, expected ${replicas}`
  const bad = pods.filter((p) => !isReady(p) || podImage(p) !== image).length
  return bad === 0 ? undefined : `${bad} of ${replicas} pods not Running and Ready on ${image}`
}

/** The rollout is complete: status counts at `replicas`, every old ReplicaSet at 0. */
export const rolloutComplete = (s: ClusterState, replicas: number): string | undefined => {
  const d = getObject(s, 'Deployment', 'default', 'web')
  const st = (d?.status ?? {}) as { updatedReplicas?: number; availableReplicas?: number; replicas?: number }
  if (st.updatedReplicas !== replicas || st.availableReplicas !== replicas || st.replicas !== replicas)
    return `deployment status ${JSON.stringify(st)}`
  const sets = listObjects(s, 'ReplicaSet', 'default')
  const old = sets.filter((rs) => templateImage(rs) !== IMAGE_V2)
  const busy = old.filter((rs) => (rs.spec as { replicas?: number }).replicas !== 0 || ((rs.status as { replicas?: number } | undefined)?.replicas ?? 0) !== 0)
  return sets.length === 2 && busy.length === 0 ? undefined : `${sets.length} ReplicaSets, ${busy.length} old ones not at 0`
}

const phase = async (engine: Engine, spentMs: () => number, request: Parameters<Engine['submit']>[0]): Promise<PhaseResult> => {
  const head0 = engine.log.head()
  const p0 = spentMs()
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const reply = await engine.submit(request)
  if (reply.type === 'decision' && !reply.decision.ok) throw new Error(`request refused: ${reply.decision.status.message}`)
  const settled = await engine.submit({ type: 'settle', maxMs: 3_600_000, actor: ACTOR })
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(c0)
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    persistMs: spentMs() - p0,
    events: engine.log.head() - head0,
    peakRssBytes: peakRssBytes(),
    quiescent: settled.type === 'clock' && settled.quiescent,
  }
}

export const runSim = (replicas: number, nodes = Math.max(1, Math.ceil(replicas / 10))): Promise<SimResult> =>
  withTempDir('sim', async (dir) => {
    const raw = await openLog(dir, true)
    const { log, spentMs } = timedLog(raw)
    try {
      const engine = await openEngine(log, { controllers: CONTROLLERS, seed: 1, cluster: { nodes: defaultNodeShapes(nodes) }, actor: ACTOR })
      const create = await phase(engine, spentMs, { type: 'request', command: { verb: 'create', object: deployment(replicas) }, actor: ACTOR, clientCommand: 'kubectl create' })
      const notReady = allReady(engine.world().state, replicas, IMAGE_V1)
      if (notReady) throw new Error(`after create: ${notReady}`)
      const patch = { spec: { template: { spec: { containers: [{ name: 'web', image: IMAGE_V2, ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } }] } } } }
      const rollout = await phase(engine, spentMs, { type: 'request', command: { verb: 'patch', ref: { kind: 'Deployment', namespace: 'default', name: 'web' }, patch }, actor: ACTOR, clientCommand: 'kubectl set image' })
      const incomplete = rolloutComplete(engine.world().state, replicas) ?? allReady(engine.world().state, replicas, IMAGE_V2)
      if (incomplete) throw new Error(`after rollout: ${incomplete}`)
      const t0 = performance.now()
      await engine.flush()
      return { replicas, nodes, create, rollout, flushMs: performance.now() - t0 }
    } finally {
      await raw.close()
    }
  })

if (isMain(import.meta.url)) {
  const replicas = Number(process.argv[2] ?? '1000')
  const nodes = process.argv[3] === undefined ? undefined : Number(process.argv[3])
  runSim(replicas, nodes).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
      process.exit(1)
    },
  )
}
