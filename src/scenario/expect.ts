import { rolloutStatus } from '../client/rollout.js'
import { deepEqual } from '../kernel/deepEqual.js'
import { resolveResource } from '../model/resources.js'
import { matches, parseSelector } from '../model/selector.js'
import type { Deployment } from '../model/workloads.js'
import { type ClusterState, getObject, listObjects } from '../state/clusterState.js'
import { readPath } from './path.js'
import { resolveDns } from '../model/dns.js'
import { readVolume } from '../sim/volumeWrite.js'
import type { Expect } from './scenario.js'
import type { TrafficSample } from './traffic.js'

/** A failed expectation: what was expected and what was found. */
export interface Mismatch {
  readonly description: string
  readonly expected: unknown
  readonly actual: unknown
}

/** `kind/name` → kind and name; the kind may be any kubectl spelling (`rs`, `deploy`, `pods`). */
export const parseTarget = (target: string): { kind: string; name: string } | string => {
  const slash = target.indexOf('/')
  const rt = resolveResource(slash < 0 ? target : target.slice(0, slash))
  if (!rt) return `unknown resource type in "${target}"`
  return { kind: rt.kind, name: slash < 0 ? '' : target.slice(slash + 1) }
}

/** The `index`-th live object (name order) of a kind matching a selector: how expectations name generated pods. */
const pickBySelector = (s: ClusterState, kind: string, namespace: string, selector: string, index: number, terminating: boolean) => {
  const sel = parseSelector(selector)
  if (typeof sel === 'string') return undefined
  return listObjects(s, kind, namespace).filter((o) => matches(sel, o.metadata.labels) && (o.metadata.deletionTimestamp !== undefined) === terminating)[index]
}

const checkTraffic = (x: Expect, samples: readonly TrafficSample[] | undefined, description: string): Mismatch | undefined => {
  if (!samples) return { description, expected: `a traffic probe named ${x.traffic}`, actual: 'none' }
  const empty = samples.find((s) => s.pod === undefined)
  if (x.neverEmpty === true && empty)
    return { description, expected: 'a ready endpoint answering every request', actual: `no ready endpoint at ${empty.atMs}ms` }
  if (x.neverEmpty === false && !empty) return { description, expected: 'some request with no ready endpoint', actual: 'every request answered' }
  if (x.images !== undefined) {
    const seen: string[] = []
    for (const s of samples) if (s.image !== undefined && seen[seen.length - 1] !== s.image && !seen.includes(s.image)) seen.push(s.image)
    if (!deepEqual(seen, x.images)) return { description, expected: x.images, actual: seen }
  }
  return undefined
}

/** Evaluates one `expect` step against the state (and the traffic probes run so far). */
export const checkExpect = (s: ClusterState, x: Expect, traffic: ReadonlyMap<string, readonly TrafficSample[]>): Mismatch | undefined => {
  const namespace = x.namespace ?? 'default'
  const description = x.description ?? JSON.stringify(x)
  if (x.traffic !== undefined) return checkTraffic(x, traffic.get(x.traffic), description)
  if (x.dns !== undefined) {
    // The record values the name resolves to (sorted as DNS answers them), or "NXDOMAIN".
    const answer = resolveDns(s, x.dns, namespace)
    const actual = answer.status === 'NXDOMAIN' ? 'NXDOMAIN' : answer.records.map((r) => r.value)
    return deepEqual(actual, x.equals) ? undefined : { description, expected: x.equals, actual }
  }
  if (x.read !== undefined) {
    const pod = x.read.selector !== undefined ? pickBySelector(s, 'Pod', namespace, x.read.selector, x.read.index ?? 0, false) : getObject(s, 'Pod', namespace, (x.read.pod ?? '').replace(/^pods?\//, ''))
    if (!pod) return { description, expected: 'a pod to read from', actual: 'absent' }
    const r = readVolume(s, namespace, pod.metadata.name ?? '', x.read.volume)
    const actual = 'kind' in r ? r.message : (r.value ?? null)
    return deepEqual(actual, x.equals ?? null) ? undefined : { description, expected: x.equals ?? null, actual }
  }
  if (x.count !== undefined) {
    const rt = resolveResource(x.count)
    const sel = parseSelector(x.selector ?? '')
    if (!rt || typeof sel === 'string') return { description, expected: 'a resource and selector', actual: x.count }
    const n = listObjects(s, rt.kind, rt.namespaced ? namespace : undefined).filter((o) => matches(sel, o.metadata.labels)).length
    return n === x.equals ? undefined : { description, expected: x.equals, actual: n }
  }
  if (x.rollout !== undefined) {
    const t = parseTarget(x.rollout)
    const d = typeof t === 'string' ? undefined : getObject<Deployment>(s, 'Deployment', namespace, t.name)
    if (!d) return { description, expected: 'the deployment', actual: 'absent' }
    const message = rolloutStatus(d).message
    return message === x.message ? undefined : { description, expected: x.message, actual: message }
  }
  const t = parseTarget(x.target ?? '')
  if (typeof t === 'string') return { description, expected: 'a target', actual: t }
  const rt = resolveResource(t.kind)!
  const o = x.selector !== undefined && t.name === '' ? pickBySelector(s, t.kind, namespace, x.selector, x.index ?? 0, x.terminating === true) : getObject(s, t.kind, rt.namespaced ? namespace : undefined, t.name)
  if (x.exists !== undefined)
    return (o !== undefined) === x.exists ? undefined : { description, expected: x.exists ? 'exists' : 'absent', actual: o ? 'exists' : 'absent' }
  if (!o) return { description, expected: 'the object', actual: 'absent' }
  if (x.condition !== undefined) {
    const c = readPath(o, `status.conditions[type=${x.condition}]`) as Record<string, unknown> | undefined
    const ok = c !== undefined && (x.status === undefined || c.status === x.status) && (x.reason === undefined || c.reason === x.reason)
    return ok ? undefined : { description, expected: { type: x.condition, status: x.status, reason: x.reason }, actual: c ?? 'no such condition' }
  }
  const actual = readPath(o, x.path ?? '')
  return deepEqual(actual, x.equals) ? undefined : { description, expected: x.equals, actual }
}
