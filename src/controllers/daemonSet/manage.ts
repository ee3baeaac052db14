import { fromTimestamp } from '../../kernel/brand.js'
import type { Node } from '../../model/cluster.js'
import type { KObject } from '../../model/meta.js'
import { isPodReady, type Pod } from '../../model/pod.js'
import type { ControllerCommand, RecordedEvent } from '../controller.js'
import { isPodAvailable } from '../replicaSet/status.js'
import { allowsSurge } from './budget.js'
import { CONTROLLER_REVISION_HASH_LABEL, type DaemonSet, involvedOf, minReadySecondsOf, namespaceOf } from './daemonSet.js'
import { nodeShouldRunDaemonPod } from './nodeShouldRun.js'

/** What one pass decided for the nodes: where to create a pod, and which pods to delete. */
export interface NodePlan {
  readonly nodesNeedingPods: string[]
  readonly podsToDelete: PodDeletion[]
}

/** A pod to delete, the Event to record, and whether to skip the grace period (node gone). */
export interface PodDeletion {
  readonly pod: Pod
  readonly record?: RecordedEvent
  readonly force?: boolean
}

const creationMs = (p: Pod): number => fromTimestamp(p.metadata.creationTimestamp ?? undefined) ?? 0

/** `podByCreationTimestampAndPhase`: bound pods first, then oldest, then by name. */
export const byCreationAndPhase = (a: Pod, b: Pod): number => {
  const ba = Boolean(a.spec.nodeName)
  const bb = Boolean(b.spec.nodeName)
  if (ba !== bb) return ba ? -1 : 1
  const d = creationMs(a) - creationMs(b)
  if (d !== 0) return d
  const na = a.metadata.name ?? ''
  const nb = b.metadata.name ?? ''
  return na < nb ? -1 : na > nb ? 1 : 0
}

const terminalRecord = (ds: DaemonSet, pod: Pod, node: string): RecordedEvent => {
  const ref = `${namespaceOf(ds)}/${pod.metadata.name ?? ''}`
  return pod.status?.phase === 'Failed'
    ? { type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${ref} on node ${node}, will try to kill it`, involved: involvedOf(ds) }
    : { type: 'Normal', reason: 'SucceededDaemonPod', message: `Found succeeded daemon pod ${ref} on node ${node}, will try to delete it`, involved: involvedOf(ds) }
}

/** With surge: keep the oldest new and oldest old pod, and drop the old one once it is unready or the new one is available. */
const surgePrune = (ds: DaemonSet, running: Pod[], hash: string, nowMs: number, out: PodDeletion[]): void => {
  let oldestNew: Pod | undefined
  let oldestOld: Pod | undefined
  for (const p of running) {
    const isNew = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash
    if (isNew && oldestNew === undefined) oldestNew = p
    else if (!isNew && oldestOld === undefined) oldestOld = p
    else out.push({ pod: p })
  }
  if (oldestNew === undefined || oldestOld === undefined) return
  if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReadySecondsOf(ds), nowMs)) out.push({ pod: oldestOld })
}

/**
 * Mirrors kubernetes pkg/controller/daemon `podsShouldBeOnNode`: create where a pod should run and none
 * exists (a terminating one counts as existing); where pods may stay, delete terminal ones and excess
 * ones (all but the oldest; with surge, see {@link surgePrune}); where they may not, delete them all.
 */
export const podsShouldBeOnNode = (node: Node, ds: DaemonSet, pods: readonly Pod[] | undefined, hash: string, nowMs: number, plan: NodePlan): void => {
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds)
  const name = node.metadata.name ?? ''
  if (shouldRun && pods === undefined) {
    plan.nodesNeedingPods.push(name)
    return
  }
  if (pods === undefined) return
  if (!shouldContinueRunning) {
    for (const p of pods) if (p.metadata.deletionTimestamp === undefined) plan.podsToDelete.push({ pod: p })
    return
  }
  const running: Pod[] = []
  for (const p of pods) {
    if (p.metadata.deletionTimestamp !== undefined) continue
    const phase = p.status?.phase
    if (phase === 'Failed' || phase === 'Succeeded') plan.podsToDelete.push({ pod: p, record: terminalRecord(ds, p, name) })
    else running.push(p)
  }
  running.sort(byCreationAndPhase)
  if (!allowsSurge(ds)) {
    for (const p of running.slice(1)) plan.podsToDelete.push({ pod: p })
    return
  }
  if (running.length <= 1) {
    if (running.length === 0 && shouldRun) plan.nodesNeedingPods.push(name)
    return
  }
  surgePrune(ds, running, hash, nowMs, plan.podsToDelete)
}

/**
 * `manage`: {@link podsShouldBeOnNode} for every node (in name order), then the pods whose node no
 * longer exists — unscheduled ones as upstream (`getUnscheduledPodsWithoutNode`), and bound ones with
 * grace period 0, standing in for the PodGC controller Reel does not run (see README).
 */
export const manage = (ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, Pod[]>, hash: string, nowMs: number): NodePlan => {
  const plan: NodePlan = { nodesNeedingPods: [], podsToDelete: [] }
  const known = new Set<string>()
  for (const node of nodes) {
    known.add(node.metadata.name ?? '')
    podsShouldBeOnNode(node, ds, byNode.get(node.metadata.name ?? ''), hash, nowMs, plan)
  }
  for (const [node, pods] of [...byNode].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (known.has(node)) continue
    for (const p of pods) {
      if (!p.spec.nodeName) plan.podsToDelete.push({ pod: p })
      else if (p.metadata.deletionTimestamp === undefined || (p.metadata.deletionGracePeriodSeconds ?? 0) > 0) plan.podsToDelete.push({ pod: p, force: true })
    }
  }
  return plan
}

/** Upstream's `BurstReplicas`: at most this many creates, and as many deletes, per sync. */
export const BURST_REPLICAS = 250

/** `syncNodes`: the create and delete commands (creates first, each capped at 250), with their Events. */
export const syncNodes = (ds: DaemonSet, podFor: (node: string) => KObject, plan: NodePlan): ControllerCommand[] => {
  const out: ControllerCommand[] = []
  for (const node of plan.nodesNeedingPods.slice(0, BURST_REPLICAS))
    out.push({ verb: 'create', object: podFor(node), record: { type: 'Normal', reason: 'SuccessfulCreate', message: 'Created pod: {name}', involved: involvedOf(ds) } })
  for (const d of plan.podsToDelete.slice(0, BURST_REPLICAS)) {
    const name = d.pod.metadata.name ?? ''
    out.push({
      verb: 'delete',
      ref: { kind: 'Pod', namespace: namespaceOf(ds), name },
      ...(d.force === true ? { options: { gracePeriodSeconds: 0 } } : {}),
      record: d.record ?? { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${name}`, involved: involvedOf(ds) },
    })
  }
  return out
}
