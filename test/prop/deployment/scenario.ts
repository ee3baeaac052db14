import fc from 'fast-check'
import type { ClusterShape } from '../../../src/log/events.js'
import type { KObject } from '../../../src/model/meta.js'

// ---- the universe: one Deployment `default/web` on three roomy nodes, a pool of images

export const ACTOR = 'user:test'
export const NAMESPACE = 'default'
export const NAME = 'web'
export const KEY = `${NAMESPACE}/${NAME}`
/** How long the final `settle` may run the clock: one hour. */
export const SETTLE_MAX_MS = 3_600_000
/** Images the history switches between; going back to one already used reuses its ReplicaSet (a rollback). */
export const IMAGE_COUNT = 5
export const imageName = (i: number): string => `app:v${i}`

export type IntOrPercent = number | string

/** How one image behaves in the simulation (`model/imageBehavior.ts`): never a crash, always ready eventually. */
export interface ImageSpec {
  readonly pullS: number
  readonly startS: number
  /** undefined: `ok`; a number: `ok-after=Ns` (only visible through a readiness probe). */
  readonly okAfterS: number | undefined
}

export interface DeploymentShape {
  readonly replicas: number
  readonly strategy: 'RollingUpdate' | 'Recreate'
  readonly maxSurge: IntOrPercent
  readonly maxUnavailable: IntOrPercent
  readonly minReadySeconds: number
  readonly probe: { readonly periodSeconds: number; readonly initialDelaySeconds: number } | undefined
  /** Index of the first image in the pool. */
  readonly image: number
}

/** What a user does to the Deployment after creating it. */
export type Action =
  /** Sets the image to the pool entry `offset` places after the current one: the template always changes. */
  | { readonly type: 'setImage'; readonly offset: number }
  | { readonly type: 'scale'; readonly replicas: number }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'advance'; readonly byMs: number }

export interface Scenario {
  readonly seed: number
  readonly images: readonly ImageSpec[]
  readonly deployment: DeploymentShape
  readonly actions: readonly Action[]
}

// ---- generators

const PERCENTS = ['0%', '10%', '25%', '50%', '100%'] as const
const intOrPercent: fc.Arbitrary<IntOrPercent> = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(...PERCENTS))
const isLiterallyZero = (v: IntOrPercent): boolean => v === 0 || v === '0%'

const imageSpec: fc.Arbitrary<ImageSpec> = fc.record({
  pullS: fc.integer({ min: 0, max: 5 }),
  startS: fc.integer({ min: 0, max: 5 }),
  okAfterS: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
})

const probe = fc.option(
  fc.record({ periodSeconds: fc.integer({ min: 1, max: 5 }), initialDelaySeconds: fc.integer({ min: 0, max: 5 }) }),
  { nil: undefined, freq: 3 },
)

export type StrategyChoice = 'RollingUpdate' | 'Recreate' | 'mostlyRolling'

/**
 * A valid Deployment: maxSurge and maxUnavailable are never both zero literally (validation refuses
 * that; `0%` with `0` included), so such a draw gets maxUnavailable 1 instead.
 */
export const deploymentShape = (strategy: StrategyChoice = 'mostlyRolling', minReadyMax = 15): fc.Arbitrary<DeploymentShape> =>
  fc
    .record({
      replicas: fc.integer({ min: 0, max: 8 }),
      strategy:
        strategy === 'mostlyRolling'
          ? fc.oneof({ arbitrary: fc.constant('RollingUpdate' as const), weight: 4 }, { arbitrary: fc.constant('Recreate' as const), weight: 1 })
          : fc.constant(strategy),
      maxSurge: intOrPercent,
      maxUnavailable: intOrPercent,
      minReadySeconds: fc.integer({ min: 0, max: minReadyMax }),
      probe,
      image: fc.nat({ max: IMAGE_COUNT - 1 }),
    })
    .map((d) => (isLiterallyZero(d.maxSurge) && isLiterallyZero(d.maxUnavailable) ? { ...d, maxUnavailable: 1 } : d))

/** One action; `pauses: false` leaves pause/resume out. */
export const action = (pauses = true): fc.Arbitrary<Action> =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 1, max: IMAGE_COUNT - 1 }).map((offset): Action => ({ type: 'setImage', offset })), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 8 }).map((replicas): Action => ({ type: 'scale', replicas })), weight: 2 },
    { arbitrary: fc.constant<Action>({ type: 'pause' }), weight: pauses ? 1 : 0 },
    { arbitrary: fc.constant<Action>({ type: 'resume' }), weight: pauses ? 1 : 0 },
    // Short advances as often as long ones, so that updates often land mid-rollout.
    { arbitrary: fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 30_000 })).map((byMs): Action => ({ type: 'advance', byMs })), weight: 5 },
  )

export interface ScenarioOptions {
  readonly strategy?: StrategyChoice
  readonly pauses?: boolean
  readonly maxActions?: number
  /** The largest minReadySeconds drawn (0 to 15). */
  readonly minReadyMax?: number
}

export const scenario = ({ strategy = 'mostlyRolling', pauses = true, maxActions = 12, minReadyMax = 15 }: ScenarioOptions = {}): fc.Arbitrary<Scenario> =>
  fc.record({
    seed: fc.nat({ max: 0xffffffff }),
    images: fc.array(imageSpec, { minLength: IMAGE_COUNT, maxLength: IMAGE_COUNT }),
    deployment: deploymentShape(strategy, minReadyMax),
    actions: fc.array(action(pauses), { maxLength: maxActions, size: 'max' }),
  })

// ---- objects

const behaviorOf = (i: ImageSpec): Record<string, string> => ({
  pull: `${i.pullS}s`,
  start: `${i.startS}s`,
  readiness: i.okAfterS === undefined ? 'ok' : `ok-after=${i.okAfterS}s`,
})

/** Three nodes with room for every pod any history makes, and the pool's behaviours. */
export const clusterOf = (images: readonly ImageSpec[]): ClusterShape => ({
  nodes: ['node-1', 'node-2', 'node-3'].map((name) => ({ name, cpu: '64', memory: '256Gi', pods: 500 })),
  images: Object.fromEntries(images.map((spec, i) => [imageName(i), behaviorOf(spec)])),
})

export const deploymentObject = (d: DeploymentShape): KObject => {
  const labels = { app: NAME }
  const container = {
    name: 'app',
    image: imageName(d.image),
    ...(d.probe !== undefined ? { readinessProbe: { httpGet: { path: '/', port: 80 }, ...d.probe } } : {}),
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: NAME, namespace: NAMESPACE, labels },
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: labels },
      minReadySeconds: d.minReadySeconds,
      strategy:
        d.strategy === 'Recreate'
          ? { type: 'Recreate' }
          : { type: 'RollingUpdate', rollingUpdate: { maxSurge: d.maxSurge, maxUnavailable: d.maxUnavailable } },
      template: { metadata: { labels }, spec: { containers: [container] } },
    },
  }
}
