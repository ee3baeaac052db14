import type { Controller, ReconcileResult } from '../../../../src/controllers/controller.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { ClusterState } from '../../../../src/state/clusterState.js'
import { appliedAll } from '../../../support/builders.js'

/** Endpoint-controller test objects: services and pods as a user (and a kubelet, for status) would write them. */

export interface ServiceOptions {
  readonly clusterIP?: string
  readonly selector?: Record<string, string> | null
  readonly ports?: readonly Record<string, unknown>[]
  readonly publishNotReadyAddresses?: boolean
  readonly labels?: Record<string, string>
  readonly type?: string
}

export const aService = (name: string, opts: ServiceOptions = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default', ...(opts.labels ? { labels: opts.labels } : {}) },
  spec: {
    ...(opts.type ? { type: opts.type } : {}),
    ...(opts.clusterIP !== undefined ? { clusterIP: opts.clusterIP } : { clusterIP: '10.96.100.1' }),
    ...(opts.selector === null ? {} : { selector: opts.selector ?? { app: name } }),
    ports: opts.ports ?? [{ port: 80, targetPort: 8080 }],
    ...(opts.publishNotReadyAddresses !== undefined ? { publishNotReadyAddresses: opts.publishNotReadyAddresses } : {}),
  },
})

export interface EpPodOptions {
  readonly labels?: Record<string, string>
  readonly ip?: string
  readonly ready?: boolean
  readonly phase?: string
  readonly hostname?: string
  readonly subdomain?: string
  readonly ports?: readonly Record<string, unknown>[]
  readonly node?: string
}

export const anEpPod = (name: string, opts: EpPodOptions = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels: opts.labels ?? { app: 'web' } },
  spec: {
    nodeName: opts.node ?? 'node-1',
    containers: [{ name: 'app', image: 'nginx:1.27', ...(opts.ports ? { ports: opts.ports } : {}) }],
    ...(opts.hostname ? { hostname: opts.hostname } : {}),
    ...(opts.subdomain ? { subdomain: opts.subdomain } : {}),
  },
  status: {
    phase: opts.phase ?? 'Running',
    ...(opts.ip !== undefined ? { podIP: opts.ip, podIPs: [{ ip: opts.ip }] } : {}),
    conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }],
  },
})

export const ctxOf = (s: ClusterState) => ({ nowMs: s.atMs, seed: 1 })

export const reconcileOnce = (c: Controller, s: ClusterState, key = 'default/web'): ReconcileResult => c.reconcile(s, key, ctxOf(s))

/** Runs a controller on one key and applies its commands until it issues none (at most 5 rounds). */
export const converge = (c: Controller, s: ClusterState, key = 'default/web'): ClusterState => {
  let state = s
  for (let i = 0; i < 5; i++) {
    const { commands } = reconcileOnce(c, state, key)
    if (commands.length === 0) return state
    state = appliedAll(state, commands)
  }
  throw new Error(`${c.name} did not converge on ${key}`)
}
