import { deepEqual } from '../../kernel/deepEqual.js'
import type { ObjectEvent } from '../../log/events.js'
import { controllerRefOf, type KObject, keyOf, nsNameOf } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { fromLabelSelector, matches } from '../../model/selector.js'
import type { Deployment } from '../../model/workloads.js'
import { type ClusterState, listObjects, selectByUid } from '../../state/clusterState.js'

/** `resolveControllerRef`: the Deployment an object's controllerRef names, if it exists with that uid. */
const owningDeployment = (s: ClusterState, o: KObject): Deployment | undefined => {
  const ref = controllerRefOf(o)
  if (ref?.kind !== 'Deployment') return undefined
  const owner = selectByUid(s, ref.uid)
  return owner?.kind === 'Deployment' && owner.metadata.name === ref.name ? (owner as Deployment) : undefined
}

/** Whether a deployment selector is empty: `{}` must match nothing here, not everything. */
const isEmptySelector = (d: Deployment): boolean =>
  d.spec.selector === undefined ||
  (Object.keys(d.spec.selector.matchLabels ?? {}).length === 0 && (d.spec.selector.matchExpressions ?? []).length === 0)

/** `getDeploymentsForReplicaSet`: deployments of the namespace whose (non-empty) selector matches the set's labels. */
const deploymentsSelecting = (s: ClusterState, rs: KObject): string[] => {
  const out: string[] = []
  for (const d of listObjects<Deployment>(s, 'Deployment', rs.metadata.namespace ?? '')) {
    if (isEmptySelector(d)) continue
    const sel = fromLabelSelector(d.spec.selector)
    if (typeof sel !== 'string' && matches(sel, rs.metadata.labels)) out.push(nsNameOf(d))
  }
  return out
}

/**
 * The ReplicaSet handlers (`addReplicaSet`, `updateReplicaSet`, `deleteReplicaSet`): the controllers named
 * by the old and new controllerRefs; for an orphan, every deployment whose selector matches its labels —
 * on create, and on update only when its labels or controllerRef changed.
 */
const keysForReplicaSet = (event: ObjectEvent, before: ClusterState): string[] => {
  const cur = event.data.object
  const old = event.type === 'object/created' ? undefined : before.objects.get(keyOf(cur))
  const keys = new Set<string>()
  for (const o of old !== undefined ? [old, cur] : [cur]) {
    const d = owningDeployment(before, o)
    if (d !== undefined) keys.add(nsNameOf(d))
  }
  if (event.type === 'object/deleted' || controllerRefOf(cur) !== undefined) return [...keys]
  const changed = old === undefined || !deepEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {}) || controllerRefOf(old) !== undefined
  if (changed) for (const k of deploymentsSelecting(before, cur)) keys.add(k)
  return [...keys]
}

/**
 * Pod events matter to a Recreate deployment only (upstream's `deletePod`): it waits for the old pods to
 * be gone. A pod deleted, or finished (Succeeded/Failed), re-queues the Recreate deployment that owns
 * the pod's ReplicaSet. Found through the uid index: pod → set → deployment, no namespace scan.
 */
const keysForPod = (event: ObjectEvent, before: ClusterState): string[] => {
  const pod = event.data.object as Pod
  if (event.type === 'object/updated') {
    const phase = pod.status?.phase
    const old = before.objects.get(keyOf(pod)) as Pod | undefined
    if ((phase !== 'Succeeded' && phase !== 'Failed') || old?.status?.phase === phase) return []
  } else if (event.type !== 'object/deleted') return []
  const ref = controllerRefOf(pod)
  if (ref?.kind !== 'ReplicaSet') return []
  const rs = selectByUid(before, ref.uid)
  if (rs === undefined) return []
  const d = owningDeployment(before, rs)
  return d !== undefined && d.spec.strategy?.type === 'Recreate' ? [nsNameOf(d)] : []
}

/** The deployment queue keys (`ns/name`) an event makes dirty, given the state just before it. */
export const deploymentKeysFor = (event: ObjectEvent, before: ClusterState): readonly string[] => {
  const o = event.data.object
  switch (o.kind) {
    case 'Deployment':
      return [nsNameOf(o)]
    case 'ReplicaSet':
      return keysForReplicaSet(event, before)
    case 'Pod':
      return keysForPod(event, before)
    default:
      return []
  }
}
