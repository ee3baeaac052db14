import type { Node } from '../../model/cluster.js'
import { isPodReady, type Pod } from '../../model/pod.js'
import { availableAtMs, isPodAvailable } from '../replicaSet/status.js'
import { type DaemonSet, type DaemonSetStatus, minReadySecondsOf } from './daemonSet.js'
import { byCreationAndPhase } from './manage.js'
import { nodeShouldRunDaemonPod } from './nodeShouldRun.js'
import { isPodUpdated } from './rollingUpdate.js'

/** The counted status fields (`updateDaemonSetStatus`), and the oldest pods they were read from. */
export interface StatusCounts {
  readonly status: DaemonSetStatus
  /** The oldest pod on each node that should run one: whose readiness and availability were counted. */
  readonly counted: readonly Pod[]
}

/**
 * Mirrors kubernetes pkg/controller/daemon `updateDaemonSetStatus`: per node, desired if it should run
 * a pod; then scheduled if it has one (terminating ones count), and its oldest pod decides ready,
 * available (minReadySeconds) and updated (current hash); a node that should not run one but has one is
 * misscheduled. `numberUnavailable = desired − available`. `observedGeneration` = generation.
 */
export const calculateStatus = (ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, Pod[]>, hash: string, nowMs: number): StatusCounts => {
  let desired = 0
  let current = 0
  let misscheduled = 0
  let ready = 0
  let updated = 0
  let available = 0
  const counted: Pod[] = []
  for (const node of nodes) {
    const pods = byNode.get(node.metadata.name ?? '') ?? []
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length > 0) misscheduled++
      continue
    }
    desired++
    if (pods.length === 0) continue
    current++
    const pod = [...pods].sort(byCreationAndPhase)[0]!
    counted.push(pod)
    if (isPodReady(pod)) {
      ready++
      if (isPodAvailable(pod, minReadySecondsOf(ds), nowMs)) available++
    }
    if (isPodUpdated(pod, hash)) updated++
  }
  const status: DaemonSetStatus = {
    ...(ds.status ?? {}),
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation ?? 0,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  }
  return { status, counted }
}

/** The earliest future moment a counted ready pod becomes available under minReadySeconds, if any. */
export const nextAvailabilityMs = (ds: DaemonSet, counted: readonly Pod[], nowMs: number): number | undefined => {
  const minReady = minReadySecondsOf(ds)
  if (minReady === 0) return undefined
  let next: number | undefined
  for (const p of counted) {
    const at = availableAtMs(p, minReady)
    if (at !== undefined && at >= nowMs && (next === undefined || at < next)) next = at
  }
  return next
}
