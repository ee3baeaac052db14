import type { Command } from '../../../../src/api/commands.js'
import type { ControllerCommand, ReconcileResult } from '../../../../src/controllers/controller.js'
import { deploymentController } from '../../../../src/controllers/deployment/deploymentController.js'
import { replicaSetController } from '../../../../src/controllers/replicaSet/replicaSetController.js'
import { isPodReady, type Pod } from '../../../../src/model/pod.js'
import { toTimestamp } from '../../../../src/kernel/brand.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { Deployment, ReplicaSet } from '../../../../src/model/workloads.js'
import { type ClusterState, listObjects } from '../../../../src/state/clusterState.js'
import { step } from '../../../../src/sim/step.js'
import type { World } from '../../../../src/sim/world.js'
import { aDeployment, type DeploymentOptions, expectAccepted, podStatus, requestIn, startedWorld, stored } from '../../../support/builders.js'

/**
 * Deployment test builders: Deployments with the fields the shared builder lacks, ReplicaSets owned by a
 * Deployment as its controller would have left them, and a world running the deployment and replicaset
 * controllers in which the test plays the kubelet (pods made Ready through `/status`).
 */

export interface DeploymentSpecOptions extends DeploymentOptions {
  readonly strategy?: 'RollingUpdate' | 'Recreate'
  readonly paused?: boolean
  readonly revisionHistoryLimit?: number
  readonly progressDeadlineSeconds?: number
  readonly annotations?: Readonly<Record<string, string>>
}

/** A Deployment (image `nginx:1.25` unless given), with strategy, pause, limits and annotations. */
export const aDeploymentWith = (name: string, replicas: number, opts: DeploymentSpecOptions = {}): KObject => {
  const base = aDeployment(name, replicas, opts) as Deployment
  const spec = {
    ...base.spec,
    ...(opts.strategy === 'Recreate' ? { strategy: { type: 'Recreate' } } : {}),
    ...(opts.paused !== undefined ? { paused: opts.paused } : {}),
    ...(opts.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: opts.revisionHistoryLimit } : {}),
    ...(opts.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: opts.progressDeadlineSeconds } : {}),
  }
  return { ...base, metadata: { ...base.metadata, ...(opts.annotations ? { annotations: { ...opts.annotations } } : {}) }, spec }
}

export interface OwnedSetOptions {
  readonly image?: string
  readonly hash?: string
  readonly revision?: number
  readonly annotations?: Readonly<Record<string, string>>
  /** The RS status the replicaset controller would have written (`replicas` defaults to spec). */
  readonly available?: number
  readonly ready?: number
  readonly statusReplicas?: number
  readonly creationMs?: number
}

/** A ReplicaSet controlled by Deployment `owner` (which must be given first), for template `image`. */
export const anOwnedReplicaSet = (owner: string, replicas: number, opts: OwnedSetOptions = {}): KObject => {
  const hash = opts.hash ?? `h${(opts.image ?? 'nginx:1.25').replace(/[^a-z0-9]/g, '')}`
  const labels = { app: owner, 'pod-template-hash': hash }
  const annotations = {
    ...(opts.revision !== undefined ? { 'deployment.kubernetes.io/revision': String(opts.revision) } : {}),
    ...(opts.annotations ?? {}),
  }
  const statusReplicas = opts.statusReplicas ?? replicas
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${owner}-${hash}`,
      namespace: 'default',
      labels,
      annotations,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: owner, uid: '', controller: true, blockOwnerDeletion: true }],
      ...(opts.creationMs !== undefined ? { creationTimestamp: toTimestamp(opts.creationMs) } : {}),
    },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: opts.image ?? 'nginx:1.25' }] } },
    },
    status: {
      replicas: statusReplicas,
      fullyLabeledReplicas: statusReplicas,
      readyReplicas: opts.ready ?? opts.available ?? statusReplicas,
      availableReplicas: opts.available ?? statusReplicas,
      terminatingReplicas: 0,
      observedGeneration: 1,
    },
  }
}

// ---- reconcile helpers

export const reconcileD = (s: ClusterState, nowMs = s.atMs, key = 'default/web'): ReconcileResult =>
  deploymentController.reconcile(s, key, { nowMs, seed: 1 })

export const verbs = (r: ReconcileResult): string[] => r.commands.map((c) => `${c.verb} ${target(c)}`)

const target = (c: ControllerCommand): string => ('object' in c ? `${c.object.kind}/${c.object.metadata.name ?? ''}` : `${c.ref.kind}/${c.ref.name}`)

/** The objects the commands of a verb carry. */
export const objectsOf = <T extends KObject = KObject>(r: ReconcileResult, verb: Command['verb'], kind: string): T[] =>
  r.commands.flatMap((c) => ('object' in c && c.verb === verb && c.object.kind === kind ? [c.object as T] : []))

/** The Deployment status a reconcile writes (failing when it writes none). */
export const writtenStatus = (r: ReconcileResult): NonNullable<Deployment['status']> => {
  const d = objectsOf<Deployment>(r, 'updateStatus', 'Deployment')[0]
  if (d === undefined) throw new Error(`no Deployment status write in ${JSON.stringify(verbs(r))}`)
  return d.status ?? {}
}

/** The ScalingReplicaSet messages of a reconcile, in order. */
export const scalingMessages = (r: ReconcileResult): string[] =>
  r.commands.flatMap((c) => (c.record?.reason === 'ScalingReplicaSet' ? [c.record.message] : []))

// ---- a running world

/** A world running the deployment and replicaset controllers (in that order). */
export const controllersWorld = (): World => startedWorld([deploymentController, replicaSetController])

/** Sends a user request, failing the test when refused. */
export const send = (w: World, command: Command): World => {
  const out = requestIn(w, command)
  expectAccepted(out.decision, `${command.verb}`)
  return out.world
}

/** Moves the virtual clock, firing due timers. */
export const advance = (w: World, byMs: number): World => step(w, { type: 'advance', byMs, actor: 'user:test' }).world

/** Plays the kubelet: every live pod not yet Ready becomes Running and Ready now. */
export const readyAllPods = (w: World): World => {
  let out = w
  for (const p of listObjects<Pod>(w.state, 'Pod', 'default')) {
    if (isPodReady(p) || p.metadata.deletionTimestamp !== undefined) continue
    const status = podStatus({ ready: true, readySinceMs: out.nowMs })
    out = send(out, { verb: 'updateStatus', object: { ...stored(out.state, 'Pod', p.metadata.name ?? ''), status } })
  }
  return out
}

/** The ReplicaSets of a deployment, oldest first (creation, then name). */
export const setsOf = (s: ClusterState, owner = 'web'): ReplicaSet[] =>
  listObjects<ReplicaSet>(s, 'ReplicaSet', 'default')
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.kind === 'Deployment' && r.name === owner))
    .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) || String(a.metadata.name).localeCompare(String(b.metadata.name)))

/** `spec.replicas` of a deployment's sets, oldest first. */
export const sizesOf = (s: ClusterState, owner = 'web'): number[] => setsOf(s, owner).map((rs) => rs.spec.replicas ?? 0)

/** The messages of the Events recorded about an object, in log order. */
export const eventMessages = (s: ClusterState, reason: string, involvedName = 'web'): string[] =>
  listObjects<KObject & { reason?: string; message?: string; involvedObject?: { name?: string } }>(s, 'Event', 'default')
    .filter((e) => e.reason === reason && e.involvedObject?.name === involvedName)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => e.message ?? '')

export const deploymentIn = (s: ClusterState, name = 'web'): Deployment => stored<Deployment>(s, 'Deployment', name)

// ---- the idealised rollout of workloads.md §4.3: one deployment pass, then every pod available

const withControllers = (w: World, controllers: World['controllers']): World => ({ ...w, controllers })

/** Exactly one deployment pass, its commands applied with no controller reacting. */
export const onePass = (w: World, key = 'default/web'): { world: World; commands: number } => {
  const r = deploymentController.reconcile(w.state, key, { nowMs: w.nowMs, seed: 1 })
  let out = withControllers(w, [])
  for (const c of r.commands) {
    const { record: _r, actor: _a, ...plain } = c
    out = send(out, plain as Command)
  }
  return { world: withControllers(out, w.controllers), commands: r.commands.length }
}

/** The replicaset controller catches up, every pod becomes available, and the sets report it. */
export const settleSets = (w: World): World => {
  let out = step(withControllers(w, [replicaSetController]), { type: 'resync' }).world
  out = readyAllPods(withControllers(out, []))
  out = step(withControllers(out, [replicaSetController]), { type: 'resync' }).world
  return withControllers(out, w.controllers)
}

/** The image of a deployment's template. */
const imageOf = (o: { spec?: { template?: { spec?: { containers?: readonly { image?: string }[] } } } }): string | undefined =>
  o.spec?.template?.spec?.containers?.[0]?.image

/** (new set size, old sets' total size) after each pass that changed a size, until passes stop writing. */
export const trajectory = (start: World, passesMax = 40): [number, number][] => {
  const out: [number, number][] = []
  let w = start
  for (let i = 0; i < passesMax; i++) {
    const before = JSON.stringify(sizesOf(w.state))
    const pass = onePass(w)
    w = pass.world
    if (JSON.stringify(sizesOf(w.state)) !== before) {
      const image = imageOf(deploymentIn(w.state) as never)
      let fresh = 0
      let old = 0
      for (const rs of setsOf(w.state)) {
        if (imageOf(rs as never) === image) fresh += rs.spec.replicas ?? 0
        else old += rs.spec.replicas ?? 0
      }
      out.push([fresh, old])
    }
    if (pass.commands === 0) break
    w = settleSets(w)
  }
  return out
}

/** Sets the deployment's image (a template change) as a user would. */
export const setImage = (w: World, image: string, name = 'web'): World => {
  const d = deploymentIn(w.state, name)
  const tmpl = d.spec.template
  return send(w, {
    verb: 'update',
    object: { ...d, spec: { ...d.spec, template: { ...tmpl, spec: { ...tmpl.spec, containers: [{ ...tmpl.spec.containers[0]!, image }] } } } },
  })
}

/** A deployment created and rolled out to completion with every pod available. */
export const convergedWorld = (deployment: KObject): World => {
  let w = send(controllersWorld(), { verb: 'create', object: deployment })
  for (let i = 0; i < 20; i++) w = readyAllPods(w)
  return w
}
