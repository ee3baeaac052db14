import type { Command } from '../../../../src/api/commands.js'
import type { ControllerCommand, ReconcileResult } from '../../../../src/controllers/controller.js'
import { statefulSetController } from '../../../../src/controllers/statefulSet/statefulSetController.js'
import type { StatefulSet } from '../../../../src/controllers/statefulSet/types.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { Pod } from '../../../../src/model/pod.js'
import { type ClusterState, getObject, listObjects } from '../../../../src/state/clusterState.js'
import { resumeWorld, step } from '../../../../src/sim/step.js'
import type { World } from '../../../../src/sim/world.js'
import { expectAccepted, podStatus, requestIn, startedWorld, stored } from '../../../support/builders.js'

/**
 * StatefulSet test builders: a set as a user sends it, and a world where the test runs the controller
 * pass by pass and plays the kubelet (pods made Running/Ready or Failed through `/status`).
 */

export interface SetOptions {
  readonly image?: string
  readonly policy?: 'OrderedReady' | 'Parallel'
  readonly partition?: number
  readonly onDelete?: boolean
  readonly claims?: readonly string[]
  readonly whenDeleted?: 'Retain' | 'Delete'
  readonly whenScaled?: 'Retain' | 'Delete'
  readonly start?: number
  readonly minReadySeconds?: number
  readonly revisionHistoryLimit?: number
}

/** An `apps/v1` StatefulSet `name` (service `<name>-svc`, label `app: <name>`, claim template `www`). */
export const aStatefulSet = (name: string, replicas: number, opts: SetOptions = {}): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    serviceName: `${name}-svc`,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: opts.image ?? 'nginx:1.25' }] } },
    volumeClaimTemplates: (opts.claims ?? ['www']).map((c) => ({
      metadata: { name: c, labels: { tier: 'data' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    })),
    ...(opts.policy !== undefined ? { podManagementPolicy: opts.policy } : {}),
    ...(opts.onDelete === true
      ? { updateStrategy: { type: 'OnDelete' } }
      : opts.partition !== undefined
        ? { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: opts.partition } } }
        : {}),
    ...(opts.whenDeleted !== undefined || opts.whenScaled !== undefined
      ? { persistentVolumeClaimRetentionPolicy: { whenDeleted: opts.whenDeleted ?? 'Retain', whenScaled: opts.whenScaled ?? 'Retain' } }
      : {}),
    ...(opts.start !== undefined ? { ordinals: { start: opts.start } } : {}),
    ...(opts.minReadySeconds !== undefined ? { minReadySeconds: opts.minReadySeconds } : {}),
    ...(opts.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: opts.revisionHistoryLimit } : {}),
  },
})

// ---- a world the test drives

/** Sends a request (no controller reacts), failing the test when refused. */
export const send = (w: World, command: Command): World => {
  const out = requestIn({ ...w, controllers: [] }, command)
  expectAccepted(out.decision, `${command.verb}`)
  return { ...out.world, controllers: w.controllers }
}

/** A started world (no controllers) holding the set. */
export const worldWith = (set: KObject): World => send(startedWorld(), { verb: 'create', object: set })

export const reconcileSet = (s: ClusterState, nowMs = s.atMs, key = 'default/web'): ReconcileResult =>
  statefulSetController.reconcile(s, key, { nowMs, seed: 1 })

/** One controller pass, its commands applied in order (refusals ignored, as the step does). */
export const pass = (w: World, key = 'default/web'): { world: World; result: ReconcileResult } => {
  const result = reconcileSet(w.state, w.nowMs, key)
  let out = w
  for (const c of result.commands) {
    const { record: _r, actor: _a, ...plain } = c
    out = requestIn(out, plain as Command).world
  }
  return { world: out, result }
}

/** Passes until one writes nothing (at most `max`). */
export const settle = (w: World, max = 50, key = 'default/web'): World => {
  let out = w
  for (let i = 0; i < max; i++) {
    const p = pass(out, key)
    if (p.result.commands.length === 0) return out
    out = p.world
  }
  throw new Error('the controller did not settle')
}

/** Plays the kubelet for one pod: a status with the given phase/readiness, written now. */
export const podIs = (w: World, name: string, opts: { phase?: 'Running' | 'Pending' | 'Failed' | 'Succeeded'; ready?: boolean }): World =>
  send(w, { verb: 'updateStatus', object: { ...stored(w.state, 'Pod', name), status: podStatus({ ...opts, readySinceMs: w.nowMs }) } })

/** Every live pod not yet Ready becomes Running and Ready. */
export const readyAll = (w: World): World => {
  let out = w
  for (const p of listObjects<Pod>(w.state, 'Pod', 'default'))
    if (p.metadata.deletionTimestamp === undefined && p.status?.conditions?.[0]?.status !== 'True') out = podIs(out, p.metadata.name ?? '', { ready: true })
  return out
}

/** Deletes a pod as a kubelet finishing termination would: grace period 0. */
export const forceDelete = (w: World, name: string): World =>
  send(w, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name }, options: { gracePeriodSeconds: 0 } })

export const advanceTo = (w: World, atMs: number): World => step(resumeWorld([], w.state), { type: 'advanceTo', atMs }).world

export const podNames = (s: ClusterState): string[] => listObjects(s, 'Pod', 'default').map((p) => p.metadata.name ?? '')
export const claimNames = (s: ClusterState): string[] => listObjects(s, 'PersistentVolumeClaim', 'default').map((p) => p.metadata.name ?? '')
export const pod = (s: ClusterState, name: string): Pod | undefined => getObject<Pod>(s, 'Pod', 'default', name)
export const setIn = (s: ClusterState, name = 'web'): StatefulSet => stored<StatefulSet>(s, 'StatefulSet', name)

export const verbs = (r: ReconcileResult): string[] => r.commands.map((c) => `${c.verb} ${target(c)}`)
const target = (c: ControllerCommand): string => ('object' in c ? `${c.object.kind}/${c.object.metadata.name ?? ''}` : `${c.ref.kind}/${c.ref.name}`)

/** Scales the set (a spec update through the API). */
export const scale = (w: World, replicas: number, name = 'web'): World => {
  const set = setIn(w.state, name)
  return send(w, { verb: 'update', object: { ...set, spec: { ...set.spec, replicas } } })
}

/** Changes the template image (a new revision). */
export const setImage = (w: World, image: string, name = 'web'): World => {
  const set = setIn(w.state, name)
  const t = set.spec.template
  return send(w, { verb: 'update', object: { ...set, spec: { ...set.spec, template: { ...t, spec: { ...t.spec, containers: [{ name: 'app', image }] } } } } })
}

/** Brings a set up: passes and readiness until `replicas` pods are Running and Ready. */
export const bringUp = (w: World, rounds = 20): World => {
  let out = w
  for (let i = 0; i < rounds; i++) out = readyAll(settle(out))
  return settle(out)
}
