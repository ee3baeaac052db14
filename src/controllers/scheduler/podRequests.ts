import { parseMilliValue, parseValue } from '../../model/quantity.js'
import type { Container, Pod } from '../../model/pod.js'

/** Amounts per resource name in the scheduler's units: `cpu` in millicores, everything else in whole units (bytes). */
export type Resources = Readonly<Record<string, number>>

/** Upstream's `DefaultMilliCPURequest`: what scoring counts for a container without a cpu request. */
export const DEFAULT_MILLI_CPU_REQUEST = 100
/** Upstream's `DefaultMemoryRequest`: 200 MiB, what scoring counts for a container without a memory request. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024

/** The defaults scoring fills in for missing container requests (`NonMissingContainerRequests`). */
export const NON_ZERO_DEFAULTS: Resources = { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST }

/** One resource amount in scheduler units; undefined when the quantity does not parse. */
export const amountOf = (resource: string, quantity: string | number): number | undefined =>
  resource === 'cpu' ? parseMilliValue(quantity) : parseValue(quantity)

/** Parses a `ResourceList` (`{cpu: '500m', memory: '1Gi'}`) into scheduler units, skipping what does not parse. */
export const parseResourceList = (list: Readonly<Record<string, string | number>> | undefined): Record<string, number> => {
  const out: Record<string, number> = {}
  if (list === undefined) return out
  for (const name of Object.keys(list)) {
    const v = amountOf(name, list[name]!)
    if (v !== undefined) out[name] = v
  }
  return out
}

const add = (into: Record<string, number>, r: Resources): void => {
  for (const name of Object.keys(r)) into[name] = (into[name] ?? 0) + r[name]!
}

const maxInto = (into: Record<string, number>, r: Resources): void => {
  for (const name of Object.keys(r)) if ((into[name] ?? 0) < r[name]!) into[name] = r[name]!
}

/**
 * A container's requests as the API server stores them: a resource with a limit but no request is
 * requested at its limit (core/v1 defaulting, which Reel's write path does not apply yet). With
 * `nonMissing`, a resource still absent takes that default (scoring's non-zero requests).
 */
export const containerRequests = (c: Container, nonMissing?: Resources): Record<string, number> => {
  const out = parseResourceList(c.resources?.limits)
  Object.assign(out, parseResourceList(c.resources?.requests))
  if (nonMissing !== undefined) for (const name of Object.keys(nonMissing)) if (!(name in out)) out[name] = nonMissing[name]!
  return out
}

const isRestartable = (c: Container): boolean => (c as { restartPolicy?: string }).restartPolicy === 'Always'

/**
 * What a pod requests, per resource (resource helpers' `PodRequests`): the larger of the regular
 * containers' sum (plus sidecar init containers) and the peak of any init container (plus the sidecars
 * started before it), then `spec.overhead`. Without `nonMissing`, a missing request counts as 0 (the
 * filter); with it, as the default (scoring).
 */
export const podRequests = (pod: Pod, nonMissing?: Resources): Record<string, number> => {
  const reqs: Record<string, number> = {}
  for (const c of pod.spec.containers) add(reqs, containerRequests(c, nonMissing))
  const sidecars: Record<string, number> = {}
  const initPeak: Record<string, number> = {}
  for (const c of pod.spec.initContainers ?? []) {
    const r = containerRequests(c, nonMissing)
    if (isRestartable(c)) {
      add(reqs, r)
      add(sidecars, r)
      maxInto(initPeak, sidecars)
    } else {
      const during = { ...r }
      add(during, sidecars)
      maxInto(initPeak, during)
    }
  }
  maxInto(reqs, initPeak)
  add(reqs, parseResourceList((pod.spec as { overhead?: Record<string, string | number> }).overhead))
  return reqs
}
