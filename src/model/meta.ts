import * as t from 'io-ts'

// ---- codecs

/** `metav1.OwnerReference`. Controllers set `controller` and `blockOwnerDeletion` to true. */
export const OwnerReference = t.intersection([
  t.type({ apiVersion: t.string, kind: t.string, name: t.string, uid: t.string }),
  t.partial({ controller: t.boolean, blockOwnerDeletion: t.boolean }),
])
export type OwnerReference = t.TypeOf<typeof OwnerReference>

/** `metav1.ObjectMeta`, the fields Reel reads or writes; unknown fields pass through untouched. */
export const ObjectMeta = t.partial({
  name: t.string,
  generateName: t.string,
  namespace: t.string,
  uid: t.string,
  resourceVersion: t.string,
  generation: t.number,
  creationTimestamp: t.union([t.string, t.null]),
  deletionTimestamp: t.string,
  deletionGracePeriodSeconds: t.number,
  labels: t.record(t.string, t.string),
  annotations: t.record(t.string, t.string),
  ownerReferences: t.array(OwnerReference),
  finalizers: t.array(t.string),
})
export type ObjectMeta = t.TypeOf<typeof ObjectMeta>

/** Any Kubernetes object: `apiVersion`, `kind`, `metadata`; the rest is kind-specific. */
export const KObject = t.intersection([
  t.type({ apiVersion: t.string, kind: t.string, metadata: ObjectMeta }),
  t.record(t.string, t.unknown),
])

/** A stored Kubernetes object. Objects are never mutated: a change is a new object. */
export interface KObject {
  readonly apiVersion: string
  readonly kind: string
  readonly metadata: ObjectMeta
  readonly spec?: unknown
  readonly status?: unknown
  readonly [field: string]: unknown
}

// ---- keys

/** The state's key of an object: `Kind/namespace/name` (namespace empty when cluster-scoped). */
export const objectKey = (kind: string, namespace: string | undefined, name: string): string =>
  `${kind}/${namespace ?? ''}/${name}`

export const keyOf = (o: KObject): string => objectKey(o.kind, o.metadata.namespace, o.metadata.name ?? '')

/** The controller queue key of a namespaced object, as client-go's `MetaNamespaceKeyFunc`: `ns/name`. */
export const nsNameOf = (o: KObject): string =>
  o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name ?? ''}` : (o.metadata.name ?? '')

/** Splits an `ns/name` queue key. */
export const splitNsName = (key: string): { namespace: string; name: string } => {
  const i = key.indexOf('/')
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) }
}

// ---- selectors on metadata

/** The ownerReference with `controller: true`, if any. */
export const controllerRefOf = (o: KObject): OwnerReference | undefined =>
  o.metadata.ownerReferences?.find((r) => r.controller === true)

/**
 * `metav1.NewControllerRef`: the reference a controller puts on what it creates or adopts, naming the
 * owner as stored (its apiVersion and kind), with `controller` and `blockOwnerDeletion` set.
 */
export const newControllerRef = (owner: KObject): OwnerReference => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name ?? '',
  uid: owner.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
})

/** The object with exactly these ownerReferences (the field dropped when there are none). */
export const withOwnerReferences = <T extends KObject>(o: T, refs: readonly OwnerReference[] | undefined): T => {
  const { ownerReferences: _old, ...meta } = o.metadata
  return { ...o, metadata: refs !== undefined && refs.length > 0 ? { ...meta, ownerReferences: [...refs] } : meta }
}

export const isBeingDeleted = (o: KObject): boolean => o.metadata.deletionTimestamp !== undefined

export const resourceVersionOf = (o: KObject): number => Number(o.metadata.resourceVersion ?? 0)
