import type { Node } from '../../model/cluster.js'
import type { Pod } from '../../model/pod.js'
import { isPodAvailable } from '../replicaSet/status.js'
import { updateBudget } from './budget.js'
import { CONTROLLER_REVISION_HASH_LABEL, type DaemonSet, minReadySecondsOf } from './daemonSet.js'
import type { NodePlan } from './manage.js'
import { nodeShouldRunDaemonPod } from './nodeShouldRun.js'

/** `util.IsPodUpdated`: the pod carries the current revision hash. */
export const isPodUpdated = (p: Pod, hash: string): boolean => hash !== '' && p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash

/**
 * `findUpdatedPodsOnNode`: the node's one new and one old pod, ignoring pods being deleted; `ok` is
 * false when there are two of either (the manage loop prunes them first).
 */
export const findUpdatedPodsOnNode = (pods: readonly Pod[], hash: string): { newPod?: Pod; oldPod?: Pod; ok: boolean } => {
  let newPod: Pod | undefined
  let oldPod: Pod | undefined
  for (const p of pods) {
    if (p.metadata.deletionTimestamp !== undefined) continue
    if (isPodUpdated(p, hash)) {
      if (newPod !== undefined) return { ok: false }
      newPod = p
    } else {
      if (oldPod !== undefined) return { ok: false }
      oldPod = p
    }
  }
  return { ...(newPod !== undefined ? { newPod } : {}), ...(oldPod !== undefined ? { oldPod } : {}), ok: true }
}

/** `updatedDesiredNodeCounts`' node half: every node that should run a pod gets an entry, sorted by node name. */
const withDesiredNodes = (ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, Pod[]>): { entries: [string, Pod[]][]; desired: number } => {
  const all = new Map(byNode)
  let desired = 0
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue
    desired++
    const name = node.metadata.name ?? ''
    if (!all.has(name)) all.set(name, [])
  }
  return { entries: [...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), desired }
}

/**
 * Without surge: an unavailable old pod is replaced at once (counting as unavailable); an available
 * old pod is a candidate while fewer than maxUnavailable nodes are unavailable; nodes with no pod, or
 * with a pod being replaced, count as unavailable. Deletes only; the manage loop creates the new pods.
 */
const replaceWithoutSurge = (ds: DaemonSet, entries: readonly [string, Pod[]][], hash: string, maxUnavailable: number, nowMs: number, plan: NodePlan): void => {
  const minReady = minReadySecondsOf(ds)
  let numUnavailable = 0
  const allowed: Pod[] = []
  const candidates: Pod[] = []
  for (const [, pods] of entries) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(pods, hash)
    if (!ok || (newPod === undefined) === (oldPod === undefined)) numUnavailable++
    else if (newPod !== undefined) {
      if (!isPodAvailable(newPod, minReady, nowMs)) numUnavailable++
    } else if (oldPod !== undefined) {
      if (!isPodAvailable(oldPod, minReady, nowMs)) {
        allowed.push(oldPod)
        numUnavailable++
      } else if (numUnavailable < maxUnavailable) candidates.push(oldPod)
    }
  }
  const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length)
  for (const pod of [...allowed, ...candidates.slice(0, remaining)]) plan.podsToDelete.push({ pod })
}

/**
 * With surge: a node whose old pod is unavailable gets its new pod at once (or, if the node no longer
 * fits, loses the old pod); otherwise up to maxSurge nodes get a new pod beside the old one; an old
 * pod is deleted once the new pod on its node is available.
 */
const replaceWithSurge = (ds: DaemonSet, nodes: readonly Node[], entries: readonly [string, Pod[]][], hash: string, maxSurge: number, nowMs: number, plan: NodePlan): void => {
  const minReady = minReadySecondsOf(ds)
  const byName = new Map(nodes.map((n) => [n.metadata.name ?? '', n]))
  let numSurge = 0
  const allowed: string[] = []
  const candidates: string[] = []
  for (const [nodeName, pods] of entries) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(pods, hash)
    if (!ok) {
      numSurge++
      continue
    }
    if (oldPod === undefined) continue
    if (newPod === undefined) {
      if (!isPodAvailable(oldPod, minReady, nowMs)) {
        const node = byName.get(nodeName)
        if (node === undefined || !nodeShouldRunDaemonPod(node, ds).shouldRun) plan.podsToDelete.push({ pod: oldPod })
        else allowed.push(nodeName)
      } else if (numSurge < maxSurge) candidates.push(nodeName)
      continue
    }
    if (!isPodAvailable(newPod, minReady, nowMs)) numSurge++
    else plan.podsToDelete.push({ pod: oldPod })
  }
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidates.length)
  plan.nodesNeedingPods.push(...allowed, ...candidates.slice(0, remaining))
}

/**
 * Mirrors kubernetes pkg/controller/daemon `rollingUpdate` (stateful-storage-nodes.md §7), visiting
 * nodes in name order (upstream: Go map order). Budgets round percentages up against the number of
 * nodes that should run a pod; both 0 means maxUnavailable 1.
 */
export const rollingUpdate = (ds: DaemonSet, nodes: readonly Node[], byNode: ReadonlyMap<string, Pod[]>, hash: string, nowMs: number): NodePlan => {
  const plan: NodePlan = { nodesNeedingPods: [], podsToDelete: [] }
  const { entries, desired } = withDesiredNodes(ds, nodes, byNode)
  const { maxSurge, maxUnavailable } = updateBudget(ds, desired)
  if (maxSurge === 0) replaceWithoutSurge(ds, entries, hash, maxUnavailable, nowMs, plan)
  else replaceWithSurge(ds, nodes, entries, hash, maxSurge, nowMs, plan)
  return plan
}
