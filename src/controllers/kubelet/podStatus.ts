import { toTimestamp } from '../../kernel/brand.js'
import type { PodCondition } from '../../model/pod.js'
import type { ContainerStatusJson } from './containerRun.js'

type Json = Record<string, unknown>

/**
 * `getPhase` (stateful-storage-nodes.md §4.2) for pods without init containers: waiting → Pending;
 * any running → Running; all stopped → Succeeded/Failed by exit codes and restartPolicy.
 */
export const computePhase = (statuses: readonly ContainerStatusJson[], restartPolicy: string): string => {
  let running = 0
  let waiting = 0
  let stopped = 0
  let succeeded = 0
  for (const c of statuses) {
    const st = c.state as { running?: unknown; waiting?: unknown; terminated?: { exitCode?: number } }
    const last = (c.lastState as { terminated?: unknown }).terminated
    if (st.running) running++
    else if (st.terminated) {
      stopped++
      if ((st.terminated.exitCode ?? 0) === 0) succeeded++
    } else if (st.waiting && last) stopped++
    else waiting++
  }
  if (waiting > 0) return 'Pending'
  if (running > 0) return 'Running'
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running'
    if (succeeded === stopped) return 'Succeeded'
    if (restartPolicy === 'Never') return 'Failed'
    return 'Running'
  }
  return 'Pending'
}

const condition = (type: string, status: boolean, previous: readonly PodCondition[], nowMs: number, reason?: string, message?: string): PodCondition => {
  const value = status ? 'True' : 'False'
  const old = previous.find((c) => c.type === type)
  const since = old && old.status === value ? old.lastTransitionTime : toTimestamp(nowMs)
  return {
    type,
    status: value,
    lastProbeTime: null,
    ...(since !== undefined ? { lastTransitionTime: since } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(message !== undefined ? { message } : {}),
  }
}

/**
 * The kubelet's conditions (§4.4): PodReadyToStartContainers, Initialized, ContainersReady, Ready, and
 * the scheduler's PodScheduled kept as is. A condition keeps its lastTransitionTime while its status holds.
 */
export const computeConditions = (
  previous: readonly PodCondition[],
  statuses: readonly ContainerStatusJson[],
  phase: string,
  nowMs: number,
): PodCondition[] => {
  const unready = statuses.filter((c) => !c.ready).map((c) => c.name)
  const allReady = unready.length === 0 && statuses.length > 0
  const terminalReason = phase === 'Succeeded' ? 'PodCompleted' : phase === 'Failed' ? 'PodFailed' : undefined
  const notReady = terminalReason ?? 'ContainersNotReady'
  const notReadyMessage = terminalReason ? undefined : `containers with unready status: [${unready.join(' ')}]`
  const out: PodCondition[] = [
    condition('PodReadyToStartContainers', phase !== 'Succeeded' && phase !== 'Failed', previous, nowMs),
    condition('Initialized', true, previous, nowMs, terminalReason === 'PodCompleted' ? 'PodCompleted' : undefined),
    condition('Ready', allReady && !terminalReason, previous, nowMs, allReady && !terminalReason ? undefined : notReady, allReady ? undefined : notReadyMessage),
    condition('ContainersReady', allReady && !terminalReason, previous, nowMs, allReady && !terminalReason ? undefined : notReady, allReady ? undefined : notReadyMessage),
  ]
  const scheduled = previous.find((c) => c.type === 'PodScheduled')
  return scheduled ? [...out, scheduled] : out
}

/** The pod's status object, keys in the order upstream writes them. */
export const podStatus = (fields: { phase: string; conditions: PodCondition[]; hostIP: string; podIP: string; startTime: string; containerStatuses: ContainerStatusJson[]; qosClass: string }): Json => ({
  phase: fields.phase,
  conditions: fields.conditions,
  hostIP: fields.hostIP,
  hostIPs: [{ ip: fields.hostIP }],
  podIP: fields.podIP,
  podIPs: [{ ip: fields.podIP }],
  startTime: fields.startTime,
  containerStatuses: fields.containerStatuses,
  qosClass: fields.qosClass,
})
