import type { ObjectEvent } from '../../log/events.js'
import { controllerRefOf, type KObject, keyOf, nsNameOf } from '../../model/meta.js'
import { fromLabelSelector, matches } from '../../model/selector.js'
import { type ClusterState, listObjects, selectByUid } from '../../state/clusterState.js'
import type { StatefulSet } from './types.js'

/** Sets of the namespace whose selector matches the labels (`getStatefulSetsForPod`). */
const setsSelecting = (s: ClusterState, o: KObject): string[] => {
  const out: string[] = []
  for (const set of listObjects<StatefulSet>(s, 'StatefulSet', o.metadata.namespace ?? '')) {
    const sel = fromLabelSelector(set.spec.selector)
    if (typeof sel !== 'string' && matches(sel, o.metadata.labels)) out.push(nsNameOf(set))
  }
  return out
}

/** The set an object's controllerRef names (by uid, falling back to the ref's name once the set is gone). */
const controllingSet = (s: ClusterState, o: KObject): string | undefined => {
  const ref = controllerRefOf(o)
  if (ref?.kind !== 'StatefulSet') return undefined
  const owner = selectByUid(s, ref.uid)
  return `${o.metadata.namespace ?? ''}/${owner?.metadata.name ?? ref.name}`
}

/**
 * The pod handlers (`addPod`, `updatePod`, `deletePod`): the sets named by the old and new controllerRefs;
 * for an orphan, every set whose selector matches its labels.
 */
const keysForPod = (event: ObjectEvent, before: ClusterState): string[] => {
  const cur = event.data.object
  const old = event.type === 'object/created' ? undefined : before.objects.get(keyOf(cur))
  const keys = new Set<string>()
  for (const o of old !== undefined ? [old, cur] : [cur]) {
    const k = controllingSet(before, o)
    if (k !== undefined) keys.add(k)
    else if (controllerRefOf(o) === undefined && event.type !== 'object/deleted') for (const x of setsSelecting(before, o)) keys.add(x)
  }
  return [...keys]
}

/**
 * The StatefulSet queue keys (`ns/name`) an event makes dirty: the set itself, its pods, and — Reel's
 * stand-in for upstream's error requeue — its claims (a claim going away unblocks a pod's creation),
 * found by the selector labels every template claim carries.
 */
export const statefulSetKeysFor = (event: ObjectEvent, before: ClusterState): readonly string[] => {
  const o = event.data.object
  switch (o.kind) {
    case 'StatefulSet':
      return [nsNameOf(o)]
    case 'Pod':
      return keysForPod(event, before)
    case 'PersistentVolumeClaim':
      return event.type === 'object/created' ? [] : setsSelecting(before, o)
    default:
      return []
  }
}
