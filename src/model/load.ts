import type { KObject } from './meta.js'
import { formatMilliValue, parseMilliValue } from './quantity.js'

/**
 * Simulated load, as data in the log. A ConfigMap named `reel-load` in a namespace maps a scale target
 * (`deployment/web`) to its total CPU demand (`cpu=800m`). The demand is spread evenly over the target's
 * Running and Ready pods, on top of what their images use at rest; the HPA's simulated metrics read it.
 *
 * The stored value is always absolute millicores. A scenario's `load: { cpu: "80%" }` is converted
 * once, when the step runs, to `80% × (one pod's cpu request) × (the target's spec.replicas then)`, so
 * the demand stays fixed while the HPA adds pods and utilization falls as it would under real traffic.
 */
export const LOAD_CONFIGMAP = 'reel-load'

/** Short and plural names a user may write before the `/`, mapped to the Kind. */
const KIND_NAMES: Readonly<Record<string, string>> = {
  deployment: 'Deployment', deployments: 'Deployment', deploy: 'Deployment',
  replicaset: 'ReplicaSet', replicasets: 'ReplicaSet', rs: 'ReplicaSet',
  statefulset: 'StatefulSet', statefulsets: 'StatefulSet', sts: 'StatefulSet',
  replicationcontroller: 'ReplicationController', replicationcontrollers: 'ReplicationController', rc: 'ReplicationController',
}

/** A scale target named by kind and name. */
export interface LoadTarget {
  readonly kind: string
  readonly name: string
}

/** `deploy/web`, `deployment/web` or `Deployment/web` → `{ kind: 'Deployment', name: 'web' }`; else an error. */
export const parseLoadTarget = (text: string): LoadTarget | string => {
  const slash = text.indexOf('/')
  const kind = slash < 0 ? undefined : KIND_NAMES[text.slice(0, slash).toLowerCase()]
  const name = slash < 0 ? '' : text.slice(slash + 1)
  if (kind === undefined || name === '' || name.includes('/'))
    return `load target must be <kind>/<name> with kind deployment, replicaset, statefulset or replicationcontroller, got "${text}"`
  return { kind, name }
}

/** The ConfigMap data key of a target: the lower-case kind, `/`, the name (`deployment/web`). */
export const loadKey = (t: LoadTarget): string => `${t.kind.toLowerCase()}/${t.name}`

/** A load as a step gives it: an absolute quantity (`800m`, `2`) or a percentage of the target's requests (`80%`). */
export type CpuLoad = { readonly kind: 'milli'; readonly milli: number } | { readonly kind: 'percent'; readonly percent: number }

/** Parses `800m`, `1.5`, `80%`. */
export const parseCpuLoad = (text: string): CpuLoad | string => {
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(text.trim())
  if (pct) return { kind: 'percent', percent: Number(pct[1]) }
  const milli = parseMilliValue(text.trim())
  if (milli === undefined || milli < 0) return `cpu load must be a quantity (800m, 2) or a percentage (80%), got "${text}"`
  return { kind: 'milli', milli }
}

/** The stored value for a demand: `cpu=800m`. */
export const formatLoadValue = (milli: number): string => `cpu=${formatMilliValue(milli)}`

/** Reads a stored value (`cpu=800m`); undefined when it is not one (such an entry means no load). */
export const parseLoadValue = (value: string): number | undefined => {
  const m = /^cpu=(.+)$/.exec(value.trim())
  if (!m) return undefined
  const parsed = parseCpuLoad(m[1]!)
  return typeof parsed !== 'string' && parsed.kind === 'milli' ? parsed.milli : undefined
}

/** The target's total CPU demand in millicores from the namespace's `reel-load` ConfigMap (0 without one). */
export const cpuLoadMilli = (configMap: KObject | undefined, target: LoadTarget): number => {
  const data = configMap?.data as Readonly<Record<string, string>> | undefined
  const value = data?.[loadKey(target)]
  return value === undefined ? 0 : (parseLoadValue(value) ?? 0)
}

/**
 * Splits `totalMilli` evenly over `count` pods in a fixed order: each gets `floor(total / count)` and the
 * first `total mod count` one more, so the shares always add up to the total.
 */
export const shareOf = (totalMilli: number, count: number, index: number): number => {
  if (count <= 0) return 0
  const base = Math.floor(totalMilli / count)
  return base + (index < totalMilli - base * count ? 1 : 0)
}
