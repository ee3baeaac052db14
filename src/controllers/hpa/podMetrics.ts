import { fromTimestamp } from '../../kernel/brand.js'
import { behaviorFor, type RawBehavior } from '../../model/imageBehavior.js'
import { cpuLoadMilli, type LoadTarget, shareOf } from '../../model/load.js'
import type { KObject } from '../../model/meta.js'
import { isPodReady, type Pod } from '../../model/pod.js'
import { parseMilliValue } from '../../model/quantity.js'

/** metrics-server's `--metric-resolution`: the window a sample covers, ending at its timestamp. */
export const METRIC_WINDOW_MS = 15_000

/** One pod's sample as the resource metrics API reports it (`PodMetric`): milli-units. */
export interface PodSample {
  readonly valueMilli: number
  readonly timestampMs: number
  readonly windowMs: number
}

/** Whether the pod takes a share of the load: Running, Ready and not being deleted. */
const takesLoad = (p: Pod): boolean => p.status?.phase === 'Running' && isPodReady(p) && p.metadata.deletionTimestamp === undefined

/**
 * The simulated resource metrics API (`GetResourceMetric`) for `resource` over `pods`: a sample, taken
 * now, for every Running pod with a `startTime` (metrics-server only reports started pods). CPU usage is
 * the containers' image-behaviour `cpu` plus an even share of the target's load; memory is the
 * containers' `memory`, in milli-bytes as upstream's `MilliValue()`. Undefined for other resources.
 */
export const simulatedSamples = (
  resource: string,
  pods: readonly Pod[],
  images: Readonly<Record<string, RawBehavior>> | undefined,
  loadConfigMap: KObject | undefined,
  target: LoadTarget,
  nowMs: number,
): Map<string, PodSample> | undefined => {
  if (resource !== 'cpu' && resource !== 'memory') return undefined
  const loaded = pods.filter(takesLoad).map((p) => p.metadata.name ?? '').sort()
  const loadMilli = resource === 'cpu' ? cpuLoadMilli(loadConfigMap, target) : 0
  const out = new Map<string, PodSample>()
  for (const p of pods) {
    if (p.status?.phase !== 'Running' || fromTimestamp(p.status.startTime) === undefined) continue
    const name = p.metadata.name ?? ''
    let value = 0
    for (const c of p.spec.containers) {
      const b = behaviorFor(images, c.image, c.name, p.metadata.annotations)
      value += resource === 'cpu' ? (b.cpuMilli ?? 0) : (b.memoryBytes ?? 0) * 1000
    }
    const i = loaded.indexOf(name)
    if (i >= 0) value += shareOf(loadMilli, loaded.length, i)
    out.set(name, { valueMilli: Math.round(value), timestampMs: nowMs, windowMs: METRIC_WINDOW_MS })
  }
  return out
}

/**
 * `calculatePodRequestsFromContainers` over every pod: the sum of its containers' requests for `resource`
 * in milli-units, or upstream's error for the first container without one.
 */
export const calculateRequests = (pods: readonly Pod[], resource: string): Map<string, number> | string => {
  const out = new Map<string, number>()
  for (const p of pods) {
    let total = 0
    for (const c of p.spec.containers) {
      const q = c.resources?.requests?.[resource]
      const milli = q === undefined ? undefined : parseMilliValue(q)
      if (milli === undefined) return `missing request for ${resource} in container ${c.name} of Pod ${p.metadata.name ?? ''}`
      total += milli
    }
    out.set(p.metadata.name ?? '', total)
  }
  return out
}
