import type { KObject } from '../model/meta.js'

/**
 * autoscaling/v1 HorizontalPodAutoscaler ⇄ autoscaling/v2 (Reel's storage version), the spec and status
 * fields v1 has. Mirrors kubernetes pkg/apis/autoscaling/v1/conversion.go: v1's
 * `targetCPUUtilizationPercentage` is v2's `Resource` cpu metric with a `Utilization` target. Upstream
 * also keeps v2-only metrics and conditions in `autoscaling.alpha.kubernetes.io/*` annotations of the v1
 * object; Reel does not (a v1 read shows the cpu target only). `kubectl autoscale` (1.32) writes v1.
 */

type Json = Record<string, unknown>

export const HPA_V1 = 'autoscaling/v1'
const HPA_V2 = 'autoscaling/v2'

const isMap = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)

const cpuUtilization = (averageUtilization: unknown) => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } },
})

/** True for an autoscaling/v1 HorizontalPodAutoscaler. */
export const isHpaV1 = (o: KObject): boolean => o.apiVersion === HPA_V1 && o.kind === 'HorizontalPodAutoscaler'

/** A v1 HPA as v2: the cpu percentage becomes the one metric (none when unset, so v2's default applies). */
export const hpaFromV1 = (o: KObject): KObject => {
  const { targetCPUUtilizationPercentage: cpu, ...spec } = isMap(o.spec) ? o.spec : {}
  const { currentCPUUtilizationPercentage: current, ...status } = isMap(o.status) ? o.status : {}
  const currentMetrics =
    typeof current === 'number' ? { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }] } : {}
  return {
    ...o,
    apiVersion: HPA_V2,
    spec: { ...spec, ...(cpu !== undefined && cpu !== null ? { metrics: [cpuUtilization(cpu)] } : {}) },
    ...(o.status !== undefined ? { status: { ...status, ...currentMetrics } } : {}),
  }
}

const cpuOf = (metrics: unknown, field: 'target' | 'current'): number | undefined => {
  for (const m of Array.isArray(metrics) ? metrics : []) {
    if (!isMap(m) || m.type !== 'Resource' || !isMap(m.resource) || m.resource.name !== 'cpu') continue
    const v = isMap(m.resource[field]) ? (m.resource[field] as Json).averageUtilization : undefined
    if (typeof v === 'number') return v
  }
  return undefined
}

/** A stored v2 HPA as v1 answers it: the cpu utilization target and current value, v1's other fields. */
export const hpaToV1 = (o: KObject): KObject => {
  const { metrics, behavior: _behavior, ...spec } = isMap(o.spec) ? o.spec : {}
  const { currentMetrics, conditions: _conditions, ...status } = isMap(o.status) ? o.status : {}
  const target = cpuOf(metrics, 'target')
  const current = cpuOf(currentMetrics, 'current')
  return {
    ...o,
    apiVersion: HPA_V1,
    spec: { ...spec, ...(target !== undefined ? { targetCPUUtilizationPercentage: target } : {}) },
    ...(o.status !== undefined ? { status: { ...status, ...(current !== undefined ? { currentCPUUtilizationPercentage: current } : {}) } } : {}),
  }
}
