import type { ObjectEvent } from '../../log/events.js'
import { type KObject, keyOf, splitNsName } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { fromLabelSelector, fromMap, type Selector } from '../../model/selector.js'
import type { ReplicaSet, ReplicationController } from '../../model/workloads.js'
import { type ClusterState, getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE } from '../controller.js'
import { fromReplicaSet, fromReplicationController, type ReplicaSetLike } from './replicaSetLike.js'
import { reconcileReplicaSetLike, setKeysForPod } from './reconcile.js'

type SetKind = 'ReplicaSet' | 'ReplicationController'

const labelSelectorOf = (o: KObject): Selector => {
  const s = fromLabelSelector((o as ReplicaSet).spec.selector)
  return typeof s === 'string' ? null : s
}
const mapSelectorOf = (o: KObject): Selector => {
  const sel = (o as ReplicationController).spec.selector
  return sel === undefined ? null : fromMap(sel)
}

const makeController = (
  name: string,
  kind: SetKind,
  view: (o: KObject) => ReplicaSetLike,
  selectorOf: (o: KObject) => Selector,
): Controller => ({
  name,
  actor: `controller:${name}`,
  primaryKind: kind,
  keysFor: (event: ObjectEvent, before: ClusterState) => {
    const o = event.data.object
    if (o.kind === kind) return [`${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`]
    if (o.kind !== 'Pod') return []
    const old = before.objects.get(keyOf(o)) as Pod | undefined
    return setKeysForPod(before, o as Pod, old, kind, selectorOf)
  },
  resyncKeys: (s) => listObjects(s, kind).map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`),
  reconcile: (s, key, ctx) => {
    const { namespace, name: n } = splitNsName(key)
    const o = getObject(s, kind, namespace, n)
    return o === undefined ? NO_CHANGE : reconcileReplicaSetLike(s, view(o), ctx)
  },
})

/** The ReplicaSet controller (`replicaset` in kube-controller-manager). */
export const replicaSetController: Controller = makeController(
  'replicaset',
  'ReplicaSet',
  (o) => fromReplicaSet(o as ReplicaSet),
  labelSelectorOf,
)

/** The ReplicationController controller: the same logic through the RC adapter, as upstream. */
export const replicationControllerController: Controller = makeController(
  'replicationcontroller',
  'ReplicationController',
  (o) => fromReplicationController(o as ReplicationController),
  mapSelectorOf,
)
