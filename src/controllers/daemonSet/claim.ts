import { withOwnerReferences } from '../../model/meta.js'
import type { KObject } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { matches } from '../../model/selector.js'
import { type ClusterState, selectOrphans, selectOwnedBy } from '../../state/clusterState.js'
import type { ControllerCommand } from '../controller.js'
import { controllerRefFor, type DaemonSet, namespaceOf, selectorOf, uidOf } from './daemonSet.js'
import { targetNodeName } from './daemonPod.js'

/** What a claim found: the objects the set controls after adoption and release, and the writes doing it. */
export interface Claimed<T extends KObject> {
  readonly objects: T[]
  readonly commands: ControllerCommand[]
}

/**
 * `ControllerRefManager.ClaimPods` / `ClaimControllerRevisions` for a DaemonSet: owned objects that still
 * match stay; owned ones that no longer match are released; matching orphans not being deleted are
 * adopted. Reads the owner and orphan indexes, never the whole namespace. The set is not being deleted
 * here (syncDaemonSet returns before claiming when it is).
 */
export const claim = <T extends KObject>(s: ClusterState, ds: DaemonSet, kind: 'Pod' | 'ControllerRevision'): Claimed<T> => {
  const selector = selectorOf(ds)
  const uid = uidOf(ds)
  const objects: T[] = []
  const commands: ControllerCommand[] = []
  for (const o of selectOwnedBy<T>(s, uid)) {
    if (o.kind !== kind || o.metadata.namespace !== namespaceOf(ds)) continue
    if (o.metadata.ownerReferences?.find((r) => r.controller === true)?.uid !== uid) continue
    if (matches(selector, o.metadata.labels)) objects.push(o)
    else commands.push({ verb: 'update', object: withOwnerReferences(o, (o.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid)) })
  }
  for (const o of selectOrphans<T>(s, kind, namespaceOf(ds))) {
    if (o.metadata.deletionTimestamp !== undefined || !matches(selector, o.metadata.labels)) continue
    const adopted = withOwnerReferences(o, [...(o.metadata.ownerReferences ?? []), controllerRefFor(ds)])
    commands.push({ verb: 'update', object: adopted })
    objects.push(adopted as T)
  }
  return { objects, commands }
}

/** `podutil.IsPodTerminal`. */
export const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'

/**
 * `getNodesToDaemonPods(ds, includeDeletedTerminal=false)`: claimed pods grouped by target node (bound
 * node, or the node their affinity names), leaving out pods both terminal and being deleted, and pods
 * that name no node. Each node's pods keep key order.
 */
export const nodesToDaemonPods = (pods: readonly Pod[]): Map<string, Pod[]> => {
  const out = new Map<string, Pod[]>()
  for (const p of pods) {
    if (isTerminal(p) && p.metadata.deletionTimestamp !== undefined) continue
    const node = targetNodeName(p)
    if (node === undefined) continue
    const list = out.get(node)
    if (list === undefined) out.set(node, [p])
    else list.push(p)
  }
  return out
}
