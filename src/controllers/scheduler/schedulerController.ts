import { deepEqual } from '../../kernel/deepEqual.js'
import type { ObjectEvent } from '../../log/events.js'
import type { Node } from '../../model/cluster.js'
import { keyOf, nsNameOf, splitNsName } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { type ClusterState, getObject, selectUnscheduledPods } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE } from '../controller.js'
import { isTerminal } from './nodeInfo.js'
import { isPendingForScheduler, reconcileScheduling } from './reconcile.js'
import { claimNamesOf } from '../../model/volumes.js'

/** Keys (`ns/name`) of every pod waiting for this scheduler, from the unscheduled-pods index. */
export const selectPendingPodKeys = (s: ClusterState): string[] =>
  selectUnscheduledPods<Pod>(s).filter(isPendingForScheduler).map(nsNameOf)

/**
 * Pending pods of a namespace that use a claim: a claim added or changed (bound, say) may let them
 * pass VolumeBinding (upstream's PVC informer events move such pods back to the active queue).
 */
const pendingPodsUsingClaim = (s: ClusterState, namespace: string, claim: string): string[] =>
  selectUnscheduledPods<Pod>(s)
    .filter((p) => (p.metadata.namespace ?? 'default') === namespace && isPendingForScheduler(p) && claimNamesOf(p).includes(claim))
    .map(nsNameOf)

/** Whether a node change can let a pending pod fit: labels, taints, `unschedulable` or allocatable changed. */
export const isSchedulingRelevantNodeChange = (old: Node, next: Node): boolean =>
  !deepEqual(old.metadata.labels ?? {}, next.metadata.labels ?? {}) ||
  !deepEqual(old.spec?.taints ?? [], next.spec?.taints ?? []) ||
  (old.spec?.unschedulable ?? false) !== (next.spec?.unschedulable ?? false) ||
  !deepEqual(old.status?.allocatable ?? {}, next.status?.allocatable ?? {})

/** Whether a change to a bound pod frees what it held on its node (deleted, or turned terminal, or unbound). */
const freesNodeResources = (event: ObjectEvent, pod: Pod, old: Pod | undefined): boolean => {
  if (event.type === 'object/deleted') return Boolean(pod.spec.nodeName) && !isTerminal(pod)
  if (old === undefined || !old.spec.nodeName || isTerminal(old)) return false
  return !pod.spec.nodeName || isTerminal(pod)
}

/**
 * The scheduler's informer handlers as `keysFor`: a pending pod created or updated makes its own key
 * dirty; anything that may make room or change the nodes' shape (a node added or changed, a bound pod
 * deleted, finished or unbound) makes every pending pod dirty — upstream's "move all to active queue".
 */
export const schedulerKeysFor = (event: ObjectEvent, before: ClusterState): readonly string[] => {
  const o = event.data.object
  if (o.kind === 'Node') {
    if (event.type === 'object/created') return selectPendingPodKeys(before)
    if (event.type === 'object/deleted') return []
    const old = before.objects.get(keyOf(o)) as Node | undefined
    return old === undefined || isSchedulingRelevantNodeChange(old, o as Node) ? selectPendingPodKeys(before) : []
  }
  if (o.kind === 'PersistentVolumeClaim') return event.type === 'object/deleted' ? [] : pendingPodsUsingClaim(before, o.metadata.namespace ?? 'default', o.metadata.name ?? '')
  if (o.kind !== 'Pod') return []
  const pod = o as Pod
  const old = before.objects.get(keyOf(o)) as Pod | undefined
  const own = event.type !== 'object/deleted' && isPendingForScheduler(pod) ? [nsNameOf(pod)] : []
  if (!freesNodeResources(event, pod, old)) return own
  const all = selectPendingPodKeys(before)
  return own.length > 0 && !all.includes(own[0]!) ? [...all, own[0]!] : all
}

/**
 * kube-scheduler's default profile as a controller (`scheduler`, writing as `scheduler`). Keys are
 * pending pods; a reconcile binds the pod or records why it cannot be placed. See README.md.
 */
export const schedulerController: Controller = {
  name: 'scheduler',
  actor: 'scheduler',
  primaryKind: 'Pod',
  keysFor: schedulerKeysFor,
  resyncKeys: selectPendingPodKeys,
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const pod = getObject<Pod>(s, 'Pod', namespace, name)
    return pod === undefined ? NO_CHANGE : reconcileScheduling(s, pod, ctx)
  },
}
