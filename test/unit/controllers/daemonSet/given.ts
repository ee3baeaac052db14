import type { Command } from '../../../../src/api/commands.js'
import type { Controller } from '../../../../src/controllers/controller.js'
import { daemonSetController } from '../../../../src/controllers/daemonSet/daemonSetController.js'
import type { DaemonSet } from '../../../../src/controllers/daemonSet/daemonSet.js'
import { garbageCollector } from '../../../../src/controllers/garbageCollector/garbageCollector.js'
import { kubeletController } from '../../../../src/controllers/kubelet/kubeletController.js'
import { schedulerController } from '../../../../src/controllers/scheduler/schedulerController.js'
import type { Event } from '../../../../src/log/events.js'
import type { NodeShape } from '../../../../src/model/cluster.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { Pod } from '../../../../src/model/pod.js'
import { nodeObject } from '../../../../src/sim/bootstrap.js'
import { emptyWorld, step } from '../../../../src/sim/step.js'
import type { World } from '../../../../src/sim/world.js'
import { type ClusterState, getObject, listObjects } from '../../../../src/state/clusterState.js'

/** DaemonSet test builders: worlds started through the real `step`, writes through the real write path. */

export const ACTOR = 'user:test'

/** The controllers a daemon pod needs to come up: ours, the scheduler, the kubelets, the garbage collector. */
export const FULL: readonly Controller[] = [garbageCollector, daemonSetController, schedulerController, kubeletController]

/** `node-1` … `node-<count>`. */
export const nodes = (count: number): NodeShape[] => Array.from({ length: count }, (_, i) => ({ name: `node-${i + 1}` }))

/** A started world (seed 1) with these nodes, running `controllers`. */
export const worldWith = (shapes: readonly NodeShape[], controllers: readonly Controller[] = FULL): World =>
  step(emptyWorld(controllers), { type: 'start', seed: 1, cluster: { nodes: [...shapes] }, actor: ACTOR }).world

/** Sends one request through `step`; fails the test when it is refused. Returns the world and what was appended. */
export const sendAll = (world: World, command: Command): { world: World; appended: readonly Event[] } => {
  const out = step(world, { type: 'request', actor: ACTOR, command })
  if (out.reply.type === 'decision' && !out.reply.decision.ok) throw new Error(`${command.verb} refused: ${out.reply.decision.status.message ?? ''}`)
  return { world: out.world, appended: out.appended }
}

export const send = (world: World, command: Command): World => sendAll(world, command).world

/** Fires timers for up to `maxMs` of virtual time. */
export const settle = (world: World, maxMs = 600_000): { world: World; appended: readonly Event[] } => {
  const out = step(world, { type: 'settle', maxMs, actor: ACTOR })
  return { world: out.world, appended: out.appended }
}

export interface DaemonSetOptions {
  readonly image?: string
  readonly strategy?: Record<string, unknown>
  readonly nodeSelector?: Record<string, string>
  readonly tolerations?: readonly Record<string, unknown>[]
  readonly affinity?: Record<string, unknown>
  readonly nodeName?: string
  readonly minReadySeconds?: number
  readonly revisionHistoryLimit?: number
}

/** An `apps/v1` DaemonSet `name` (labels `app: <name>`), with every defaulted field written out. */
export const aDaemonSet = (name: string, opts: DaemonSetOptions = {}): DaemonSet => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace: 'default', annotations: { 'deprecated.daemonset.template.generation': '1' } },
  spec: {
    selector: { matchLabels: { app: name } },
    updateStrategy: (opts.strategy ?? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }) as DaemonSet['spec']['updateStrategy'] & object,
    revisionHistoryLimit: opts.revisionHistoryLimit ?? 10,
    ...(opts.minReadySeconds !== undefined ? { minReadySeconds: opts.minReadySeconds } : {}),
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [{ name: 'agent', image: opts.image ?? 'agent:1' }],
        ...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
        ...(opts.tolerations ? { tolerations: opts.tolerations as Pod['spec']['tolerations'] & object } : {}),
        ...(opts.affinity ? { affinity: opts.affinity } : {}),
        ...(opts.nodeName ? { nodeName: opts.nodeName } : {}),
      },
    },
  },
})

/** A new node as its kubelet registers it (index picks its pod CIDR). */
export const aNode = (name: string, index: number, extra: Omit<NodeShape, 'name'> = {}): KObject => nodeObject({ name, ...extra }, index) as KObject

export const storedDs = (s: ClusterState, name = 'agent'): DaemonSet => {
  const ds = getObject<DaemonSet>(s, 'DaemonSet', 'default', name)
  if (ds === undefined) throw new Error(`no daemonset ${name}`)
  return ds
}

/** Daemon pods of the namespace not being deleted. */
export const livePods = (s: ClusterState): Pod[] => listObjects<Pod>(s, 'Pod', 'default').filter((p) => p.metadata.deletionTimestamp === undefined)

/** node → live pod count, for the nodes that have one. */
export const podsPerNode = (s: ClusterState): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const p of livePods(s)) {
    const n = p.spec.nodeName ?? '(pending)'
    out[n] = (out[n] ?? 0) + 1
  }
  return out
}

/** The Events about an object: `reason: message`, in order. */
export const eventsAbout = (s: ClusterState, name: string): string[] =>
  listObjects<KObject>(s, 'Event', 'default')
    .filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === name)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => `${String(e.reason)}: ${String(e.message)}`)

/** Reconciles the set once at the state's instant. */
export const reconcileOnce = (s: ClusterState, name = 'agent', nowMs = s.atMs) =>
  daemonSetController.reconcile(s, `default/${name}`, { nowMs, seed: s.seed })
