// Realistic Pod events for the benchmarks: a ReplicaSet's pods (labels, ownerReferences, one container with
// resources, ports and a probe, the service-account volume) going through created → scheduled → running →
// status churn → deleted. Deterministic: a seeded PRNG, no clock.
import { toTimestamp } from '../../src/kernel/brand.js'
import type { Event } from '../../src/log/events.js'
import type { KObject } from '../../src/model/meta.js'

/** mulberry32: a tiny deterministic PRNG in [0, 1). */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const hex = (n: number, width: number): string => (n >>> 0).toString(16).padStart(width, '0').slice(-width)
const uidOf = (i: number): string => `${hex(i * 2654435761, 8)}-${hex(i, 4)}-4${hex(i >>> 4, 3)}-8${hex(i * 40503, 3)}-${hex(i * 97, 4)}${hex(i * 7919, 8)}`

/** Owners: a few ReplicaSets, so the byOwner index has several sets. */
export const OWNER_COUNT = 10
/** Nodes the pods are bound to once scheduled. */
export const NODE_COUNT = 100

const ownerOf = (i: number) => {
  const o = i % OWNER_COUNT
  return { name: `web-${o}-7d4b9c6f5`, uid: `0b5e1c2a-77d1-4c3b-9e0f-${hex(o, 12)}`, app: `web-${o}` }
}

/** Lifecycle stage of a generated pod: 0 created (pending), 1 scheduled, 2 running and ready, ≥3 status churn. */
export type Stage = number

/**
 * The pod with index `i` at `stage`, as stored at `seq` (resourceVersion) and virtual time `atMs`.
 * About 1.35 KB of JSON when created, 1.47 KB scheduled, 1.95 KB running; stored records average ~1.8 KB over the rolling mix.
 */
export const makePod = (i: number, stage: Stage, seq: number, atMs: number, createdMs: number): KObject => {
  const owner = ownerOf(i)
  const name = `${owner.name}-${i.toString(36).padStart(5, 'x')}`
  const created = toTimestamp(createdMs)
  const node = `node-${(i % NODE_COUNT) + 1}`
  const restarts = stage >= 3 ? stage - 2 : 0
  const conditions =
    stage === 0
      ? undefined
      : stage === 1
        ? [{ type: 'PodScheduled', status: 'True', lastTransitionTime: created }]
        : [
            { type: 'Ready', status: 'True', lastTransitionTime: toTimestamp(atMs) },
            { type: 'ContainersReady', status: 'True', lastTransitionTime: toTimestamp(atMs) },
            { type: 'PodScheduled', status: 'True', lastTransitionTime: created },
          ]
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${owner.name}-`,
      namespace: 'default',
      uid: uidOf(i),
      resourceVersion: String(seq),
      creationTimestamp: created,
      labels: { app: owner.app, 'pod-template-hash': '7d4b9c6f5', tier: 'frontend', release: 'stable' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'registry.example.com/team/web:1.27.3',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      ...(stage >= 1 ? { nodeName: node } : {}),
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    status: {
      phase: stage >= 2 ? 'Running' : 'Pending',
      qosClass: 'Burstable',
      ...(conditions !== undefined ? { conditions } : {}),
      ...(stage >= 2
        ? {
            hostIP: `172.18.${i % NODE_COUNT}.2`,
            podIP: `10.244.${(i >>> 8) & 255}.${i & 255}`,
            startTime: created,
            containerStatuses: [
              {
                name: 'web',
                ready: true,
                started: true,
                restartCount: restarts,
                image: 'registry.example.com/team/web:1.27.3',
                containerID: `containerd://${hex(i * 31, 8)}${hex(seq, 8)}`,
                state: { running: { startedAt: toTimestamp(atMs) } },
              },
            ],
          }
        : {}),
    },
  }
}

const event = (seq: number, atMs: number, type: 'object/created' | 'object/updated' | 'object/deleted', actor: string, object: KObject): Event =>
  ({ seq, at: atMs, type, v: 1, actor, cause: Math.max(1, seq - 1), data: { object } }) as Event

interface Live {
  readonly i: number
  stage: Stage
  readonly createdMs: number
}

/**
 * Pod events over a rolling population: ramps up to `population` pods, then keeps it near that size with
 * creates, status updates and deletes (about 20/60/20 in steady state). `deletes: false` gives creates and
 * updates only (the append benchmark).
 */
export class PodWorkload {
  private readonly rnd: () => number
  private readonly live: Live[] = []
  private nextPod = 0
  private seq: number
  /** Creates, updates, deletes produced so far. */
  readonly counts = { created: 0, updated: 0, deleted: 0 }

  constructor(
    private readonly population: number,
    opts: { readonly seed?: number; readonly firstSeq?: number; readonly deletes?: boolean } = {},
  ) {
    this.rnd = prng(opts.seed ?? 1)
    this.seq = (opts.firstSeq ?? 1) - 1
    this.deletes = opts.deletes ?? true
  }

  private readonly deletes: boolean

  /** Pods alive after the events produced so far. */
  get size(): number {
    return this.live.length
  }

  next(): Event {
    const seq = ++this.seq
    const atMs = seq * 100
    const n = this.live.length
    const p = this.population
    const pCreate = n < 0.9 * p ? 0.5 : n < p ? 0.25 : 0.15
    const pDelete = !this.deletes || n < 0.9 * p ? 0 : n < p ? 0.15 : 0.25
    const r = this.rnd()
    if (n === 0 || r < pCreate) {
      const pod: Live = { i: this.nextPod++, stage: 0, createdMs: atMs }
      this.live.push(pod)
      this.counts.created++
      return event(seq, atMs, 'object/created', 'controller:replicaset', makePod(pod.i, 0, seq, atMs, atMs))
    }
    const k = Math.floor(this.rnd() * n)
    const pod = this.live[k]!
    if (r < pCreate + pDelete) {
      this.live[k] = this.live[n - 1]!
      this.live.pop()
      this.counts.deleted++
      return event(seq, atMs, 'object/deleted', 'controller:replicaset', makePod(pod.i, pod.stage, seq, atMs, pod.createdMs))
    }
    pod.stage++
    this.counts.updated++
    const actor = pod.stage === 1 ? 'scheduler' : `kubelet:node-${(pod.i % NODE_COUNT) + 1}`
    return event(seq, atMs, 'object/updated', actor, makePod(pod.i, pod.stage, seq, atMs, pod.createdMs))
  }

  batch(count: number): Event[] {
    const out: Event[] = new Array(count)
    for (let j = 0; j < count; j++) out[j] = this.next()
    return out
  }
}
