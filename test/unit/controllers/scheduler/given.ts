import type { Command } from '../../../../src/api/commands.js'
import type { Controller, ControllerCommand, ReconcileResult } from '../../../../src/controllers/controller.js'
import { schedulerController } from '../../../../src/controllers/scheduler/schedulerController.js'
import type { Node, NodeShape, Taint } from '../../../../src/model/cluster.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { Pod, Toleration } from '../../../../src/model/pod.js'
import { type ClusterState, getObject, listObjects } from '../../../../src/state/clusterState.js'
import { emptyWorld, step } from '../../../../src/sim/step.js'
import type { World } from '../../../../src/sim/world.js'

/**
 * Scheduler test builders: worlds started through the real `step` (so nodes look as bootstrap makes
 * them), objects written through the real write path.
 */

export const ACTOR = 'user:test'

/** A started world with these nodes (default shape: 4 CPU, 16Gi, 110 pods), running `controllers`. */
export const worldWith = (nodes: readonly NodeShape[], controllers: readonly Controller[] = []): World =>
  step(emptyWorld(controllers), { type: 'start', seed: 1, cluster: { nodes: [...nodes] }, actor: ACTOR }).world

/** `count` default nodes named node-1 … node-<count>. */
export const nodes = (count: number, shape: Omit<NodeShape, 'name'> = {}): NodeShape[] =>
  Array.from({ length: count }, (_, i) => ({ ...shape, name: `node-${i + 1}` }))

/** Sends one request through `step`; fails the test when it is refused. */
export const send = (world: World, command: Command): World => {
  const out = step(world, { type: 'request', actor: ACTOR, command })
  if (out.reply.type === 'decision' && !out.reply.decision.ok)
    throw new Error(`${command.verb} refused: ${out.reply.decision.status.message ?? ''}`)
  return out.world
}

/** Applies a controller's command as the test actor (its `record` is not written). */
export const apply = (world: World, command: ControllerCommand): World => {
  const { record: _r, actor: _a, ...plain } = command
  return send(world, plain as Command)
}

/** Creates objects in order. */
export const create = (world: World, ...objects: readonly KObject[]): World =>
  objects.reduce((w, object) => send(w, { verb: 'create', object }), world)

/** Merge-patches a node (e.g. `{ spec: { unschedulable: true } }`). */
export const patchNode = (world: World, name: string, patch: Record<string, unknown>): World =>
  send(world, { verb: 'patch', ref: { kind: 'Node', name }, patch })

export interface PodShape {
  readonly cpu?: string
  readonly memory?: string
  readonly limits?: Readonly<Record<string, string>>
  readonly requests?: Readonly<Record<string, string>>
  readonly nodeName?: string
  readonly tolerations?: readonly Toleration[]
  readonly nodeSelector?: Readonly<Record<string, string>>
  readonly nodeAffinity?: Record<string, unknown>
  readonly hostPort?: number
  readonly schedulerName?: string
  readonly namespace?: string
  readonly initContainers?: readonly Record<string, unknown>[]
  readonly extraSpec?: Record<string, unknown>
}

/** A pod with one container; `cpu`/`memory` become requests. */
export const aPod = (name: string, shape: PodShape = {}): KObject => {
  const requests = { ...(shape.cpu ? { cpu: shape.cpu } : {}), ...(shape.memory ? { memory: shape.memory } : {}), ...(shape.requests ?? {}) }
  const resources = {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(shape.limits ? { limits: { ...shape.limits } } : {}),
  }
  const container = {
    name: 'app',
    image: 'nginx:1.25',
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
    ...(shape.hostPort !== undefined ? { ports: [{ containerPort: 80, hostPort: shape.hostPort }] } : {}),
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: shape.namespace ?? 'default' },
    spec: {
      containers: [container],
      ...(shape.initContainers ? { initContainers: shape.initContainers.map((c) => ({ image: 'busybox:1.36', ...c })) } : {}),
      ...(shape.nodeName ? { nodeName: shape.nodeName } : {}),
      ...(shape.tolerations ? { tolerations: shape.tolerations } : {}),
      ...(shape.nodeSelector ? { nodeSelector: shape.nodeSelector } : {}),
      ...(shape.nodeAffinity ? { affinity: { nodeAffinity: shape.nodeAffinity } } : {}),
      ...(shape.schedulerName ? { schedulerName: shape.schedulerName } : {}),
      ...(shape.extraSpec ?? {}),
    },
  }
}

/** A Node object as a test writes it by hand (for filter tests that need no state). */
export const aNode = (name: string, opts: { labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean } = {}): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
  spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable !== undefined ? { unschedulable: opts.unschedulable } : {}) },
  status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' } },
})

/** The pod as a typed object, as stored, or as a bare spec (for pure filter tests). */
export const asPod = (o: KObject): Pod => o as unknown as Pod

export const storedPod = (s: ClusterState, name: string, namespace = 'default'): Pod => {
  const p = getObject<KObject>(s, 'Pod', namespace, name)
  if (p === undefined) throw new Error(`no pod ${namespace}/${name}`)
  return asPod(p)
}

export const storedNode = (s: ClusterState, name: string): Node => {
  const n = getObject<KObject>(s, 'Node', undefined, name)
  if (n === undefined) throw new Error(`no node ${name}`)
  return n as unknown as Node
}

/** Reconciles one pod key with the scheduler at the state's instant. */
export const schedule = (s: ClusterState, key: string, nowMs = s.atMs): ReconcileResult =>
  schedulerController.reconcile(s, key, { nowMs, seed: s.seed })

/** The Event objects about a pod: `type reason: message`, in creation order. */
export const eventsAbout = (s: ClusterState, pod: string): string[] =>
  listObjects<KObject>(s, 'Event', 'default')
    .filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === pod)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${String(e.type)} ${String(e.reason)}: ${String(e.message)}`)

/** Where each pod of the namespace is bound (`''` when pending). */
export const placements = (s: ClusterState, namespace = 'default'): Record<string, string> =>
  Object.fromEntries(listObjects<KObject>(s, 'Pod', namespace).map((p) => [p.metadata.name ?? '', asPod(p).spec.nodeName ?? '']))
