import type { HorizontalPodAutoscaler, HPACondition, HPAStatus } from '../../api/kinds/hpa.js'
import { fromTimestamp, toTimestamp } from '../../kernel/brand.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import { LOAD_CONFIGMAP } from '../../model/load.js'
import type { Pod } from '../../model/pod.js'
import { matches } from '../../model/selector.js'
import { type ClusterState, getObject, listObjects } from '../../state/clusterState.js'
import type { ControllerCommand, ReconcileContext, ReconcileResult } from '../controller.js'
import { setCondition } from './conditions.js'
import { closeStanding, hasOpenWindow, type History, HISTORY_ANNOTATION, initialHistory, readHistory, SYNC_PERIOD_MS, writeHistory } from './history.js'
import { computeReplicasForMetrics } from './metrics.js'
import { DOWNSCALE_STABILIZATION_MS, normalizeLegacy, normalizeWithBehaviors, rulesOf, storeScaleEvent } from './normalize.js'
import { isCpuClassificationPending } from './replicaCalculator.js'
import { getScale } from './scaleTarget.js'

/**
 * The instant of the HPA's next sync at or after `nowMs`. Upstream's work queue re-adds every HPA with a
 * fixed 15 s delay (also on creation), so syncs fall on `creationTimestamp + k × 15 s`, k ≥ 1.
 */
export const nextSyncMs = (createdMs: number, nowMs: number): number =>
  nowMs <= createdMs ? createdMs + SYNC_PERIOD_MS : createdMs + Math.ceil((nowMs - createdMs) / SYNC_PERIOD_MS) * SYNC_PERIOD_MS

interface Warning {
  readonly reason: string
  readonly message: string
}

/** What one sync decided, before it is turned into commands. */
interface SyncResult {
  readonly status: HPAStatus
  readonly history: History | undefined
  readonly rescale?: { readonly replicas: number; readonly reason: string }
  readonly warnings: readonly Warning[]
  readonly tick: boolean
}

/** Past recommendations that no window can reach any more (a sync that recorded none still ages them). */
const pruneExpired = (hpa: HorizontalPodAutoscaler, h: History, nowMs: number): History => {
  const { up, down } = rulesOf(hpa)
  const windowMs = hpa.spec.behavior === undefined
    ? DOWNSCALE_STABILIZATION_MS
    : Math.max(up.stabilizationWindowSeconds ?? 0, down.stabilizationWindowSeconds ?? 0) * 1000
  return { ...h, past: h.past.filter((r) => r.atMs >= nowMs - windowMs) }
}

const podsOf = (s: ClusterState, hpa: HorizontalPodAutoscaler, selector: Parameters<typeof matches>[0]): Pod[] =>
  listObjects<Pod>(s, 'Pod', hpa.metadata.namespace).filter((p) => matches(selector, p.metadata.labels))

/** `reconcileAutoscaler` from the scale lookup to `setStatus`, as pure data. */
const sync = (s: ClusterState, hpa: HorizontalPodAutoscaler, old: History | undefined, nowMs: number): SyncResult => {
  const previous = hpa.status ?? {}
  let conditions: HPACondition[] = [...(previous.conditions ?? [])]
  const scale = getScale(s, hpa)
  if (typeof scale === 'string') {
    conditions = setCondition(conditions, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${scale}`, nowMs)
    return { status: { ...previous, conditions }, history: old, warnings: [{ reason: 'FailedGetScale', message: scale }], tick: false }
  }
  conditions = setCondition(conditions, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale", nowMs)
  const current = scale.specReplicas
  let history = old ?? initialHistory(current, nowMs)
  const min = hpa.spec.minReplicas ?? 1
  const max = hpa.spec.maxReplicas
  const pods = podsOf(s, hpa, scale.selector)
  const cpuPending = (hpa.spec.metrics ?? []).some((m) => m.resource?.name === 'cpu') && pods.some((p) => isCpuClassificationPending(p, nowMs))
  let desired = 0
  let reason = ''
  let rescale = true
  let metricStatuses: readonly Record<string, unknown>[] = []
  let rateLimited = false
  if (current === 0 && min !== 0) {
    rescale = false
    conditions = setCondition(conditions, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', nowMs)
  } else if (current > max) {
    reason = 'Current number of replicas above Spec.MaxReplicas'
    desired = max
  } else if (current < min) {
    reason = 'Current number of replicas below Spec.MinReplicas'
    desired = min
  } else {
    const images = s.cluster.images
    const loadConfigMap = getObject(s, 'ConfigMap', hpa.metadata.namespace, LOAD_CONFIGMAP)
    const target = { kind: hpa.spec.scaleTargetRef.kind, name: hpa.spec.scaleTargetRef.name }
    const outcome = computeReplicasForMetrics(hpa, current, { pods, images, loadConfigMap, target, nowMs })
    if (!outcome.ok) {
      conditions = setCondition(conditions, 'ScalingActive', 'False', outcome.reason, `the HPA was unable to compute the replica count: ${outcome.metricError}`, nowMs)
      const status = statusOf(current, previous.desiredReplicas ?? 0, previous.lastScaleTime, outcome.statuses, conditions)
      const warnings = [{ reason: outcome.reason, message: outcome.metricError }, { reason: 'FailedComputeMetricsReplicas', message: outcome.error }]
      const aged = pruneExpired(hpa, closeStanding(history, nowMs), nowMs)
      return { status, history: aged, warnings, tick: cpuPending || hasOpenWindow(aged) }
    }
    metricStatuses = outcome.statuses
    conditions = setCondition(conditions, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${outcome.metric}`, nowMs)
    desired = Math.max(0, outcome.replicas)
    if (desired > current) reason = `${outcome.replicas > 0 ? outcome.metric : ''} above target`
    if (desired < current) reason = 'All metrics below target'
    const n = hpa.spec.behavior === undefined
      ? normalizeLegacy(history, current, desired, min, max, nowMs)
      : normalizeWithBehaviors(hpa, history, current, desired, min, nowMs)
    conditions = setCondition(conditions, 'AbleToScale', 'True', n.ableToScale.reason, n.ableToScale.message, nowMs)
    conditions = setCondition(conditions, 'ScalingLimited', n.limited.status, n.limited.reason, n.limited.message, nowMs)
    history = n.history
    desired = n.desired
    rescale = desired !== current
    rateLimited = n.limited.reason === 'ScaleUpLimit' || n.limited.reason === 'ScaleDownLimit'
  }
  // The scaling-disabled and out-of-range branches record no recommendation.
  if (metricStatuses.length === 0) history = pruneExpired(hpa, closeStanding(history, nowMs), nowMs)
  let lastScaleTime = previous.lastScaleTime
  if (rescale) {
    conditions = setCondition(conditions, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desired}`, nowMs)
    history = storeScaleEvent(hpa, history, current, desired, nowMs)
    lastScaleTime = toTimestamp(nowMs)
  } else desired = current
  return {
    status: statusOf(current, desired, lastScaleTime, metricStatuses, conditions),
    history,
    ...(rescale ? { rescale: { replicas: desired, reason } } : {}),
    warnings: [],
    tick: rescale || rateLimited || cpuPending || hasOpenWindow(history),
  }
}

/** `setStatus`: the v2 status, `currentMetrics` and `lastScaleTime` omitted when empty. */
const statusOf = (
  currentReplicas: number,
  desiredReplicas: number,
  lastScaleTime: string | undefined,
  metrics: readonly Record<string, unknown>[],
  conditions: readonly HPACondition[],
): HPAStatus => ({
  currentReplicas,
  desiredReplicas,
  ...(lastScaleTime !== undefined ? { lastScaleTime } : {}),
  ...(metrics.length > 0 ? { currentMetrics: metrics } : {}),
  conditions,
})

const withoutSyncMark = (h: History | undefined): string | undefined => {
  if (h === undefined) return undefined
  const { syncedAtMs: _s, ...rest } = h
  return writeHistory(rest)
}

/** The commands of a sync: the rescale (with its Event), then the status and history, when either changed. */
const commandsOf = (hpa: HorizontalPodAutoscaler, old: History | undefined, r: SyncResult, nowMs: number): ControllerCommand[] => {
  const ns = hpa.metadata.namespace ?? 'default'
  const name = hpa.metadata.name ?? ''
  const out: ControllerCommand[] = []
  if (r.rescale !== undefined) {
    const ref = hpa.spec.scaleTargetRef
    const message = `New size: ${r.rescale.replicas}; reason: ${r.rescale.reason}`
    out.push({
      verb: 'patch',
      ref: { kind: ref.kind, namespace: ns, name: ref.name },
      patch: { spec: { replicas: r.rescale.replicas } },
      record: {
        type: 'Normal',
        reason: 'SuccessfulRescale',
        message,
        involved: { kind: 'HorizontalPodAutoscaler', namespace: ns, name },
        onFailure: { reason: 'FailedRescale', message: `${message}; error: {error}` },
      },
    })
  }
  const statusChanged = !deepEqual(r.status, hpa.status ?? {})
  if (!statusChanged && r.rescale === undefined && withoutSyncMark(old) === withoutSyncMark(r.history)) return out
  const { resourceVersion: _rv, ...meta } = hpa.metadata
  const annotations = r.history === undefined
    ? meta.annotations
    : { ...(meta.annotations ?? {}), [HISTORY_ANNOTATION]: writeHistory({ ...r.history, syncedAtMs: nowMs }) }
  const object = { ...hpa, metadata: { ...meta, ...(annotations !== undefined ? { annotations } : {}) }, status: r.status }
  const warnings = statusChanged ? r.warnings : []
  if (warnings.length === 0) out.push({ verb: 'updateStatus', object })
  // One Event per command: the later warnings ride on repeats of the same (then unchanged) write.
  for (const w of warnings) out.push({ verb: 'updateStatus', object, record: { type: 'Warning', reason: w.reason, message: w.message } })
  return out
}

/**
 * Mirrors kubernetes pkg/controller/podautoscaler/horizontal.go `reconcileAutoscaler`, on the 15 s sync
 * grid. Off the grid, or a second time at a grid instant it already wrote at, it only schedules the
 * next sync. After a sync it asks for the next one only while time alone could change the outcome (see
 * README.md, "Going quiet").
 */
export const reconcileHPA = (s: ClusterState, hpa: HorizontalPodAutoscaler, ctx: ReconcileContext): ReconcileResult => {
  const nowMs = ctx.nowMs
  const createdMs = fromTimestamp(hpa.metadata.creationTimestamp ?? undefined) ?? 0
  const due = nextSyncMs(createdMs, nowMs)
  if (due !== nowMs) return { commands: [], requeueAfterMs: due - nowMs }
  const old = readHistory(hpa)
  if (old?.syncedAtMs === nowMs) return { commands: [], requeueAfterMs: SYNC_PERIOD_MS }
  const r = sync(s, hpa, old, nowMs)
  const commands = commandsOf(hpa, old, r, nowMs)
  return r.tick ? { commands, requeueAfterMs: SYNC_PERIOD_MS } : { commands }
}
