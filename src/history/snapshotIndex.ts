import type { KObject } from '../model/meta.js'
import { type IndexEntry, indexEntryOf } from '../state/bulkState.js'

/**
 * Where each object of a lazy snapshot sits in the state's indexes, as columns: plain arrays of strings
 * and small numbers, which decode far faster than one little object per object would. Repeated values
 * (kind and namespace, owner uids, node names) are stored once, in tables, and referred to by position.
 */
export interface IndexColumns {
  readonly names: string[]
  /** Position in `groups` of the object's `[kind, namespace]` (null namespace: cluster-scoped). */
  readonly group: number[]
  readonly groups: [string, string | null][]
  /** '' when the object has no uid. */
  readonly uids: string[]
  readonly ownerCounts: number[]
  /** The owners of every object, in order, as positions in `ownerUids`. */
  readonly owners: number[]
  readonly ownerUids: string[]
  /** 1 when the object has no controller (an orphan for `byOwner`). */
  readonly orphan: number[]
  /** Position in `nodeNames` of a pod's node ('' while unscheduled); -1 for other kinds. */
  readonly node: number[]
  readonly nodeNames: string[]
}

/** A table's position for the value named `key`, adding `value` the first time. */
const positionIn = <T>(table: T[], positions: Map<string, number>, key: string, value: T): number => {
  let p = positions.get(key)
  if (p === undefined) {
    p = table.length
    table.push(value)
    positions.set(key, p)
  }
  return p
}

/** Collects the columns of objects added in order. */
export const columnsBuilder = () => {
  const c: IndexColumns = { names: [], group: [], groups: [], uids: [], ownerCounts: [], owners: [], ownerUids: [], orphan: [], node: [], nodeNames: [] }
  const groupAt = new Map<string, number>()
  const ownerAt = new Map<string, number>()
  const nodeAt = new Map<string, number>()
  return {
    add: (o: KObject): void => {
      const e = indexEntryOf(o)
      c.names.push(o.metadata.name ?? '')
      c.group.push(positionIn(c.groups, groupAt, `${e.kind}/${e.namespace ?? ''}`, [e.kind, e.namespace ?? null]))
      c.uids.push(e.uid ?? '')
      c.ownerCounts.push(e.ownerUids.length)
      for (const uid of e.ownerUids) c.owners.push(positionIn(c.ownerUids, ownerAt, uid, uid))
      c.orphan.push(e.orphan ? 1 : 0)
      c.node.push(e.node === undefined ? -1 : positionIn(c.nodeNames, nodeAt, e.node, e.node))
    },
    columns: (): IndexColumns => c,
  }
}

/** Reads the columns back: each object's index entry, and its preview for `StateDraft`'s index upkeep. */
export const columnsReader = (c: IndexColumns) => {
  // Where each object's owners start in `owners`.
  const ownersFrom = new Array<number>(c.names.length)
  for (let i = 0, at = 0; i < c.names.length; i++) {
    ownersFrom[i] = at
    at += c.ownerCounts[i]!
  }
  const ownerUidsOf = (i: number): string[] => {
    const out: string[] = []
    for (let j = ownersFrom[i]!, end = j + c.ownerCounts[i]!; j < end; j++) out.push(c.ownerUids[c.owners[j]!]!)
    return out
  }
  const entry = (i: number): IndexEntry => {
    const [kind, namespace] = c.groups[c.group[i]!]!
    const ns = namespace ?? undefined
    const n = c.node[i]!
    return {
      key: `${kind}/${ns ?? ''}/${c.names[i]!}`,
      kind,
      namespace: ns,
      ownerUids: ownerUidsOf(i),
      orphan: c.orphan[i] === 1,
      node: n < 0 ? undefined : c.nodeNames[n]!,
      uid: c.uids[i] === '' ? undefined : c.uids[i]!,
    }
  }
  /** An object holding just what the indexes read: kind, name, namespace, uid, owners (the first one the controller unless orphaned), node. */
  const preview = (i: number): KObject => {
    const e = entry(i)
    return {
      kind: e.kind,
      metadata: {
        name: c.names[i]!,
        ...(e.namespace !== undefined ? { namespace: e.namespace } : {}),
        ...(e.uid !== undefined ? { uid: e.uid } : {}),
        ownerReferences: e.ownerUids.map((uid, j) => ({ uid, ...(j === 0 && !e.orphan ? { controller: true } : {}) })),
      },
      ...(e.node !== undefined && e.node !== '' ? { spec: { nodeName: e.node } } : {}),
    } as unknown as KObject
  }
  return { count: c.names.length, entry, preview }
}
