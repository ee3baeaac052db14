import fc from 'fast-check'
import type { ClusterShape } from '../../../src/log/events.js'
import type { KObject } from '../../../src/model/meta.js'

// ---- the universe: up to two StatefulSets on two or three roomy nodes, some storage, a pool of images

export const ACTOR = 'user:test'
export const NAMESPACE = 'default'
/** The claim template every set has: its claims are `data-<set>-<ordinal>`. */
export const TEMPLATE = 'data'
export const SET_NAMES = ['web', 'db'] as const
export const DEFAULT_CLASS = 'standard'
export const PROVISIONER = 'example.com/sim'
/** How long the final `settle` may run the clock: one hour. */
export const SETTLE_MAX_MS = 3_600_000
export const IMAGE_COUNT = 3
export const imageName = (i: number): string => `app:v${i}`
/** The largest ordinal an action names (start ordinal up to 2, replicas up to 5). */
export const ORDINAL_MAX = 7

/** How one image behaves (`model/imageBehavior.ts`): never a crash, always ready eventually. */
export interface ImageSpec {
  readonly pullS: number
  readonly startS: number
  /** undefined: `ok`; a number: `ok-after=Ns` (seen only through a readiness probe). */
  readonly okAfterS: number | undefined
}

export type Retention = 'Retain' | 'Delete'

export interface SetShape {
  readonly name: string
  readonly replicas: number
  readonly parallel: boolean
  /** A RollingUpdate partition, or OnDelete. */
  readonly update: { readonly type: 'RollingUpdate'; readonly partition: number } | { readonly type: 'OnDelete' }
  readonly whenDeleted: Retention
  readonly whenScaled: Retention
  /** `spec.ordinals.start`; undefined leaves `ordinals` out. */
  readonly start: number | undefined
  readonly image: number
  readonly probe: boolean
  readonly claimGi: number
  /** The claim template's class: undefined (the default class, if any), or a named one. */
  readonly claimClass: string | undefined
}

export interface VolumeShape {
  readonly gi: number
  /** '' is "no class". */
  readonly storageClass: string
  readonly reclaim: Retention
}

export type FaultType = 'network-partition' | 'node-down' | 'node-up'

/** What happens after the sets are created. Set-specific actions on a set that is gone do nothing. */
export type Action =
  | { readonly type: 'scale'; readonly set: number; readonly replicas: number }
  /** Sets the image to the pool entry `offset` places after the current one: the template always changes. */
  | { readonly type: 'setImage'; readonly set: number; readonly offset: number }
  /**
   * Deletes `<set>-<ordinal>`, or if there is no such pod the set's pod at index `ordinal` modulo their
   * number (by name); `force` with gracePeriodSeconds 0.
   */
  | { readonly type: 'deletePod'; readonly set: number; readonly ordinal: number; readonly force: boolean }
  | { readonly type: 'fault'; readonly fault: FaultType; readonly node: number }
  | { readonly type: 'advance'; readonly byMs: number }
  | { readonly type: 'deleteSet'; readonly set: number }

export interface Scenario {
  readonly seed: number
  readonly nodes: number
  readonly images: readonly ImageSpec[]
  readonly defaultClass: boolean
  readonly volumes: readonly VolumeShape[]
  readonly sets: readonly SetShape[]
  readonly actions: readonly Action[]
}

// ---- generators

const imageSpec: fc.Arbitrary<ImageSpec> = fc.record({
  pullS: fc.integer({ min: 0, max: 3 }),
  startS: fc.integer({ min: 0, max: 3 }),
  okAfterS: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
})

const retention: fc.Arbitrary<Retention> = fc.oneof(
  { arbitrary: fc.constant<Retention>('Retain'), weight: 3 },
  { arbitrary: fc.constant<Retention>('Delete'), weight: 1 },
)

/** Retain/Retain most of the time, one of the three other policies otherwise. */
const policy = fc.oneof(
  { arbitrary: fc.constant({ whenDeleted: 'Retain' as Retention, whenScaled: 'Retain' as Retention }), weight: 3 },
  { arbitrary: fc.record({ whenDeleted: retention, whenScaled: retention }), weight: 2 },
)

const setShape = (name: string): fc.Arbitrary<SetShape> =>
  fc
    .record({
      replicas: fc.integer({ min: 0, max: 5 }),
      parallel: fc.boolean(),
      update: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 3 }).map((partition) => ({ type: 'RollingUpdate' as const, partition })), weight: 3 },
        { arbitrary: fc.constant({ type: 'OnDelete' as const }), weight: 1 },
      ),
      policy,
      start: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined, freq: 2 }),
      image: fc.nat({ max: IMAGE_COUNT - 1 }),
      probe: fc.boolean(),
      claimGi: fc.integer({ min: 1, max: 3 }),
      claimClass: fc.constantFrom(undefined, DEFAULT_CLASS, 'slow'),
    })
    .map(({ policy: p, ...rest }) => ({ name, ...rest, ...p }))

const volumeShape: fc.Arbitrary<VolumeShape> = fc.record({
  gi: fc.integer({ min: 1, max: 4 }),
  storageClass: fc.constantFrom('', DEFAULT_CLASS, 'slow'),
  reclaim: retention,
})

export const action = (sets: number, nodes: number): fc.Arbitrary<Action> => {
  const set = fc.nat({ max: sets - 1 })
  return fc.oneof(
    { arbitrary: fc.record({ type: fc.constant('scale' as const), set, replicas: fc.integer({ min: 0, max: 5 }) }), weight: 16 },
    { arbitrary: fc.record({ type: fc.constant('setImage' as const), set, offset: fc.integer({ min: 1, max: IMAGE_COUNT - 1 }) }), weight: 12 },
    {
      arbitrary: fc.record({ type: fc.constant('deletePod' as const), set, ordinal: fc.nat({ max: ORDINAL_MAX }), force: fc.boolean() }),
      weight: 16,
    },
    {
      arbitrary: fc.record({
        type: fc.constant('fault' as const),
        fault: fc.oneof(
          { arbitrary: fc.constantFrom<FaultType>('network-partition', 'node-down'), weight: 2 },
          { arbitrary: fc.constant<FaultType>('node-up'), weight: 1 },
        ),
        node: fc.nat({ max: nodes - 1 }),
      }),
      weight: 12,
    },
    // Short advances, so that actions land mid-rollout, and long ones, so that a silent node is marked
    // Unknown (50 s) and its pods evicted (300 s more) within a history.
    {
      arbitrary: fc
        .oneof(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 30_000, max: 60_000 }))
        .map((byMs): Action => ({ type: 'advance', byMs })),
      weight: 40,
    },
    // Rare, so that most histories keep their sets to the end.
    { arbitrary: fc.record({ type: fc.constant('deleteSet' as const), set }), weight: 1 },
  )
}

export interface ScenarioOptions {
  readonly maxActions?: number
}

export const scenario = ({ maxActions = 40 }: ScenarioOptions = {}): fc.Arbitrary<Scenario> =>
  fc
    .record({ nodes: fc.integer({ min: 2, max: 3 }), setCount: fc.integer({ min: 1, max: SET_NAMES.length }) })
    .chain(({ nodes, setCount }) =>
      fc.record({
        seed: fc.nat({ max: 0xffffffff }),
        nodes: fc.constant(nodes),
        images: fc.array(imageSpec, { minLength: IMAGE_COUNT, maxLength: IMAGE_COUNT }),
        defaultClass: fc.boolean(),
        volumes: fc.array(volumeShape, { maxLength: 6 }),
        sets: fc.tuple(...SET_NAMES.slice(0, setCount).map(setShape)),
        actions: fc.array(action(setCount, nodes), { maxLength: maxActions, size: 'max' }),
      }),
    )

// ---- objects

const behaviorOf = (i: ImageSpec): Record<string, string> => ({
  pull: `${i.pullS}s`,
  start: `${i.startS}s`,
  readiness: i.okAfterS === undefined ? 'ok' : `ok-after=${i.okAfterS}s`,
})

export const nodeName = (i: number): string => `node-${i + 1}`

export const clusterOf = (sc: Scenario): ClusterShape => ({
  nodes: Array.from({ length: sc.nodes }, (_, i) => ({ name: nodeName(i), cpu: '64', memory: '256Gi', pods: 500 })),
  images: Object.fromEntries(sc.images.map((spec, i) => [imageName(i), behaviorOf(spec)])),
})

export const defaultClassObject = (): KObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: DEFAULT_CLASS, annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: PROVISIONER,
})

export const volumeObject = (v: VolumeShape, i: number): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: `pv-${i}` },
  spec: {
    capacity: { storage: `${v.gi}Gi` },
    accessModes: ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: v.reclaim,
    storageClassName: v.storageClass,
    hostPath: { path: `/data/pv-${i}` },
  },
})

export const statefulSetObject = (s: SetShape): KObject => {
  const labels = { app: s.name }
  const container = {
    name: 'app',
    image: imageName(s.image),
    ...(s.probe ? { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 } } : {}),
    volumeMounts: [{ name: TEMPLATE, mountPath: '/data' }],
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: s.name, namespace: NAMESPACE },
    spec: {
      replicas: s.replicas,
      serviceName: s.name,
      selector: { matchLabels: labels },
      podManagementPolicy: s.parallel ? 'Parallel' : 'OrderedReady',
      updateStrategy: s.update.type === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition: s.update.partition } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: s.whenDeleted, whenScaled: s.whenScaled },
      ...(s.start !== undefined ? { ordinals: { start: s.start } } : {}),
      template: { metadata: { labels }, spec: { containers: [container] } },
      volumeClaimTemplates: [
        {
          metadata: { name: TEMPLATE },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: `${s.claimGi}Gi` } },
            ...(s.claimClass !== undefined ? { storageClassName: s.claimClass } : {}),
          },
        },
      ],
    },
  }
}
