import { Packr, Unpackr } from 'msgpackr'
import type { ClusterShape } from '../log/events.js'
import type { KObject } from '../model/meta.js'
import type { ClusterState } from '../state/clusterState.js'
import { stateOfObjects } from '../state/stateDraft.js'

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
 * Binary snapshots: the byte 0x02, then the body as MessagePack with record structures defined inside
 * the snapshot (self-contained: a snapshot never depends on the log's shared structures). Snapshots
 * written before were JSON text, which starts with `{`; both load.
 */
const BINARY_SNAPSHOT = 0x02
const packr = new Packr({ useRecords: true })
// A reader of its own: a Packr that also packs carries writer state that made its reads ~2× slower.
const unpackr = new Unpackr({ useRecords: true })

/** Serializes a state for the snapshot table: objects only; indexes are rebuilt on load. */
export const encodeSnapshot = (s: ClusterState): Uint8Array => {
  const objects = [...s.objects.values()]
  const body = packr.pack({ seq: s.seq, atMs: s.atMs, seed: s.seed, cluster: s.cluster, faults: s.faults, volumes: s.volumes, objects } satisfies SnapshotBody)
  const out = Buffer.allocUnsafe(1 + body.length)
  out[0] = BINARY_SNAPSHOT
  body.copy(out, 1)
  return out
}

const bodyOf = (payload: Uint8Array): SnapshotBody => {
  const b = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
  return (b[0] === BINARY_SNAPSHOT ? unpackr.unpack(b.subarray(1)) : JSON.parse(b.toString('utf8'))) as SnapshotBody
}

export const decodeSnapshot = (payload: Uint8Array): ClusterState => {
  const j = bodyOf(payload)
  return stateOfObjects({ seq: j.seq, atMs: j.atMs, seed: j.seed, cluster: j.cluster, faults: j.faults ?? {}, volumes: j.volumes ?? {} }, j.objects)
}

/** Events between snapshots. Chosen by measurement (README "Performance"). */
export const SNAPSHOT_EVERY_EVENTS = 10_000
