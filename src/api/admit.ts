import * as E from 'fp-ts/lib/Either.js'
import type { KObject } from '../model/meta.js'
import { type ResourceType, resourceForKind, subjectOf } from '../model/resources.js'
import { badRequest, forbidden, invalid, notFound, type Status } from '../model/status.js'
import { getObject, type ClusterState } from '../state/clusterState.js'
import type { Namespace } from '../model/cluster.js'
import { convertToStorageVersion } from './convert.js'
import { decodeObject } from './decodeObject.js'
import { applyDefaults } from './defaults.js'
import { validateObject } from './validate.js'

/** The kind's resource type, or the 404 kubectl shows for an unknown kind. */
export const resourceTypeOf = (o: KObject): E.Either<Status, ResourceType> => {
  const rt = resourceForKind(o.kind)
  return rt === undefined
    ? E.left(badRequest(`no matches for kind "${o.kind}" in version "${o.apiVersion}"`))
    : E.right(rt)
}

/**
 * The request half of the write path shared by create and update: convert an old apiVersion, decode
 * against the kind's codec (field paths on failure), default, validate. Returns the object to store.
 */
export const admit = (rt: ResourceType, o: KObject): E.Either<Status, KObject> => {
  const converted = convertToStorageVersion(o)
  const withScope: KObject = rt.namespaced
    ? converted
    : { ...converted, metadata: withoutNamespace(converted.metadata) }
  const decoded = decodeObject(rt, withScope)
  if (E.isLeft(decoded)) return decoded
  const defaulted = applyDefaults(decoded.right)
  const causes = validateObject(defaulted)
  return causes.length > 0 ? E.left(invalid(subjectOf(rt, defaulted.metadata.name ?? ''), causes)) : E.right(defaulted)
}

const withoutNamespace = (m: KObject['metadata']): KObject['metadata'] => {
  const { namespace: _ignored, ...rest } = m
  return rest
}

/** Namespaced writes need an existing namespace; creates also need it not to be terminating. */
export const checkNamespace = (
  s: ClusterState,
  rt: ResourceType,
  namespace: string,
  name: string,
  creating: boolean,
): Status | undefined => {
  if (!rt.namespaced) return undefined
  const ns = getObject<Namespace>(s, 'Namespace', undefined, namespace)
  if (ns === undefined) return notFound({ kind: 'Namespace', plural: 'namespaces', group: '', name: namespace })
  if (creating && ns.status?.phase === 'Terminating')
    return forbidden(subjectOf(rt, name), `unable to create new content in namespace ${namespace} because it is being terminated`)
  return undefined
}
