import { deepEqual } from '../../kernel/deepEqual.js'
import type { ObjectEvent } from '../../log/events.js'
import type { Node } from '../../model/cluster.js'
import { controllerRefOf, type KObject, keyOf, nsNameOf } from '../../model/meta.js'
import { matches } from '../../model/selector.js'
import { type ClusterState, listObjects, selectByUid } from '../../state/clusterState.js'
import { type DaemonSet, selectorOf } from './daemonSet.js'
import { nodeShouldRunDaemonPod } from './nodeShouldRun.js'

/** `resolveControllerRef`: the DaemonSet a controllerRef names, when it exists with that uid and name. */
const owningDaemonSet = (s: ClusterState, o: KObject): DaemonSet | undefined => {
  const ref = controllerRefOf(o)
  if (ref?.kind !== 'DaemonSet') return undefined
  const owner = selectByUid(s, ref.uid)
  return owner?.kind === 'DaemonSet' && owner.metadata.name === ref.name ? (owner as DaemonSet) : undefined
}

/** `getPodDaemonSets` / `getHistoryDaemonSets`: the sets of the object's namespace whose selector matches its labels. */
const daemonSetsSelecting = (s: ClusterState, o: KObject): string[] =>
  listObjects<DaemonSet>(s, 'DaemonSet', o.metadata.namespace ?? '')
    .filter((ds) => matches(selectorOf(ds), o.metadata.labels))
    .map(nsNameOf)

/**
 * The pod and ControllerRevision handlers (`addPod`, `updatePod`, `deletePod`, `add/update/deleteHistory`):
 * the sets named by the old and new controllerRefs; for an orphan, the matching sets — on create, and on
 * update when its labels or controllerRef changed. A deleted orphan concerns nobody.
 */
const keysForDependent = (event: ObjectEvent, before: ClusterState): string[] => {
  const cur = event.data.object
  const old = event.type === 'object/created' ? undefined : before.objects.get(keyOf(cur))
  const keys = new Set<string>()
  for (const o of old !== undefined ? [old, cur] : [cur]) {
    const ds = owningDaemonSet(before, o)
    if (ds !== undefined) keys.add(nsNameOf(ds))
  }
  if (event.type === 'object/deleted' || controllerRefOf(cur) !== undefined) return [...keys]
  const changed = old === undefined || !deepEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {}) || controllerRefOf(old) !== undefined
  if (changed) for (const k of daemonSetsSelecting(before, cur)) keys.add(k)
  return [...keys]
}

/** `nodeInSameCondition`: the same set of condition types with status True. */
const sameTrueConditions = (a: Node, b: Node): boolean => {
  const trueTypes = (n: Node): string[] =>
    (n.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => String(c.type)).sort()
  return deepEqual(trueTypes(a), trueTypes(b))
}

/** `shouldIgnoreNodeUpdate`: only heartbeats changed (same True conditions, nothing else but conditions). */
const isIgnorableNodeUpdate = (old: Node, cur: Node): boolean => {
  if (!sameTrueConditions(old, cur)) return false
  const strip = (n: Node) => ({ ...n, metadata: { ...n.metadata, resourceVersion: '' }, status: { ...(n.status ?? {}), conditions: [] } })
  return deepEqual(strip(old), strip(cur))
}

/**
 * The node handlers: a new node wakes every set that should run on it (`addNode`); a changed node wakes
 * the sets whose shouldRun or shouldContinueRunning answer changed (`updateNode`). Upstream has no node
 * delete handler (PodGC removes the pods, whose deletion wakes the set); Reel runs no PodGC, so a
 * deleted node wakes every set, which then removes the node's pods.
 */
const keysForNode = (event: ObjectEvent, before: ClusterState): string[] => {
  const cur = event.data.object as Node
  const all = listObjects<DaemonSet>(before, 'DaemonSet')
  if (event.type === 'object/deleted') return all.map(nsNameOf)
  if (event.type === 'object/created') return all.filter((ds) => nodeShouldRunDaemonPod(cur, ds).shouldRun).map(nsNameOf)
  const old = before.objects.get(keyOf(cur)) as Node | undefined
  if (old === undefined) return all.map(nsNameOf)
  if (isIgnorableNodeUpdate(old, cur)) return []
  return all
    .filter((ds) => {
      const a = nodeShouldRunDaemonPod(old, ds)
      const b = nodeShouldRunDaemonPod(cur, ds)
      return a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning
    })
    .map(nsNameOf)
}

/** The DaemonSet queue keys (`ns/name`) an event makes dirty, given the state just before it. */
export const daemonSetKeysFor = (event: ObjectEvent, before: ClusterState): readonly string[] => {
  const o = event.data.object
  switch (o.kind) {
    case 'DaemonSet':
      return [nsNameOf(o)]
    case 'Pod':
    case 'ControllerRevision':
      return keysForDependent(event, before)
    case 'Node':
      return keysForNode(event, before)
    default:
      return []
  }
}
