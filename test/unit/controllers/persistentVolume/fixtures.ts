import type { Command } from '../../../../src/api/commands.js'
import type { PersistentVolume, PersistentVolumeClaim } from '../../../../src/api/kinds/storage.js'
import { volumeExpansionController } from '../../../../src/controllers/persistentVolume/expand.js'
import { persistentVolumeController } from '../../../../src/controllers/persistentVolume/persistentVolumeController.js'
import { pvcProtectionController, pvProtectionController } from '../../../../src/controllers/persistentVolume/protection.js'
import type { KObject } from '../../../../src/model/meta.js'
import { type ClusterState, getObject, listObjects } from '../../../../src/state/clusterState.js'
import type { World } from '../../../../src/sim/world.js'
import { expectAccepted, requestIn, startedWorld } from '../../../support/builders.js'

/** The storage controllers, in the order the wiring puts them. */
export const STORAGE_CONTROLLERS = [persistentVolumeController, pvcProtectionController, pvProtectionController, volumeExpansionController]

export const storageWorld = (): World => startedWorld(STORAGE_CONTROLLERS)

/** Sends accepted requests in order, running the controllers to quiescence after each. */
export const send = (w: World, ...commands: Command[]): World => {
  let out = w
  for (const c of commands) {
    const r = requestIn(out, c)
    expectAccepted(r.decision, `${c.verb}`)
    out = r.world
  }
  return out
}

export const create = (o: KObject): Command => ({ verb: 'create', object: o })

export interface PvOptions {
  readonly size?: string
  readonly modes?: readonly string[]
  readonly className?: string
  readonly labels?: Record<string, string>
  readonly policy?: string
  readonly claimRef?: { namespace: string; name: string; uid?: string }
}

export const aPv = (name: string, opts: PvOptions = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name, ...(opts.labels !== undefined ? { labels: opts.labels } : {}) },
  spec: {
    capacity: { storage: opts.size ?? '1Gi' },
    accessModes: [...(opts.modes ?? ['ReadWriteOnce'])],
    persistentVolumeReclaimPolicy: opts.policy ?? 'Retain',
    ...(opts.className !== undefined ? { storageClassName: opts.className } : {}),
    ...(opts.claimRef !== undefined ? { claimRef: opts.claimRef } : {}),
    hostPath: { path: `/data/${name}` },
  },
})

export interface PvcOptions {
  readonly size?: string
  readonly modes?: readonly string[]
  /** `null` leaves the class unset. */
  readonly className?: string | null
  readonly selector?: Record<string, string>
  readonly volumeName?: string
}

export const aPvc = (name: string, opts: PvcOptions = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default' },
  spec: {
    accessModes: [...(opts.modes ?? ['ReadWriteOnce'])],
    resources: { requests: { storage: opts.size ?? '1Gi' } },
    ...(opts.className !== null ? { storageClassName: opts.className ?? '' } : {}),
    ...(opts.selector !== undefined ? { selector: { matchLabels: opts.selector } } : {}),
    ...(opts.volumeName !== undefined ? { volumeName: opts.volumeName } : {}),
  },
})

export const aClass = (name: string, fields: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner: 'example.com/nfs',
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'Immediate',
  ...fields,
})

/** A pod mounting `claim`, bound to `node-1` when `scheduled`. */
export const aPodUsing = (name: string, claim: string, scheduled: boolean): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    containers: [{ name: 'app', image: 'nginx:1.25' }],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }],
    ...(scheduled ? { nodeName: 'node-1' } : {}),
  },
})

export const pv = (s: ClusterState, name: string): PersistentVolume | undefined => getObject<PersistentVolume>(s, 'PersistentVolume', undefined, name)
export const pvc = (s: ClusterState, name: string): PersistentVolumeClaim | undefined =>
  getObject<PersistentVolumeClaim>(s, 'PersistentVolumeClaim', 'default', name)

/** `reason: message` of every Event in the default namespace, in name order. */
export const eventsOf = (s: ClusterState): string[] =>
  listObjects<KObject & { reason: string; message: string }>(s, 'Event', 'default').map((e) => `${e.reason}: ${e.message}`)
