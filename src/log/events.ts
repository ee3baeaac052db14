import * as t from 'io-ts'
import { KObject } from '../model/meta.js'
import { NodeShape } from '../model/cluster.js'

// ---- the envelope (DESIGN.md §2)

const Envelope = <T extends string, D extends t.Mixed>(type: T, data: D) =>
  t.intersection([
    t.type({ seq: t.number, at: t.number, type: t.literal(type), v: t.number, actor: t.string, data }),
    t.partial({ cause: t.number }),
  ])

/** Request metadata kept with an object write: what the client said it was doing (`Kubectl-Command`). */
const ObjectWrite = t.intersection([t.type({ object: KObject }), t.partial({ command: t.string })])

/** A new object, as stored (with uid, resourceVersion = this seq, creationTimestamp). */
export const ObjectCreated = Envelope('object/created', ObjectWrite)
/** A changed object, whole, as stored after the change. */
export const ObjectUpdated = Envelope('object/updated', ObjectWrite)
/** An object removed from the store; carries the final object, like a watch `DELETED`. */
export const ObjectDeleted = Envelope('object/deleted', ObjectWrite)
/** The virtual clock was moved explicitly (`reel clock advance`, a scenario's `advance`). */
export const ClockAdvanced = Envelope('clock/advanced', t.partial({ byMs: t.number }))
/** A fault injected from outside (a node going down, a container crashing). */
export const FaultInjected = Envelope(
  'fault/injected',
  t.type({ fault: t.intersection([t.type({ type: t.string, target: t.string }), t.record(t.string, t.unknown)]) }),
)

/**
 * Data written into a volume from inside a pod (an external input: `reel volume write`, a scenario's
 * `write`). `storage` is where it lands, resolved when written: the pod's emptyDir, a bound PV, a claim.
 */
export const VolumeWritten = Envelope(
  'volume/written',
  t.type({ pod: t.string, volume: t.string, storage: t.string, value: t.string }),
)

export const RunVersions = t.type({ reel: t.string, kubernetes: t.string })
/**
 * The cluster a run starts with: its nodes, and (optional, so older v2 events still decode) what each
 * container image does in the simulation (`model/imageBehavior.ts`).
 */
export const ClusterShape = t.intersection([
  t.type({ nodes: t.array(NodeShape) }),
  t.partial({ images: t.record(t.string, t.UnknownRecord) }),
])
export type ClusterShape = t.TypeOf<typeof ClusterShape>

/**
 * The first event of every log: the seed, the versions that recorded it and the cluster's shape.
 * v2 (see migrations/0001): v1 carried only `{ seed, nodes: <count> }`.
 */
export const RunStarted = Envelope('run/started', t.type({ seed: t.number, versions: RunVersions, cluster: ClusterShape }))

export const Event = t.union([ObjectCreated, ObjectUpdated, ObjectDeleted, ClockAdvanced, FaultInjected, VolumeWritten, RunStarted])
export type Event = t.TypeOf<typeof Event>
export type EventType = Event['type']
export type ObjectEvent = Extract<Event, { type: 'object/created' | 'object/updated' | 'object/deleted' }>

/** The current schema version of each event type; older ones are upcast on read by `migrations/`. */
export const CURRENT_VERSION: Readonly<Record<EventType, number>> = {
  'object/created': 1,
  'object/updated': 1,
  'object/deleted': 1,
  'clock/advanced': 1,
  'fault/injected': 1,
  'volume/written': 1,
  'run/started': 2,
}

export const isObjectEvent = (e: Event): e is ObjectEvent =>
  e.type === 'object/created' || e.type === 'object/updated' || e.type === 'object/deleted'

/** External inputs: what re-simulation feeds back through the current controllers (DESIGN.md §2). */
export const isExternalActor = (actor: string): boolean =>
  actor.startsWith('user:') || actor.startsWith('import:') || actor === 'fault' || actor === 'clock'

export const REEL_VERSION = '0.1.0'
export const KUBERNETES_VERSION = 'v1.32.0'
