import type { Command } from '../../src/api/commands.js'
import type { Decision } from '../../src/api/context.js'
import type { Controller } from '../../src/controllers/controller.js'
import { fromTimestamp, toTimestamp } from '../../src/kernel/brand.js'
import type { Event } from '../../src/log/events.js'
import type { KObject, OwnerReference } from '../../src/model/meta.js'
import { type ClusterState, getObject, listObjects } from '../../src/state/clusterState.js'
import { emptyWorld, resumeWorld, step } from '../../src/sim/step.js'
import type { World } from '../../src/sim/world.js'

/**
 * Test builders: objects as a user would send them, folded into a state through the real write path
 * (`step` → `decide` → `evolve`), never assembled by hand. Status that the server resets on create
 * (pods, workloads) is applied afterwards through `/status`, as a kubelet or controller would.
 */

export const TEST_ACTOR = 'user:test'
export const TEST_SEED = 1

type Labels = Readonly<Record<string, string>>

/** A started world: seed 1, the system namespaces and `node-1`, no controllers unless given. */
export const startedWorld = (controllers: readonly Controller[] = [], seed = TEST_SEED): World =>
  step(emptyWorld(controllers), { type: 'start', seed, cluster: { nodes: [{ name: 'node-1' }] }, actor: TEST_ACTOR }).world

/** Fails the test with the refusal's message when a decision was refused. */
export const expectAccepted = (d: Decision, what: string): Extract<Decision, { ok: true }> => {
  if (!d.ok) throw new Error(`${what} was refused: ${d.status.code} ${d.status.message ?? ''}`)
  return d
}

const nsOf = (o: KObject): string => o.metadata.namespace ?? 'default'

/** Sends one request through `step` (no controllers), failing the test when it is refused. */
export const requestIn = (world: World, command: Command, actor = TEST_ACTOR): { world: World; appended: readonly Event[]; decision: Decision } => {
  const out = step(world, { type: 'request', actor, command })
  if (out.reply.type !== 'decision') throw new Error(`request gave reply ${out.reply.type}`)
  return { world: out.world, appended: out.appended, decision: out.reply.decision }
}

/** Ownerrefs written with an empty uid name their owner by kind and name; fill in the stored uid. */
const resolveOwners = (s: ClusterState, o: KObject): KObject => {
  const refs = o.metadata.ownerReferences
  if (refs === undefined || refs.every((r) => r.uid !== '')) return o
  const resolved = refs.map((r): OwnerReference => {
    if (r.uid !== '') return r
    const owner = getObject(s, r.kind, nsOf(o), r.name)
    if (owner?.metadata.uid === undefined) throw new Error(`givenObjects: owner ${r.kind} ${r.name} of ${o.metadata.name ?? ''} must be given first`)
    return { ...r, uid: owner.metadata.uid }
  })
  return { ...o, metadata: { ...o.metadata, ownerReferences: resolved } }
}

/**
 * Adds objects to a world, in order. An object's `metadata.creationTimestamp`, when set, is the virtual
 * instant to create it at (the clock moves forward to it). A `status` is written through `/status`
 * after the create.
 */
export const addObjects = (world: World, ...objects: readonly KObject[]): World => {
  let w = world
  for (const given of objects) {
    const at = fromTimestamp(given.metadata.creationTimestamp ?? undefined)
    if (at !== undefined) {
      if (at < w.nowMs) throw new Error(`givenObjects: ${given.metadata.name ?? ''} created at ${at}ms, but the clock is already at ${w.nowMs}ms`)
      w = step(w, { type: 'advanceTo', atMs: at }).world
    }
    const { status, ...rest } = resolveOwners(w.state, given)
    const { creationTimestamp: _c, ...meta } = rest.metadata
    const created = requestIn(w, { verb: 'create', object: { ...rest, metadata: meta } as KObject })
    const stored = expectAccepted(created.decision, `create ${given.kind} ${given.metadata.name ?? ''}`).object!
    w = created.world
    if (status !== undefined) {
      const updated = requestIn(w, { verb: 'updateStatus', object: { ...stored, status } })
      expectAccepted(updated.decision, `status of ${given.kind} ${given.metadata.name ?? ''}`)
      w = updated.world
    }
  }
  return w
}

/** The world after creating `objects` in a fresh started world. */
export const givenWorld = (...objects: readonly KObject[]): World => addObjects(startedWorld(), ...objects)

/** The state after creating `objects` in a fresh started world (seed 1, node `node-1`). */
export const givenObjects = (...objects: readonly KObject[]): ClusterState => givenWorld(...objects).state

/** Continues a state: creates more objects at or after its last event. */
export const andObjects = (s: ClusterState, ...objects: readonly KObject[]): ClusterState =>
  addObjects(resumeWorld([], s), ...objects).state

/** Applies one accepted command to a state, at `atMs` when given (not before the state's last event). */
export const applied = (s: ClusterState, command: Command, atMs?: number): ClusterState => {
  let w = resumeWorld([], s)
  if (atMs !== undefined) w = step(w, { type: 'advanceTo', atMs }).world
  const out = requestIn(w, command)
  expectAccepted(out.decision, `${command.verb}`)
  return out.world.state
}

/** Applies commands in order (a controller's output; any `record` is ignored), each one accepted. */
export const appliedAll = (s: ClusterState, commands: readonly Command[], atMs?: number): ClusterState => {
  let out = s
  commands.forEach((c, i) => {
    const { record: _r, ...plain } = c as Command & { record?: unknown }
    out = applied(out, plain as Command, i === 0 ? atMs : undefined)
  })
  return out
}

/** The stored object, failing the test when it is missing. */
export const stored = <T extends KObject = KObject>(s: ClusterState, kind: string, name: string, namespace = 'default'): T => {
  const o = getObject<T>(s, kind, kind === 'Node' || kind === 'Namespace' ? undefined : namespace, name)
  if (o === undefined) throw new Error(`no ${kind} ${namespace}/${name} in the state`)
  return o
}

/** The stored object's uid. */
export const uidOf = (s: ClusterState, kind: string, name: string, namespace = 'default'): string =>
  stored(s, kind, name, namespace).metadata.uid ?? ''

/** The pods of a namespace, sorted by name. */
export const podsIn = (s: ClusterState, namespace = 'default'): KObject[] => listObjects(s, 'Pod', namespace)

/** Writes `status` through the `/status` subresource (how a kubelet makes a pod Running/Ready). */
export const withStatus = (s: ClusterState, kind: string, name: string, status: unknown, atMs?: number): ClusterState =>
  applied(s, { verb: 'updateStatus', object: { ...stored(s, kind, name), status } }, atMs)

// ---- object builders

const container = (image: string) => ({ name: 'app', image })

const template = (labels: Labels, image: string) => ({
  metadata: { labels: { ...labels } },
  spec: { containers: [container(image)] },
})

export interface SetOptions {
  /** Template labels (and the selector, unless `selector` is given). Default `{ app: <name> }`. */
  readonly labels?: Labels
  readonly selector?: Labels
  readonly minReadySeconds?: number
  readonly image?: string
  readonly namespace?: string
}

/** An `apps/v1` ReplicaSet selecting and labelling its pods with `labels` (default `app: <name>`). */
export const aReplicaSet = (name: string, replicas: number, opts: SetOptions = {}): KObject => {
  const labels = opts.labels ?? { app: name }
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: opts.namespace ?? 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { ...(opts.selector ?? labels) } },
      ...(opts.minReadySeconds !== undefined ? { minReadySeconds: opts.minReadySeconds } : {}),
      template: template(labels, opts.image ?? 'nginx:1.25'),
    },
  }
}

/** A `v1` ReplicationController with an equality selector. */
export const aReplicationController = (name: string, replicas: number, opts: SetOptions = {}): KObject => {
  const labels = opts.labels ?? { app: name }
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name, namespace: opts.namespace ?? 'default' },
    spec: {
      replicas,
      selector: { ...(opts.selector ?? labels) },
      ...(opts.minReadySeconds !== undefined ? { minReadySeconds: opts.minReadySeconds } : {}),
      template: template(labels, opts.image ?? 'nginx:1.25'),
    },
  }
}

export interface DeploymentOptions extends SetOptions {
  readonly maxSurge?: number | string
  readonly maxUnavailable?: number | string
}

/** An `apps/v1` Deployment. */
export const aDeployment = (name: string, replicas: number, opts: DeploymentOptions = {}): KObject => {
  const labels = opts.labels ?? { app: name }
  const ru = {
    ...(opts.maxSurge !== undefined ? { maxSurge: opts.maxSurge } : {}),
    ...(opts.maxUnavailable !== undefined ? { maxUnavailable: opts.maxUnavailable } : {}),
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: opts.namespace ?? 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { ...(opts.selector ?? labels) } },
      ...(opts.minReadySeconds !== undefined ? { minReadySeconds: opts.minReadySeconds } : {}),
      ...(Object.keys(ru).length > 0 ? { strategy: { type: 'RollingUpdate', rollingUpdate: ru } } : {}),
      template: template(labels, opts.image ?? 'nginx:1.25'),
    },
  }
}

export interface PodOptions {
  readonly labels?: Labels
  /** A literal controller uid. */
  readonly ownerUid?: string
  /** The controller, by name, resolved to its uid when folded (it must be given before the pod). */
  readonly owner?: string | { readonly kind: 'ReplicaSet' | 'ReplicationController'; readonly name: string }
  readonly nodeName?: string
  readonly phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'
  readonly ready?: boolean
  /** When the Ready condition last turned True (default: the creation instant). */
  readonly readySinceMs?: number
  /** The virtual instant the pod is created at (whole seconds; default: the clock at fold time). */
  readonly creationMs?: number
  readonly restarts?: number
  readonly deletionCost?: number
  readonly namespace?: string
}

/** A pod's status as a kubelet would write it. */
export const podStatus = (opts: Pick<PodOptions, 'phase' | 'ready' | 'readySinceMs' | 'restarts' | 'creationMs'>): Record<string, unknown> => {
  const ready = opts.ready === true
  const since = toTimestamp(opts.readySinceMs ?? opts.creationMs ?? 0)
  return {
    phase: opts.phase ?? (ready ? 'Running' : 'Pending'),
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: since }],
    containerStatuses: [{ name: 'app', ready, restartCount: opts.restarts ?? 0 }],
  }
}

const ownerRefOf = (opts: PodOptions): OwnerReference[] | undefined => {
  if (opts.owner === undefined && opts.ownerUid === undefined) return undefined
  const o = typeof opts.owner === 'string' ? { kind: 'ReplicaSet' as const, name: opts.owner } : opts.owner
  const kind = o?.kind ?? 'ReplicaSet'
  return [{
    apiVersion: kind === 'ReplicaSet' ? 'apps/v1' : 'v1',
    kind,
    name: o?.name ?? 'owner',
    uid: opts.ownerUid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  }]
}

/**
 * A pod. Without `phase`/`ready`/`restarts` it keeps the status the server gives a new pod (Pending);
 * with any of them, that status is written through `/status` after the create.
 */
export const aPod = (name: string, opts: PodOptions = {}): KObject => {
  const owners = ownerRefOf(opts)
  const hasStatus = opts.phase !== undefined || opts.ready !== undefined || opts.restarts !== undefined || opts.readySinceMs !== undefined
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.namespace ?? 'default',
      labels: { ...(opts.labels ?? {}) },
      ...(opts.deletionCost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(opts.deletionCost) } } : {}),
      ...(owners !== undefined ? { ownerReferences: owners } : {}),
      ...(opts.creationMs !== undefined ? { creationTimestamp: toTimestamp(opts.creationMs) } : {}),
    },
    spec: {
      containers: [container('nginx:1.25')],
      ...(opts.nodeName !== undefined ? { nodeName: opts.nodeName } : {}),
    },
    ...(hasStatus ? { status: podStatus(opts) } : {}),
  }
}

/** A namespace. */
export const aNamespace = (name: string): KObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
