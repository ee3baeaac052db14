import { Packr, Unpackr } from 'msgpackr'
import type { ClusterShape } from '../log/events.js'
import type { KObject } from '../model/meta.js'
import { type ClusterState, emptyState } from '../state/clusterState.js'
import { lazyObject } from '../state/lazyObject.js'
import { StateDraft } from '../state/stateDraft.js'

interface SnapshotBody {
  readonly seq: number
  readonly atMs: number
  readonly seed: number
  readonly cluster: ClusterShape
  readonly faults?: ClusterState['faults']
  readonly volumes?: ClusterState['volumes']
}

/** Format 0x02: every object in one MessagePack body, all decoded on load. */
interface EagerBody extends SnapshotBody {
  readonly objects: readonly KObject[]
}

/** Format 0x03: one blob per object, decoded when first read; what the indexes need stored beside it. */
interface LazyBody extends SnapshotBody {
  /** The record structures every blob was packed with (the blobs share them). */
  readonly structures: string[][]
  /** The top-level key lists of the objects (a few distinct ones: one per object shape). */
  readonly keyLists: readonly (readonly string[])[]
  /** Per object: what the indexes need (`flatView`), the number of its key list, its values packed. */
  readonly objects: readonly (readonly [FlatView, number, Uint8Array])[]
}

/**
 * Binary snapshots: a format byte, then MessagePack with record structures defined inside the snapshot
 * (self-contained: a snapshot never depends on the log's shared structures). 0x03 (written now) packs
 * each object on its own so a load decodes only the objects that are read (`state/lazyObject.ts`): time
 * travel at a random seq then costs the index rebuild and the tail's fold, not 10,000 pods' decoding.
 * 0x02 snapshots (one body) and JSON ones (written first, starting with `{`) still load.
 */
const EAGER_SNAPSHOT = 0x02
const LAZY_SNAPSHOT = 0x03
/** As the log's records: shared structures beyond this many are written inline in each blob. */
const MAX_SHARED_STRUCTURES = 8160
const packr = new Packr({ useRecords: true })
// A reader of its own: a Packr that also packs carries writer state that made its reads ~2× slower.
const unpackr = new Unpackr({ useRecords: true })

/**
 * The fields of `o` that `StateDraft` indexes, flat (strings pack and unpack far faster than nested
 * objects): kind, namespace, name, uid, a pod's node (null when absent), then each owner's uid and
 * whether it is the controller (1/0).
 */
type FlatView = readonly (string | number | null)[]

const flatView = (o: KObject): FlatView => {
  const m = o.metadata
  const node = o.kind === 'Pod' ? ((o.spec as { nodeName?: string } | undefined)?.nodeName ?? null) : null
  const out: (string | number | null)[] = [o.kind, m.namespace ?? null, m.name ?? null, m.uid ?? null, node]
  for (const r of m.ownerReferences ?? []) out.push(r.uid, r.controller === true ? 1 : 0)
  return out
}

/** The object `StateDraft` indexes in place of a snapshot object not yet decoded. */
const indexView = (f: FlatView): KObject => {
  const metadata: Record<string, unknown> = {}
  if (f[1] !== null) metadata['namespace'] = f[1]
  if (f[2] !== null) metadata['name'] = f[2]
  if (f[3] !== null) metadata['uid'] = f[3]
  if (f.length > 5) {
    const refs: { uid: unknown; controller: boolean }[] = []
    for (let i = 5; i < f.length; i += 2) refs.push({ uid: f[i], controller: f[i + 1] === 1 })
    metadata['ownerReferences'] = refs
  }
  const view: Record<string, unknown> = { kind: f[0], metadata }
  if (f[4] !== null) view['spec'] = { nodeName: f[4] }
  return view as unknown as KObject
}

/** Serializes a state for the snapshot table: objects (packed one by one) and their index views. */
export const encodeSnapshot = (s: ClusterState): Uint8Array => {
  // Every blob decodes on its own with the snapshot's structures (as the log's records do): msgpackr
  // writes no structure inline in a blob when it may save them (`saveStructures`).
  let structures: string[][] = []
  const blobs = new Packr({
    maxSharedStructures: MAX_SHARED_STRUCTURES,
    getStructures: () => structures.map((k) => [...k]),
    saveStructures: (next: string[][]) => {
      structures = next.map((k) => [...k])
    },
  } as ConstructorParameters<typeof Packr>[0])
  const keyLists: string[][] = []
  const listIds = new Map<string, number>()
  const objects: [FlatView, number, Uint8Array][] = []
  for (const o of s.objects.values()) {
    const keys = Object.keys(o)
    const id = keys.join('\u0000')
    let list = listIds.get(id)
    if (list === undefined) {
      list = keyLists.push(keys) - 1
      listIds.set(id, list)
    }
    const rec = o as unknown as Record<string, unknown>
    objects.push([flatView(o), list, blobs.pack(keys.map((k) => rec[k]))])
  }
  const body = packr.pack({ seq: s.seq, atMs: s.atMs, seed: s.seed, cluster: s.cluster, faults: s.faults, volumes: s.volumes, structures, keyLists, objects } satisfies LazyBody)
  const out = Buffer.allocUnsafe(1 + body.length)
  out[0] = LAZY_SNAPSHOT
  body.copy(out, 1)
  return out
}

export const decodeSnapshot = (payload: Uint8Array): ClusterState => {
  const b = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
  const d = new StateDraft(emptyState())
  let j: SnapshotBody
  if (b[0] === LAZY_SNAPSHOT) {
    const lazy = unpackr.unpack(b.subarray(1)) as LazyBody
    const values = new Packr({ maxSharedStructures: MAX_SHARED_STRUCTURES, getStructures: () => lazy.structures.map((k) => [...k]) } as ConstructorParameters<typeof Packr>[0])
    const decode = (blob: Uint8Array): readonly unknown[] => values.unpack(blob) as unknown[]
    for (const [flat, list, blob] of lazy.objects) {
      const view = indexView(flat)
      d.putIndexed(lazyObject(view, lazy.keyLists[list]!, blob, decode), view)
    }
    j = lazy
  } else {
    const eager = (b[0] === EAGER_SNAPSHOT ? unpackr.unpack(b.subarray(1)) : JSON.parse(b.toString('utf8'))) as EagerBody
    for (const o of eager.objects) d.put(o)
    j = eager
  }
  d.seq = j.seq
  d.atMs = j.atMs
  d.seed = j.seed
  d.cluster = j.cluster
  d.faults = j.faults ?? {}
  d.volumes = j.volumes ?? {}
  return d.commit()
}

/** Events between snapshots. Chosen by measurement (README "Performance"). */
export const SNAPSHOT_EVERY_EVENTS = 10_000
