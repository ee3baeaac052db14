// Memory benchmark: retained heap per pod with N pods in a ClusterState (objects + every index) decoded from
// Reel's binary records, as decoded and after `compactState` (as `foldLog` returns it), against the same
// pods parsed from JSON into a plain Map. Needs `global.gc`: the runner spawns
// `node --expose-gc --import tsx test/bench/memory.ts <pods>` and reads the JSON line it prints.
import * as E from 'fp-ts/lib/Either.js'
import { encodeRecord } from '../../src/log/encoding.js'
import { RecordCodec } from '../../src/log/recordCodec.js'
import type { Event } from '../../src/log/events.js'
import { type ClusterState, emptyState } from '../../src/state/clusterState.js'
import { compactState } from '../../src/state/compact.js'
import { evolveBatch } from '../../src/state/evolve.js'
import { isMain } from './child.js'
import { makePod } from './fixtures.js'

export interface MemoryResult {
  readonly pods: number
  /** After `compactState`, as `foldLog` returns it. */
  readonly statePodBytes: number
  /** As decoded, before `compactState` (what a `stateAt` at a random seq holds). */
  readonly decodedPodBytes: number
  readonly mapPodBytes: number
  readonly recordBytesAvg: number
  readonly indexes: Readonly<Record<string, number>>
}

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc
  if (!g) throw new Error('run node with --expose-gc')
  for (let i = 0; i < 2; i++) g()
}

const heap = (): number => {
  gc()
  return process.memoryUsage().heapUsed
}

/** The i-th event: a running pod (the steady-state shape), created at seq i + 1. */
const event = (i: number): Event => {
  const seq = i + 1
  return { seq, at: seq * 10, type: 'object/created', v: 1, actor: 'controller:replicaset', data: { object: makePod(i, 2, seq, seq * 10, seq * 10) } } as Event
}

/** The log's codec: the state holds pods as replay decodes them from binary records. */
const codec = new RecordCodec()
const record = (i: number): Buffer => codec.encode(event(i))

const BATCH = 1000

export const measureMemory = (pods: number): MemoryResult => {
  let recordBytes = 0
  // Warm up the code paths (and their allocations of compiled code) before the first heap reading.
  evolveBatch(emptyState(), [E.getOrElseW(() => { throw new Error('decode') })(codec.decode(record(0)))])

  const h0 = heap()
  let state: ClusterState | undefined = emptyState()
  for (let start = 0; start < pods; start += BATCH) {
    const events: Event[] = []
    for (let i = start; i < Math.min(pods, start + BATCH); i++) {
      const r = record(i)
      recordBytes += r.length
      const d = codec.decode(r)
      if (E.isLeft(d)) throw new Error(d.left.reason)
      events.push(d.right)
    }
    state = evolveBatch(state, events)
  }
  const decodedPodBytes = (heap() - h0) / pods
  compactState(state)
  const h1 = heap()
  const statePodBytes = (h1 - h0) / pods
  const indexes = { objects: state.objects.size, byKindNs: state.byKindNs.size, byOwner: state.byOwner.size, byNode: state.byNode.size, byUid: state.byUid.size }
  state = undefined

  const h2 = heap()
  let map: Map<string, unknown> | undefined = new Map()
  for (let i = 0; i < pods; i++) {
    const r = encodeRecord(event(i))
    const e = JSON.parse(r.slice(9)) as { data: { object: { kind: string; metadata: { namespace: string; name: string } } } }
    const o = e.data.object
    map.set(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o)
  }
  const h3 = heap()
  const mapPodBytes = (h3 - h2) / pods
  if (map.size !== pods) throw new Error(`expected ${pods} pods, got ${map.size}`)
  map = undefined
  return { pods, statePodBytes, decodedPodBytes, mapPodBytes, recordBytesAvg: recordBytes / pods, indexes }
}

if (isMain(import.meta.url)) {
  const pods = Number(process.argv[2] ?? '100000')
  process.stdout.write(`${JSON.stringify(measureMemory(pods))}\n`)
}
