import type { Service } from '../../api/kinds/service.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import type { Pod } from '../../model/pod.js'
import type { ClusterState } from '../../state/clusterState.js'
import type { ControllerCommand } from '../controller.js'
import { LAST_CHANGE_TRIGGER_TIME, shouldPodBeInEndpoints } from './servicePods.js'
import {
  type EndpointSlice,
  endpointKey,
  endpointPortsFor,
  isOwnedBy,
  MAX_ENDPOINTS_PER_SLICE,
  newEndpointSlice,
  nodeOf,
  podToEndpoint,
  portMapKey,
  type SliceEndpoint,
  type SlicePort,
  sliceLabelsFor,
} from './sliceEndpoints.js'

/** Desired endpoints of one port mapping, in pod order: `EndpointSet` with a deterministic `PopAny`. */
interface Desired {
  readonly ports: SlicePort[]
  readonly endpoints: Map<string, SliceEndpoint>
}

/** The desired endpoints grouped by resolved port set (`reconcileByAddressType`, first half). */
export const desiredByPortMap = (s: ClusterState, svc: Service, pods: readonly Pod[]): Map<string, Desired> => {
  const out = new Map<string, Desired>()
  for (const p of pods) {
    if (!shouldPodBeInEndpoints(p, true)) continue
    const node = nodeOf(s, p)
    // A pod on a node that no longer exists is left out unless the service publishes not-ready addresses.
    if (p.spec.nodeName && node === undefined && svc.spec?.publishNotReadyAddresses !== true) continue
    const ports = endpointPortsFor(svc, p)
    const key = portMapKey(ports)
    const group = out.get(key) ?? { ports, endpoints: new Map<string, SliceEndpoint>() }
    out.set(key, group)
    const e = podToEndpoint(svc, p, node)
    group.endpoints.set(endpointKey(e), e)
  }
  return out
}

const popAny = (set: Map<string, SliceEndpoint>): SliceEndpoint => {
  const [k, e] = set.entries().next().value as [string, SliceEndpoint]
  set.delete(k)
  return e
}

interface Plan {
  create: EndpointSlice[]
  update: EndpointSlice[]
  delete: EndpointSlice[]
}

/** `reconcileByPortMapping`: keep, refresh and remove endpoints in existing slices, then fill or create. */
const reconcileByPortMapping = (svc: Service, existing: readonly EndpointSlice[], desired: Desired, plan: Plan): void => {
  const want = new Map(desired.endpoints)
  const byName = new Map<string, EndpointSlice>()
  const unchanged: string[] = []
  const toUpdate: string[] = []
  for (const slice of existing) {
    const name = slice.metadata.name ?? ''
    byName.set(name, slice)
    const kept: SliceEndpoint[] = []
    let updated = false
    for (const e of slice.endpoints ?? []) {
      const got = want.get(endpointKey(e))
      if (got === undefined) continue
      kept.push(got)
      if (!deepEqual(got, e)) updated = true
      want.delete(endpointKey(e))
    }
    const { labels, changed } = sliceLabelsFor(slice, svc)
    if (updated || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) plan.delete.push(slice)
      else {
        byName.set(name, { ...slice, endpoints: kept, metadata: { ...slice.metadata, labels } })
        toUpdate.push(name)
      }
    } else if (changed) {
      byName.set(name, { ...slice, metadata: { ...slice.metadata, labels } })
      toUpdate.push(name)
    } else unchanged.push(name)
  }
  // Fill the slices being updated anyway, fullest first (ties by name).
  if (want.size > 0 && toUpdate.length > 0) {
    const slices = toUpdate.map((n) => byName.get(n)!).sort((a, b) => b.endpoints.length - a.endpoints.length || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))
    for (const slice of slices) {
      const eps = [...slice.endpoints]
      while (want.size > 0 && eps.length < MAX_ENDPOINTS_PER_SLICE) eps.push(popAny(want))
      byName.set(slice.metadata.name ?? '', { ...slice, endpoints: eps })
    }
  }
  while (want.size > 0) {
    let fill: EndpointSlice | undefined
    if (want.size < MAX_ENDPOINTS_PER_SLICE && unchanged.length > 0) fill = sliceToFill(unchanged.map((n) => byName.get(n)!), want.size)
    const base = fill ?? newEndpointSlice(svc, desired.ports)
    const eps = [...base.endpoints]
    while (want.size > 0 && eps.length < MAX_ENDPOINTS_PER_SLICE) eps.push(popAny(want))
    const filled = { ...base, endpoints: eps }
    if (fill !== undefined) {
      const name = fill.metadata.name ?? ''
      byName.set(name, filled)
      toUpdate.push(name)
      unchanged.splice(unchanged.indexOf(name), 1)
    } else plan.create.push(filled)
  }
  for (const n of toUpdate) plan.update.push(byName.get(n)!)
}

/** `getSliceToFill`: the unchanged slice the remaining endpoints fit into most tightly. */
const sliceToFill = (slices: readonly EndpointSlice[], n: number): EndpointSlice | undefined => {
  let closestDiff = MAX_ENDPOINTS_PER_SLICE
  let closest: EndpointSlice | undefined
  for (const slice of slices) {
    const diff = MAX_ENDPOINTS_PER_SLICE - (n + slice.endpoints.length)
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff
      closest = slice
      if (diff === 0) return closest
    }
  }
  return closest
}

const isPlaceholderOf = (slice: EndpointSlice, placeholder: EndpointSlice): boolean =>
  slice.metadata.namespace === placeholder.metadata.namespace &&
  deepEqual(slice.metadata.labels ?? {}, placeholder.metadata.labels ?? {}) &&
  slice.addressType === placeholder.addressType &&
  (slice.endpoints ?? []).length === 0 &&
  (slice.ports ?? []).length === 0

const withTrigger = (slice: EndpointSlice, trigger: string | undefined): EndpointSlice => {
  const { [LAST_CHANGE_TRIGGER_TIME]: _old, ...annotations } = slice.metadata.annotations ?? {}
  const next = trigger === undefined ? annotations : { ...annotations, [LAST_CHANGE_TRIGGER_TIME]: trigger }
  return { ...slice, metadata: { ...slice.metadata, annotations: next } }
}

/**
 * Mirrors the endpointslice `Reconciler.reconcileByAddressType` and `finalize` (IPv4 only): plan per port
 * mapping, delete slices of vanished mappings and slices not owned by the service, keep or create one
 * placeholder slice when there is nothing else, turn creates into updates of slices about to be deleted,
 * skip creates while the service is being deleted. Commands: creates, updates, deletes.
 */
export const reconcileSlices = (s: ClusterState, svc: Service, pods: readonly Pod[], existing: readonly EndpointSlice[], trigger: string | undefined): ControllerCommand[] => {
  const plan: Plan = { create: [], update: [], delete: [] }
  const byPortMap = new Map<string, EndpointSlice[]>()
  for (const slice of existing) {
    if (slice.addressType !== 'IPv4' || !isOwnedBy(slice, svc)) {
      plan.delete.push(slice)
      continue
    }
    const key = portMapKey(slice.ports ?? [])
    byPortMap.set(key, [...(byPortMap.get(key) ?? []), slice])
  }
  const desired = desiredByPortMap(s, svc, pods)
  for (const [key, d] of desired) reconcileByPortMapping(svc, byPortMap.get(key) ?? [], d, plan)
  for (const [key, slices] of byPortMap) if (!desired.has(key)) plan.delete.push(...slices)
  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const placeholder = newEndpointSlice(svc, [])
    if (plan.delete.length === 1 && isPlaceholderOf(plan.delete[0]!, placeholder)) plan.delete = []
    else plan.create.push(placeholder)
  }
  for (let i = 0; i < plan.delete.length && plan.create.length > 0; ) {
    const victim = plan.delete[i]!
    if (victim.addressType === 'IPv4' && isOwnedBy(victim, svc)) {
      const slice = plan.create.pop()!
      const { generateName: _g, ...meta } = slice.metadata
      plan.update.push({ ...slice, metadata: { ...meta, name: victim.metadata.name ?? '' } })
      plan.delete.splice(i, 1)
    } else i++
  }
  const commands: ControllerCommand[] = []
  if (svc.metadata.deletionTimestamp === undefined) for (const c of plan.create) commands.push({ verb: 'create', object: withTrigger(c, trigger) })
  for (const u of plan.update) commands.push({ verb: 'update', object: withTrigger(u, trigger) })
  for (const d of plan.delete)
    commands.push({ verb: 'delete', ref: { kind: 'EndpointSlice', namespace: d.metadata.namespace ?? 'default', name: d.metadata.name ?? '' } })
  return commands
}
