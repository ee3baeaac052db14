import { type CowDraft, CowMap, type ReadMap } from '../kernel/cowMap.js'
import { invariant } from '../kernel/invariant.js'
import { type KObject, keyOf } from '../model/meta.js'
import type { ClusterState } from './clusterState.js'

/**
 * The mutable working copy of a state during one batch fold. Index sets are copied the first time the
 * batch touches them and then mutated in place: copy-on-write once per batch, not once per event.
 */
export class StateDraft {
  private readonly objects: CowDraft<KObject>
  private readonly byKindNs: CowDraft<ReadonlySet<string>>
  private readonly byOwner: CowDraft<ReadonlySet<string>>
  private readonly byNode: CowDraft<ReadonlySet<string>>
  private readonly byUid: CowDraft<string>
  private readonly stamps: CowDraft<number>
  private readonly ownedSets = new Set<ReadonlySet<string>>()
  seq: number
  atMs: number
  seed: number
  cluster: ClusterState['cluster']
  faults: ClusterState['faults']
  volumes: ClusterState['volumes']

  /** With `journal`, the node names stamped by this draft, in order (see `ClusterState.stampedNodes`). */
  private readonly stampedNodes: string[] | undefined

  constructor(base: ClusterState, journal = false) {
    this.stampedNodes = journal ? [] : undefined
    this.objects = committed(base.objects).draft()
    this.byKindNs = committed(base.byKindNs).draft()
    this.byOwner = committed(base.byOwner).draft()
    this.byNode = committed(base.byNode).draft()
    this.byUid = committed(base.byUid).draft()
    this.stamps = committed(base.stamps).draft()
    this.seq = base.seq
    this.atMs = base.atMs
    this.seed = base.seed
    this.cluster = base.cluster
    this.faults = base.faults
    this.volumes = base.volumes
  }

  get(key: string): KObject | undefined {
    return this.objects.get(key)
  }

  /** Stores `o` (created or replaced), keeping every index in step. */
  put(o: KObject): void {
    const key = keyOf(o)
    // Only the old object's index fields are read: one not decoded yet is not decoded for this.
    const old = this.objects.peek(key)
    this.objects.set(key, o)
    if (old) this.reindex(key, old, o)
    else this.index(key, o)
  }

  remove(key: string): void {
    const old = this.objects.peek(key)
    if (!old) return
    this.unindex(key, old)
    this.objects.delete(key)
  }

  /**
   * A live read view of this draft, as a `ClusterState`: it follows every later write. For the single
   * writer only (the step), which must not keep it past `commit`.
   */
  view(): ClusterState {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const d = this
    return {
      get seq() {
        return d.seq
      },
      get atMs() {
        return d.atMs
      },
      get seed() {
        return d.seed
      },
      get cluster() {
        return d.cluster
      },
      get faults() {
        return d.faults
      },
      get volumes() {
        return d.volumes
      },
      objects: d.objects,
      byKindNs: d.byKindNs,
      byOwner: d.byOwner,
      byNode: d.byNode,
      byUid: d.byUid,
      stamps: d.stamps,
      ...(d.stampedNodes !== undefined ? { stampedNodes: d.stampedNodes } : {}),
    }
  }

  commit(): ClusterState {
    this.ownedSets.clear()
    return {
      seq: this.seq,
      atMs: this.atMs,
      seed: this.seed,
      cluster: this.cluster,
      faults: this.faults,
      volumes: this.volumes,
      objects: this.objects.commit(),
      byKindNs: this.byKindNs.commit(),
      byOwner: this.byOwner.commit(),
      byNode: this.byNode.commit(),
      byUid: this.byUid.commit(),
      stamps: this.stamps.commit(),
    }
  }

  private index(key: string, o: KObject): void {
    const kindNs = `${o.kind}/${o.metadata.namespace ?? ''}`
    this.add(this.byKindNs, kindNs, key)
    this.stamp(kindNs)
    for (const ref of o.metadata.ownerReferences ?? []) this.add(this.byOwner, ref.uid, key)
    if (!hasControllerRef(o)) this.add(this.byOwner, orphanIndexKey(o.kind, o.metadata.namespace), key)
    const node = nodeNameOf(o)
    if (node !== undefined) {
      this.add(this.byNode, node, key)
      if (node !== '') this.stamp(node)
    }
    if (o.metadata.uid) this.byUid.set(o.metadata.uid, key)
  }

  private unindex(key: string, o: KObject): void {
    const kindNs = `${o.kind}/${o.metadata.namespace ?? ''}`
    this.drop(this.byKindNs, kindNs, key)
    this.stamp(kindNs)
    for (const ref of o.metadata.ownerReferences ?? []) this.drop(this.byOwner, ref.uid, key)
    if (!hasControllerRef(o)) this.drop(this.byOwner, orphanIndexKey(o.kind, o.metadata.namespace), key)
    const node = nodeNameOf(o)
    if (node !== undefined) {
      this.drop(this.byNode, node, key)
      if (node !== '') this.stamp(node)
    }
    if (o.metadata.uid) this.byUid.delete(o.metadata.uid)
  }

  /**
   * `o` replaces `old` under the same key (so the same kind and namespace): only the index entries whose
   * index key changed move. Most updates (status, labels) change none, and replay's fold was spending
   * half its time removing and re-adding each pod in sets of thousands. Stamps change as before: the
   * contents under those keys did change.
   */
  private reindex(key: string, old: KObject, o: KObject): void {
    this.stamp(`${o.kind}/${o.metadata.namespace ?? ''}`)
    if (!sameOwners(old, o)) {
      for (const ref of old.metadata.ownerReferences ?? []) this.drop(this.byOwner, ref.uid, key)
      for (const ref of o.metadata.ownerReferences ?? []) this.add(this.byOwner, ref.uid, key)
    }
    const wasOrphan = !hasControllerRef(old)
    const isOrphan = !hasControllerRef(o)
    if (wasOrphan !== isOrphan) {
      const orphans = orphanIndexKey(o.kind, o.metadata.namespace)
      if (wasOrphan) this.drop(this.byOwner, orphans, key)
      else this.add(this.byOwner, orphans, key)
    }
    const oldNode = nodeNameOf(old)
    const node = nodeNameOf(o)
    if (oldNode !== node) {
      if (oldNode !== undefined) this.drop(this.byNode, oldNode, key)
      if (node !== undefined) this.add(this.byNode, node, key)
    }
    if (oldNode !== undefined && oldNode !== '') this.stamp(oldNode)
    if (node !== undefined && node !== '' && node !== oldNode) this.stamp(node)
    if (old.metadata.uid !== o.metadata.uid) {
      if (old.metadata.uid) this.byUid.delete(old.metadata.uid)
      if (o.metadata.uid) this.byUid.set(o.metadata.uid, key)
    }
  }

  /** A new process-unique stamp for an index key (node names and `Kind/ns` keys cannot collide: only the latter hold `/`). */
  private stamp(at: string): void {
    this.stamps.set(at, nextStamp())
    if (this.stampedNodes !== undefined && !at.includes('/')) this.stampedNodes.push(at)
  }

  private add(index: CowDraft<ReadonlySet<string>>, at: string, key: string): void {
    this.writableSet(index, at).add(key)
  }

  private drop(index: CowDraft<ReadonlySet<string>>, at: string, key: string): void {
    const set = index.get(at)
    if (!set?.has(key)) return
    if (set.size === 1) {
      index.delete(at)
      return
    }
    this.writableSet(index, at).delete(key)
  }

  private writableSet(index: CowDraft<ReadonlySet<string>>, at: string): Set<string> {
    const set = index.get(at)
    if (set && this.ownedSets.has(set)) return set as Set<string>
    const copy = new Set(set)
    this.ownedSets.add(copy)
    index.set(at, copy)
    return copy
  }
}

/** The last stamp handed out in this process: stamps only ever grow, so no two contents share one. */
let lastStamp = 0

/** A new process-unique stamp (see `ClusterState.stamps`). */
export const nextStamp = (): number => ++lastStamp

/** Drafts start from committed states only: a live view is never the base of another draft. */
const committed = <V>(m: ReadMap<V>): CowMap<V> => {
  invariant(m instanceof CowMap, 'a StateDraft is made from a committed ClusterState, not from a live view')
  return m
}

/** Same owner uids in the same order: the `byOwner` entries of a replaced object stay as they are. */
const sameOwners = (a: KObject, b: KObject): boolean => {
  const x = a.metadata.ownerReferences ?? []
  const y = b.metadata.ownerReferences ?? []
  if (x === y) return true
  if (x.length !== y.length) return false
  for (let i = 0; i < x.length; i++) if (x[i]!.uid !== y[i]!.uid) return false
  return true
}

export const hasControllerRef = (o: KObject): boolean => o.metadata.ownerReferences?.some((r) => r.controller === true) === true

/** Where objects without a controller are indexed in `byOwner`, so adoption needs no namespace scan. */
export const orphanIndexKey = (kind: string, namespace: string | undefined): string => `orphan/${kind}/${namespace ?? ''}`

/** A pod's node, or `''` while it is unscheduled (so the scheduler finds pending pods by index). */
export const nodeNameOf = (o: KObject): string | undefined =>
  o.kind === 'Pod' ? ((o.spec as { nodeName?: string } | undefined)?.nodeName ?? '') : undefined
