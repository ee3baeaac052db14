import type { KObject } from '../../model/meta.js'
import type { ReplicaSetLike } from './replicaSetLike.js'

/**
 * `GetPodFromTemplate`: labels, annotations and finalizers from the template, the spec copied, the name
 * left to the API server (`generateName: <rs>-`), and a controller reference to the set.
 */
export const podFromTemplate = (rs: ReplicaSetLike): KObject => {
  const meta = rs.template?.metadata ?? {}
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.name}-`,
      namespace: rs.namespace,
      ...(meta.labels !== undefined ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations !== undefined ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers !== undefined ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [
        { apiVersion: rs.apiVersion, kind: rs.kind, name: rs.name, uid: rs.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: rs.template?.spec,
  }
}
