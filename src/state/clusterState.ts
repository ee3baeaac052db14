import { CowMap, type ReadMap } from '../kernel/cowMap.js'
import type { ClusterShape } from '../log/events.js'
import type { ActiveFault } from '../model/faults.js'
import { type KObject, objectKey } from '../model/meta.js'

/**
 * The whole cluster as of one seq: every stored object plus the indexes controllers query. A committed
 * state is a value, never mutated: `evolve` returns a new one sharing every untouched shard with the old.
 * Inside one step the simulation reads a live view of its working draft through the same interface.
 */
export interface ClusterState {
  /** The seq of the last event folded in (0 for the empty state). */
  readonly seq: number
  /** The virtual time of the last event folded in. */
  readonly atMs: number
  readonly seed: number
  readonly cluster: ClusterShape
  /** Faults in effect (`model/faults.ts`), by fault key. Small: copied whole when one changes. */
  readonly faults: Readonly<Record<string, ActiveFault>>
  /** Volume contents (`model/volumes.ts` storage key → the last value written). Opaque strings. */
  readonly volumes: Readonly<Record<string, string>>
  /** `Kind/ns/name` → object. */
  readonly objects: ReadMap<KObject>
  /** `Kind/ns` → keys of the objects of that kind in that namespace (`Kind/` for cluster-scoped). */
  readonly byKindNs: ReadMap<ReadonlySet<string>>
  /** Owner uid → keys of the objects whose ownerReferences name it; `orphan/Kind/ns` → objects with no controller. */
  readonly byOwner: ReadMap<ReadonlySet<string>>
  /** Node name → keys of the pods bound to it; `''` → pods not yet scheduled. */
  readonly byNode: ReadMap<ReadonlySet<string>>
  /** uid → key. */
  readonly byUid: ReadMap<string>
  /**
   * Cache validators, not data: a `byKindNs` or `byNode` key → a number unique in this process that
   * changes whenever an object indexed under that key is put or removed. Equal stamps mean equal contents,
   * so a pure memo (the scheduler's per-node usage, the sorted node list) can skip recomputing. Never
   * stored, never part of a decision.
   */
  readonly stamps: ReadMap<number>
  /**
   * Only on the live view of a draft made with `journal` (the step's): the node names whose stamps changed,
   * in order, since the draft began. A memo checked against this same array at length n need only look at
   * the names after n. Cache validation only, like `stamps`.
   */
  readonly stampedNodes?: readonly string[]
}

export const emptyState = (): ClusterState => ({
  seq: 0,
  atMs: 0,
  seed: 0,
  cluster: { nodes: [] },
  faults: {},
  volumes: {},
  objects: CowMap.empty(),
  byKindNs: CowMap.empty(),
  byOwner: CowMap.empty(),
  byNode: CowMap.empty(),
  byUid: CowMap.empty(),
  stamps: CowMap.empty(),
})

/** The stamp of an index key (see `ClusterState.stamps`); undefined when nothing was ever indexed there. */
export const stampOf = (s: ClusterState, indexKey: string): number | undefined => s.stamps.get(indexKey)

// ---- selectors

export const getObject = <T extends KObject = KObject>(
  s: ClusterState,
  kind: string,
  namespace: string | undefined,
  name: string,
): T | undefined => s.objects.get(objectKey(kind, namespace, name)) as T | undefined

const collect = <T extends KObject>(s: ClusterState, keys: ReadonlySet<string> | undefined): T[] => {
  const out: T[] = []
  if (keys) for (const k of keys) out.push(s.objects.get(k) as T)
  return out
}

/**
 * `objects.sort(byKey)` (stable, same order) with each object's `ns/name` built once rather than twice
 * per comparison: selectors sort thousands of pods, and that string building was their main cost.
 */
const sortByKey = <T extends KObject>(objects: T[]): T[] => {
  if (objects.length < 2) return objects
  const names = objects.map(nameOf)
  const order = objects.map((_, i) => i)
  order.sort((a, b) => {
    const x = names[a]!
    const y = names[b]!
    return x < y ? -1 : x > y ? 1 : a - b
  })
  return order.map((i) => objects[i]!)
}

/**
 * `sortByKey(collect(s, keys))` faster: when every key names one kind (`Kind/ns/name`, the kind's prefix
 * shared), key order is `ns/name` order, so the existing key strings are sorted natively and no name is built.
 */
const sortedObjects = <T extends KObject>(s: ClusterState, keys: ReadonlySet<string> | undefined): T[] => {
  if (keys === undefined || keys.size === 0) return []
  const list = [...keys]
  const first = list[0]!
  const prefix = first.slice(0, first.indexOf('/') + 1)
  for (const k of list) if (!k.startsWith(prefix)) return sortByKey(collect<T>(s, keys))
  list.sort()
  const out: T[] = new Array<T>(list.length)
  for (let i = 0; i < list.length; i++) out[i] = s.objects.get(list[i]!) as T
  return out
}

/** Objects of a kind in one namespace (or every namespace when `namespace` is undefined), sorted by key. */
export const listObjects = <T extends KObject = KObject>(s: ClusterState, kind: string, namespace?: string): T[] => {
  if (namespace !== undefined) return sortedObjects<T>(s, s.byKindNs.get(`${kind}/${namespace}`))
  const out: T[] = []
  for (const [k, keys] of s.byKindNs.entries()) if (k.startsWith(`${kind}/`)) for (const o of collect<T>(s, keys)) out.push(o)
  return sortByKey(out)
}

/**
 * Objects whose ownerReferences name `uid`, sorted by key. Index sets keep insertion order, which differs
 * between a live state and one loaded from a snapshot, so every selector sorts: decisions never depend
 * on how a state was built.
 */
export const selectOwnedBy = <T extends KObject = KObject>(s: ClusterState, uid: string): T[] =>
  sortedObjects<T>(s, s.byOwner.get(uid))

/** Objects of a kind in a namespace that have no controller: candidates for adoption. */
export const selectOrphans = <T extends KObject = KObject>(s: ClusterState, kind: string, namespace: string | undefined): T[] =>
  sortedObjects<T>(s, s.byOwner.get(`orphan/${kind}/${namespace ?? ''}`))

/** Pods bound to a node. */
export const selectPodsOnNode = <T extends KObject = KObject>(s: ClusterState, node: string): T[] =>
  node === '' ? [] : sortedObjects<T>(s, s.byNode.get(node))

/** Pods not bound to any node yet, sorted by key. */
export const selectUnscheduledPods = <T extends KObject = KObject>(s: ClusterState): T[] =>
  sortedObjects<T>(s, s.byNode.get(''))

export const selectByUid = (s: ClusterState, uid: string): KObject | undefined => {
  const key = s.byUid.get(uid)
  return key === undefined ? undefined : s.objects.get(key)
}

const nameOf = (o: KObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`

/** Orders objects by namespace then name: the order every listing and reconcile loop uses. */
export const byKey = (a: KObject, b: KObject): number => {
  const x = nameOf(a)
  const y = nameOf(b)
  return x < y ? -1 : x > y ? 1 : 0
}
