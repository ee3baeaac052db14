import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import type { Command } from '../../src/api/commands.js'
import type { Controller } from '../../src/controllers/controller.js'
import type { ClusterShape, Event } from '../../src/log/events.js'
import type { KObject } from '../../src/model/meta.js'
import { memoryEventLog } from '../../src/adapters/memoryEventLog.js'
import type { EventLog } from '../../src/ports/eventLog.js'
import { openEngine, type Engine } from '../../src/runtime/engine.js'
import { CONTROLLERS } from '../../src/sim/controllers.js'
import { emptyWorld, step } from '../../src/sim/step.js'
import type { Input, World } from '../../src/sim/world.js'
import { listObjects } from '../../src/state/clusterState.js'

// ---- the universe: a handful of names and labels, so that histories collide on purpose

export type SetKind = 'ReplicaSet' | 'ReplicationController'
export const SET_KINDS: readonly SetKind[] = ['ReplicaSet', 'ReplicationController']
export const SET_NAMES = ['web', 'api', 'db'] as const
/** Values of the `app` label; `other` is selected by no set. */
export const APPS = ['web', 'api'] as const
export const TIERS = ['fe', 'be'] as const

export const ACTOR = 'user:test'
export const NAMESPACE = 'default'
export const CLUSTER: ClusterShape = { nodes: [{ name: 'node-1' }, { name: 'node-2' }] }
/** How long a `settle` action may run the clock. */
export const SETTLE_MAX_MS = 600_000

/**
 * How a set selects: `app` alone, `app` and `tier`, or (ReplicaSet only) `app In (app, alt)` — the
 * last overlaps another set's pods, so adoption races between sets are exercised too.
 */
export type SelectorShape = { readonly by: 'app' } | { readonly by: 'appTier' } | { readonly by: 'appIn'; readonly alt: string }

// ---- actions: what a user does, before the state it meets is known

export type Action =
  | {
      readonly type: 'createSet'
      readonly kind: SetKind
      readonly name: string
      readonly replicas: number
      readonly app: string
      readonly tier: string
      readonly selector: SelectorShape
    }
  | { readonly type: 'scaleSet'; readonly kind: SetKind; readonly name: string; readonly replicas: number }
  | {
      readonly type: 'deleteSet'
      readonly kind: SetKind
      readonly name: string
      readonly propagation: 'Background' | 'Foreground' | 'Orphan' | undefined
    }
  /** Deletes the pod at `index` (modulo the number of pods) in name order; a missing pod when none exist. */
  | { readonly type: 'deletePod'; readonly index: number }
  /** Merge-patches the labels of the pod at `index`: `null` removes a label. */
  | {
      readonly type: 'relabelPod'
      readonly index: number
      readonly labels: Readonly<Record<string, string | null>>
    }
  | { readonly type: 'advance'; readonly byMs: number }
  | { readonly type: 'settle' }

const setKind = fc.constantFrom(...SET_KINDS)
const setName = fc.constantFrom(...SET_NAMES)
const replicas = fc.integer({ min: 0, max: 6 })
const app = fc.constantFrom(...APPS)
const tier = fc.constantFrom(...TIERS)

const selectorShape = (kind: SetKind): fc.Arbitrary<SelectorShape> =>
  kind === 'ReplicaSet'
    ? fc.oneof(
        fc.constant<SelectorShape>({ by: 'app' }),
        fc.constant<SelectorShape>({ by: 'appTier' }),
        app.map((alt): SelectorShape => ({ by: 'appIn', alt })),
      )
    : fc.oneof(fc.constant<SelectorShape>({ by: 'app' }), fc.constant<SelectorShape>({ by: 'appTier' }))

export const createSetAction: fc.Arbitrary<Action> = setKind.chain((kind) =>
  fc.record({ name: setName, replicas, app, tier, selector: selectorShape(kind) }).map((r): Action => ({ type: 'createSet', kind, ...r })),
)

const scaleSetAction: fc.Arbitrary<Action> = fc
  .record({ kind: setKind, name: setName, replicas })
  .map((r): Action => ({ type: 'scaleSet', ...r }))

const deleteSetAction: fc.Arbitrary<Action> = fc
  .record({
    kind: setKind,
    name: setName,
    propagation: fc.constantFrom('Background' as const, 'Foreground' as const, 'Orphan' as const, undefined),
  })
  .map((r): Action => ({ type: 'deleteSet', ...r }))

const podIndex = fc.nat({ max: 30 })

const deletePodAction: fc.Arbitrary<Action> = podIndex.map((index): Action => ({ type: 'deletePod', index }))

const labelValue = (values: fc.Arbitrary<string>) => fc.oneof(values, fc.constant('other'), fc.constant(null))

/** Relabels into or out of some selector: the controllers release and adopt in response. */
const relabelPodAction: fc.Arbitrary<Action> = fc
  .record({ index: podIndex, app: fc.option(labelValue(app), { nil: undefined }), tier: fc.option(labelValue(tier), { nil: undefined }) })
  .map(({ index, app: a, tier: t }): Action => ({
    type: 'relabelPod',
    index,
    labels: { ...(a !== undefined ? { app: a } : {}), ...(t !== undefined || a === undefined ? { tier: t ?? null } : {}) },
  }))

const advanceAction: fc.Arbitrary<Action> = fc.integer({ min: 0, max: 120_000 }).map((byMs): Action => ({ type: 'advance', byMs }))

/** One user action, weighted towards the ones that make the controllers work. */
export const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: createSetAction, weight: 4 },
  { arbitrary: scaleSetAction, weight: 3 },
  { arbitrary: deleteSetAction, weight: 3 },
  { arbitrary: deletePodAction, weight: 3 },
  { arbitrary: relabelPodAction, weight: 5 },
  { arbitrary: advanceAction, weight: 2 },
  { arbitrary: fc.constant<Action>({ type: 'settle' }), weight: 1 },
)

/** A command history: starts with a created set so that most histories have pods to play with. */
export const history = (maxLength = 24): fc.Arbitrary<readonly Action[]> =>
  fc.tuple(createSetAction, fc.array(action, { maxLength, size: 'max' })).map(([first, rest]) => [first, ...rest])

/** The log's seed: any unsigned 32-bit value. */
export const seed: fc.Arbitrary<number> = fc.nat({ max: 0xffffffff })

// ---- from actions to inputs

const selectorLabels = (a: Extract<Action, { type: 'createSet' }>): Record<string, string> =>
  a.selector.by === 'appTier' ? { app: a.app, tier: a.tier } : { app: a.app }

const setObject = (a: Extract<Action, { type: 'createSet' }>): KObject => {
  const template = {
    metadata: { labels: { app: a.app, tier: a.tier } },
    spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
  }
  const metadata = { name: a.name, namespace: NAMESPACE, labels: { app: a.app } }
  if (a.kind === 'ReplicationController')
    return { apiVersion: 'v1', kind: a.kind, metadata, spec: { replicas: a.replicas, selector: selectorLabels(a), template } }
  const selector =
    a.selector.by === 'appIn'
      ? { matchExpressions: [{ key: 'app', operator: 'In', values: [...new Set([a.app, a.selector.alt])].sort() }] }
      : { matchLabels: selectorLabels(a) }
  return { apiVersion: 'apps/v1', kind: a.kind, metadata, spec: { replicas: a.replicas, selector, template } }
}

/** The pod an index picks among the pods that exist now, in name order; a name no pod has when none do. */
const podAt = (world: World, index: number): string => {
  const pods = listObjects(world.state, 'Pod', NAMESPACE)
  return pods.length === 0 ? 'absent' : (pods[index % pods.length]!.metadata.name ?? '')
}

const request = (command: Command): Input => ({ type: 'request', command, actor: ACTOR })

/** The input an action becomes in the world it meets (pods are picked by index among those present). */
export const toInput = (world: World, a: Action): Input => {
  switch (a.type) {
    case 'createSet':
      return request({ verb: 'create', object: setObject(a) })
    case 'scaleSet':
      return request({ verb: 'patch', ref: { kind: a.kind, namespace: NAMESPACE, name: a.name }, patch: { spec: { replicas: a.replicas } } })
    case 'deleteSet':
      return request({
        verb: 'delete',
        ref: { kind: a.kind, namespace: NAMESPACE, name: a.name },
        ...(a.propagation !== undefined ? { options: { propagationPolicy: a.propagation } } : {}),
      })
    case 'deletePod':
      return request({ verb: 'delete', ref: { kind: 'Pod', namespace: NAMESPACE, name: podAt(world, a.index) } })
    case 'relabelPod':
      return request({ verb: 'patch', ref: { kind: 'Pod', namespace: NAMESPACE, name: podAt(world, a.index) }, patch: { metadata: { labels: a.labels } } })
    case 'advance':
      return { type: 'advance', byMs: a.byMs, actor: ACTOR }
    case 'settle':
      return { type: 'settle', maxMs: SETTLE_MAX_MS, actor: ACTOR }
  }
}

export const startInput = (s: number): Input => ({ type: 'start', seed: s, cluster: CLUSTER, actor: ACTOR })

// ---- running a history

/** A history run through the pure step: the final world, every appended event, and the inputs used. */
export interface Run {
  readonly world: World
  readonly events: readonly Event[]
  readonly inputs: readonly Input[]
  /** How many requests were refused. */
  readonly refused: number
}

/** Runs `start(seed)` then each action with `step`, threading the world. */
export const runHistory = (s: number, actions: readonly Action[], controllers: readonly Controller[] = CONTROLLERS): Run => {
  let world = emptyWorld(controllers)
  const events: Event[] = []
  const inputs: Input[] = []
  let refused = 0
  const apply = (input: Input): void => {
    const out = step(world, input)
    world = out.world
    events.push(...out.appended)
    inputs.push(input)
    if (out.reply.type === 'decision' && !out.reply.decision.ok) refused++
  }
  apply(startInput(s))
  for (const a of actions) apply(toInput(world, a))
  return { world, events, inputs, refused }
}

/** Runs the same history through the RxJS engine on an initialized in-memory log. */
export const runOnEngine = async (
  s: number,
  actions: readonly Action[],
  opts: { readonly snapshotEveryEvents?: number } = {},
): Promise<{ readonly engine: Engine; readonly log: EventLog }> => {
  const log = memoryEventLog()
  const init = await log.initialize({ formatVersion: 1, seed: s, createdWith: 'reel-prop' })()
  if (E.isLeft(init)) throw new Error(`cannot initialize the log: ${init.left._tag}`)
  const engine = await openEngine(log, { controllers: CONTROLLERS, seed: s, cluster: CLUSTER, actor: ACTOR, ...opts })
  for (const a of actions) await engine.submit(toInput(engine.world(), a))
  return { engine, log }
}

/** Every event of a log, in order. */
export const readAll = async (log: EventLog): Promise<Event[]> => {
  const out: Event[] = []
  for await (const batch of log.read(1)) out.push(...batch)
  return out
}

/**
 * `n` runs, times `REEL_PROP_SCALE` when set — a soak is `REEL_PROP_SCALE=50 npx vitest run test/prop
 * --testTimeout=0`. The default keeps the whole prop suite well under a minute on two cores.
 */
export const numRuns = (n: number): number => {
  const scale = Number(process.env.REEL_PROP_SCALE ?? '1')
  return Number.isFinite(scale) && scale > 0 ? Math.max(1, Math.round(n * scale)) : n
}
