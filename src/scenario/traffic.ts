import { parseDurationMs } from '../kernel/duration.js'
import { isPodReady, type Pod } from '../model/pod.js'
import { matches, parseSelector } from '../model/selector.js'
import type { Engine } from '../runtime/engine.js'
import { type ClusterState, getObject, listObjects } from '../state/clusterState.js'

/** The pods behind a Service's ready endpoints (its Endpoints object's `addresses`), in name order. */
const endpointPods = (s: ClusterState, namespace: string, service: string): Pod[] => {
  const ep = getObject(s, 'Endpoints', namespace, service) as { subsets?: { addresses?: { targetRef?: { name?: string } }[] }[] } | undefined
  const names = new Set((ep?.subsets ?? []).flatMap((sub) => (sub.addresses ?? []).map((a) => a.targetRef?.name ?? '')))
  return [...names].sort().flatMap((n) => {
    const p = getObject<Pod>(s, 'Pod', namespace, n)
    return p ? [p] : []
  })
}

/** One request of a traffic probe: who answered (round robin over ready pods), or nobody. */
export interface TrafficSample {
  readonly atMs: number
  readonly pod?: string
  readonly image?: string
}

/**
 * Seed 002's `while true; do curl …; done`: every `every`, one request to a Service's ready endpoints
 * (or to the ready pods matching a selector), answered round robin by pod name. Virtual time moves to each
 * request (firing due timers) without recording clock events.
 */
export const probeTraffic = async (
  engine: Engine,
  spec: { selector?: string; service?: string; every: string; for: string; namespace?: string },
): Promise<TrafficSample[] | string> => {
  const every = parseDurationMs(spec.every)
  const total = parseDurationMs(spec.for)
  const sel = parseSelector(spec.selector ?? '')
  if (every === undefined || every <= 0 || total === undefined) return `traffic: invalid every/for (${spec.every}, ${spec.for})`
  if (typeof sel === 'string') return `traffic: ${sel}`
  if (spec.selector === undefined && spec.service === undefined) return 'traffic: give a service or a selector'
  const namespace = spec.namespace ?? 'default'
  const samples: TrafficSample[] = []
  const start = engine.world().nowMs
  for (let i = 0; i * every <= total; i++) {
    await engine.submit({ type: 'advanceTo', atMs: start + i * every })
    const ready =
      spec.service !== undefined
        ? endpointPods(engine.world().state, namespace, spec.service)
        : listObjects<Pod>(engine.world().state, 'Pod', namespace).filter(
            (p) => matches(sel, p.metadata.labels) && isPodReady(p) && p.metadata.deletionTimestamp === undefined,
          )
    const pod = ready[i % Math.max(ready.length, 1)]
    samples.push(pod ? { atMs: engine.world().nowMs, pod: pod.metadata.name ?? '', image: pod.spec.containers[0]?.image ?? '' } : { atMs: engine.world().nowMs })
  }
  return samples
}
