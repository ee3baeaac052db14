import { CowMap } from '../kernel/cowMap.js'
import type { Deferred } from '../kernel/deferred.js'
import { invariant } from '../kernel/invariant.js'
import { type KObject, keyOf } from '../model/meta.js'
import type { ClusterState } from './clusterState.js'
import { hasControllerRef, nextStamp, nodeNameOf, orphanIndexKey } from './stateDraft.js'

/** What a state holds besides its objects and their indexes. */
export type StateHeader = Pick<ClusterState, 'seq' | 'atMs' | 'seed' | 'cluster' | 'faults' | 'volumes'>

/** Where one object sits in the state's indexes: what `StateDraft.put` files it under. */
export interface IndexEntry {
  readonly key: string
  readonly kind: string
  readonly namespace: string | undefined
  /** `byOwner` keys: its owners' uids, in order. */
  readonly ownerUids: readonly string[]
  /** Whether it has no controller (then `byOwner` also files it under `orphan/Kind/ns`). */
  readonly orphan: boolean
  /** `byNode` key: a pod's node, `''` while unscheduled; undefined for other kinds. */
  readonly node: string | undefined
  readonly uid: string | undefined
}

export const indexEntryOf = (o: KObject): IndexEntry => ({
  key: keyOf(o),
  kind: o.kind,
  namespace: o.metadata.namespace,
  ownerUids: (o.metadata.ownerReferences ?? []).map((r) => r.uid),
  orphan: !hasControllerRef(o),
  node: nodeNameOf(o),
  uid: o.metadata.uid || undefined,
})

/**
 * The state holding `count` objects (distinct keys): `entryAt(i)` says where object i is indexed and
 * `valueAt(i)` is what the state holds for it (the object, or a deferred one). Built in one pass with
 * plain maps: a snapshot load files 10,000s of objects into an empty state, where a draft's per-object
 * copy-on-write bookkeeping is pure overhead. Same indexes and stamp keys as `put`-ing them one by one.
 */
export const stateOfEntries = (
  header: StateHeader,
  count: number,
  entryAt: (i: number) => IndexEntry,
  valueAt: (i: number) => KObject | Deferred<KObject>,
): ClusterState => {
  const objects = CowMap.shardsToFill<KObject>()
  const byUid = CowMap.shardsToFill<string>()
  const byKindNs = new Map<string, Set<string>>()
  const byOwner = new Map<string, Set<string>>()
  const byNode = new Map<string, Set<string>>()
  const add = (index: Map<string, Set<string>>, at: string, key: string): void => {
    const set = index.get(at)
    if (set) set.add(key)
    else index.set(at, new Set([key]))
  }
  for (let i = 0; i < count; i++) {
    const e = entryAt(i)
    objects.set(e.key, valueAt(i))
    add(byKindNs, `${e.kind}/${e.namespace ?? ''}`, e.key)
    for (const uid of e.ownerUids) add(byOwner, uid, e.key)
    if (e.orphan) add(byOwner, orphanIndexKey(e.kind, e.namespace), e.key)
    if (e.node !== undefined) add(byNode, e.node, e.key)
    if (e.uid !== undefined) byUid.set(e.uid, e.key)
  }
  const objectMap = objects.build()
  invariant(objectMap.size === count, 'stateOfEntries: two objects share a key')
  const stamps = new Map<string, number>()
  for (const at of byKindNs.keys()) stamps.set(at, nextStamp())
  for (const at of byNode.keys()) if (at !== '') stamps.set(at, nextStamp())
  return {
    ...header,
    objects: objectMap,
    byKindNs: CowMap.fromMap<ReadonlySet<string>>(byKindNs),
    byOwner: CowMap.fromMap<ReadonlySet<string>>(byOwner),
    byNode: CowMap.fromMap<ReadonlySet<string>>(byNode),
    byUid: byUid.build(),
    stamps: CowMap.fromMap(stamps),
  }
}

/** `stateOfEntries` of decoded objects. */
export const stateOfObjects = (header: StateHeader, objects: readonly KObject[]): ClusterState =>
  stateOfEntries(header, objects.length, (i) => indexEntryOf(objects[i]!), (i) => objects[i]!)
