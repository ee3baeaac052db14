import { Packr, Unpackr } from 'msgpackr'
import { Deferred, type DeferredSource } from '../kernel/deferred.js'
import type { ClusterShape } from '../log/events.js'
import type { KObject } from '../model/meta.js'
import { stateOfEntries, stateOfObjects } from '../state/bulkState.js'
import type { ClusterState } from '../state/clusterState.js'
import { columnsBuilder, columnsReader, type IndexColumns } from './snapshotIndex.js'

interface SnapshotBody {
  readonly seq: number
  readonly atMs: number
  readonly seed: number
  readonly cluster: ClusterShape
  readonly faults?: ClusterState['faults']
  readonly volumes?: ClusterState['volumes']
  readonly objects: readonly KObject[]
}

/**
 * Snapshot formats, told apart by their first byte; every one written before still loads:
 *  - `{`: JSON text (the first snapshots);
 *  - 0x02: the body above as one MessagePack value, decoded whole on load;
 *  - 0x03 (written now): lazily loaded. The byte 0x03, the header's length (4 bytes, big-endian), the
 *    header as MessagePack (seq, time, seed, cluster, faults, volumes; the record structures of the
 *    objects; where each object is indexed, as columns (`snapshotIndex.ts`); where each object's bytes
 *    end), then each object packed on its own with those structures. Loading builds the indexes from the
 *    columns and holds each object as a `Deferred`, decoded when first read: time travel pays for the
 *    objects somebody reads (and those its tail's fold replaces or deletes cost nothing).
 */
const EAGER_SNAPSHOT = 0x02
const LAZY_SNAPSHOT = 0x03
const HEADER_AT = 5
/** Structures beyond this many are written inline in each object (still correct, just larger). */
const MAX_SHARED_STRUCTURES = 8160

const headerPackr = new Packr({ useRecords: true })
// Readers of their own: a Packr that also packs carries writer state that made its reads ~2× slower.
const unpackr = new Unpackr({ useRecords: true })

interface LazyHeader {
  readonly seq: number
  readonly atMs: number
  readonly seed: number
  readonly cluster: ClusterShape
  readonly faults: ClusterState['faults']
  readonly volumes: ClusterState['volumes']
  readonly structures: string[][]
  readonly index: IndexColumns
  readonly ends: readonly number[]
}

/** A packer whose record structures are shared by every object it packs and listed by `structures()`. */
const objectPacker = () => {
  let structures: string[][] = []
  const packr = new Packr({
    useRecords: true,
    maxSharedStructures: MAX_SHARED_STRUCTURES,
    // msgpackr marks the arrays it is given, so it always gets fresh copies.
    getStructures: () => structures.map((k) => [...k]),
    saveStructures: (s: string[][]) => {
      structures = s.map((k) => [...k])
    },
  } as ConstructorParameters<typeof Packr>[0])
  return { pack: (o: KObject): Buffer => Buffer.from(packr.pack(o)), structures: () => structures }
}

/** Serializes a state for the snapshot table (format 0x03): objects only; indexes are rebuilt on load. */
export const encodeSnapshot = (s: ClusterState): Uint8Array => {
  const packer = objectPacker()
  const index = columnsBuilder()
  const parts: Buffer[] = []
  const ends: number[] = []
  let length = 0
  for (const o of s.objects.values()) {
    const bytes = packer.pack(o)
    parts.push(bytes)
    length += bytes.length
    ends.push(length)
    index.add(o)
  }
  const header = headerPackr.pack({
    seq: s.seq, atMs: s.atMs, seed: s.seed, cluster: s.cluster, faults: s.faults, volumes: s.volumes,
    structures: packer.structures(), index: index.columns(), ends,
  } satisfies LazyHeader)
  const out = Buffer.allocUnsafe(HEADER_AT + header.length + length)
  out[0] = LAZY_SNAPSHOT
  out.writeUInt32BE(header.length, 1)
  header.copy(out, HEADER_AT)
  let at = HEADER_AT + header.length
  for (const p of parts) at += p.copy(out, at)
  return out
}

const decodeLazy = (b: Buffer): ClusterState => {
  const headerEnd = HEADER_AT + b.readUInt32BE(1)
  const h = unpackr.unpack(b.subarray(HEADER_AT, headerEnd)) as LazyHeader
  // Given through getStructures (not `structures`), as msgpackr then numbers them for two-byte record ids.
  const reader = new Unpackr({ useRecords: true, maxSharedStructures: MAX_SHARED_STRUCTURES, getStructures: () => h.structures } as ConstructorParameters<typeof Unpackr>[0])
  const ends = h.ends
  const index = columnsReader(h.index)
  const source: DeferredSource<KObject> = {
    load: (i) => reader.unpack(b.subarray(headerEnd + (i === 0 ? 0 : ends[i - 1]!), headerEnd + ends[i]!)) as KObject,
    preview: index.preview,
  }
  return stateOfEntries({ seq: h.seq, atMs: h.atMs, seed: h.seed, cluster: h.cluster, faults: h.faults, volumes: h.volumes }, index.count, index.entry, (i) => new Deferred(source, i))
}

const decodeEager = (b: Buffer): ClusterState => {
  const j = (b[0] === EAGER_SNAPSHOT ? unpackr.unpack(b.subarray(1)) : JSON.parse(b.toString('utf8'))) as SnapshotBody
  return stateOfObjects({ seq: j.seq, atMs: j.atMs, seed: j.seed, cluster: j.cluster, faults: j.faults ?? {}, volumes: j.volumes ?? {} }, j.objects)
}

export const decodeSnapshot = (payload: Uint8Array): ClusterState => {
  const b = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
  return b[0] === LAZY_SNAPSHOT ? decodeLazy(b) : decodeEager(b)
}

/** The fewest events between snapshots. Chosen by measurement (README "Performance"). */
export const SNAPSHOT_EVERY_EVENTS = 5_000

/**
 * Events between snapshots of a state of `objects` objects: at least {@link SNAPSHOT_EVERY_EVENTS}, and
 * a quarter of the object count beyond that, so a large cluster's snapshots (~700 B an object) cost at
 * most ~2.8 KB of disk per event instead of growing with the cluster.
 */
export const snapshotIntervalFor = (objects: number): number => Math.max(SNAPSHOT_EVERY_EVENTS, Math.ceil(objects / 4))
