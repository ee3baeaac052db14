// Simulation benchmark: one ReplicaSet of N replicas created through the pure `step` with CONTROLLERS,
// run until quiescent, then the step's events persisted as the engine does (one LevelDB batch).
// Run standalone (the bench runner spawns it): `node --expose-gc --import tsx test/bench/sim.ts 10000`.
import * as E from 'fp-ts/lib/Either.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LEVEL_FORMAT_VERSION, openLevelEventLog } from '../../src/adapters/levelEventLog.js'
import { defaultNodeShapes } from '../../src/model/cluster.js'
import type { KObject } from '../../src/model/meta.js'
import { emptyWorld, step } from '../../src/sim/step.js'
import { CONTROLLERS } from '../../src/sim/controllers.js'
import type { Event } from '../../src/log/events.js'
import { isMain, peakRssBytes } from './child.js'

export interface SimResult {
  readonly replicas: number
  readonly pods: number
  readonly events: number
  /** `step` (request + settle) wall time. */
  readonly stepMs: number
  /** Appending the step's events to a LevelDB log in one batch, as the engine's persist does. */
  readonly persistMs: number
  readonly peakRssBytes: number
  /** Whether `settle` ran out of timers within an hour of virtual time. */
  readonly quiescent: boolean
}

export const replicaSet = (replicas: number): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web', tier: 'frontend' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'registry.example.com/team/web:1.27.3',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          },
        ],
      },
    },
  },
})

const ACTOR = 'user:bench'

export const runSim = async (replicas: number): Promise<SimResult> => {
  let world = emptyWorld(CONTROLLERS)
  const started = step(world, { type: 'start', seed: 1, cluster: { nodes: defaultNodeShapes(10) }, actor: ACTOR })
  world = started.world
  const appended: Event[] = []
  const t0 = performance.now()
  const created = step(world, { type: 'request', command: { verb: 'create', object: replicaSet(replicas) }, actor: ACTOR })
  if (created.reply.type === 'decision' && !created.reply.decision.ok) throw new Error(`ReplicaSet refused: ${created.reply.decision.status.message}`)
  appended.push(...created.appended)
  const settled = step(created.world, { type: 'settle', maxMs: 3_600_000, actor: ACTOR })
  appended.push(...settled.appended)
  const stepMs = performance.now() - t0
  const pods = settled.world.state.byKindNs.get('Pod/default')?.size ?? 0

  const dir = await mkdtemp(join(tmpdir(), 'reel-bench-sim-'))
  let persistMs = 0
  try {
    const opened = await openLevelEventLog(dir)()
    if (E.isLeft(opened)) throw new Error(opened.left._tag)
    const log = opened.right
    await log.initialize({ formatVersion: LEVEL_FORMAT_VERSION, seed: 1, createdWith: 'reel-bench' })()
    const first = await log.append(started.appended, 0)()
    if (E.isLeft(first)) throw new Error(first.left._tag)
    const t1 = performance.now()
    if (appended.length > 0) {
      const r = await log.append(appended, appended[0]!.seq - 1)()
      if (E.isLeft(r)) throw new Error(r.left._tag)
    }
    persistMs = performance.now() - t1
    await log.close()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return { replicas, pods, events: appended.length, stepMs, persistMs, peakRssBytes: peakRssBytes(), quiescent: settled.reply.type === 'clock' && settled.reply.quiescent }
}

if (isMain(import.meta.url)) {
  const replicas = Number(process.argv[2] ?? '1000')
  runSim(replicas).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
      process.exit(1)
    },
  )
}
