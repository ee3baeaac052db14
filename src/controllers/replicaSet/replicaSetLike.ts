import type { KObject } from '../../model/meta.js'
import type { PodTemplateSpec } from '../../model/pod.js'
import { fromLabelSelector, fromMap, type Selector } from '../../model/selector.js'
import type { ReplicaSet, ReplicaSetStatus, ReplicationController } from '../../model/workloads.js'

/**
 * The view of a ReplicaSet or ReplicationController the shared controller works on — upstream runs the
 * ReplicaSet controller over RCs through a conversion adapter, and so does Reel.
 */
export interface ReplicaSetLike {
  readonly object: KObject
  readonly kind: 'ReplicaSet' | 'ReplicationController'
  readonly apiVersion: 'apps/v1' | 'v1'
  readonly namespace: string
  readonly name: string
  readonly uid: string
  readonly selector: Selector
  readonly replicas: number
  readonly minReadySeconds: number
  readonly template: PodTemplateSpec | undefined
  readonly status: ReplicaSetStatus
  readonly generation: number
  readonly beingDeleted: boolean
}

export const fromReplicaSet = (rs: ReplicaSet): ReplicaSetLike => {
  const sel = fromLabelSelector(rs.spec.selector)
  return {
    object: rs,
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    namespace: rs.metadata.namespace ?? 'default',
    name: rs.metadata.name ?? '',
    uid: rs.metadata.uid ?? '',
    selector: typeof sel === 'string' ? null : sel,
    replicas: rs.spec.replicas ?? 1,
    minReadySeconds: rs.spec.minReadySeconds ?? 0,
    template: rs.spec.template,
    status: rs.status ?? {},
    generation: rs.metadata.generation ?? 0,
    beingDeleted: rs.metadata.deletionTimestamp !== undefined,
  }
}

export const fromReplicationController = (rc: ReplicationController): ReplicaSetLike => ({
  object: rc,
  kind: 'ReplicationController',
  apiVersion: 'v1',
  namespace: rc.metadata.namespace ?? 'default',
  name: rc.metadata.name ?? '',
  uid: rc.metadata.uid ?? '',
  selector: rc.spec.selector === undefined ? null : fromMap(rc.spec.selector),
  replicas: rc.spec.replicas ?? 1,
  minReadySeconds: rc.spec.minReadySeconds ?? 0,
  template: rc.spec.template,
  status: rc.status ?? {},
  generation: rc.metadata.generation ?? 0,
  beingDeleted: rc.metadata.deletionTimestamp !== undefined,
})
