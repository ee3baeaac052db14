import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { type DecodeFailure, indexKeyOf } from '../log/encoding.js'
import type { Event } from '../log/events.js'
import { CorruptRecord, latestEvents } from '../log/latest.js'
import { type RawEvent, RecordCodec } from '../log/recordCodec.js'
import { type EventLog, type LogMeta, LogReadError, type StoredSnapshot } from '../ports/eventLog.js'

const BATCH = 1000

/** The in-memory adapter: the same record encoding and rules as LevelDB, for tests and throwaway runs. */
export const memoryEventLog = (): EventLog => {
  let meta: LogMeta | undefined
  const codec = new RecordCodec()
  const records: Uint8Array[] = []
  const index = new Map<string, number[]>()
  const snapshots: StoredSnapshot[] = []

  async function* decoded<A>(from: number, to: number | undefined, f: (record: Uint8Array, seq: number) => E.Either<DecodeFailure, A>): AsyncIterable<A[]> {
    const last = Math.min(to ?? records.length, records.length)
    for (let start = Math.max(from, 1); start <= last; start += BATCH) {
      const end = Math.min(start - 1 + BATCH, last)
      const out: A[] = []
      for (let seq = start; seq <= end; seq++) {
        const r = f(records[seq - 1]!, seq)
        if (E.isLeft(r)) throw new LogReadError(r.left)
        out.push(r.right as A)
      }
      yield out
    }
  }

  async function* stored(from: number, last: number): AsyncIterable<readonly Uint8Array[]> {
    for (let start = Math.max(from, 1); start <= last; start += BATCH) yield records.slice(start - 1, Math.min(start - 1 + BATCH, last))
  }

  async function* readLatest(from: number, to?: number): AsyncIterable<Event[]> {
    const last = Math.min(to ?? records.length, records.length)
    try {
      yield* latestEvents(codec, () => stored(from, last), Math.max(from, 1))
    } catch (err) {
      throw err instanceof CorruptRecord ? new LogReadError(err.failure) : err
    }
  }

  return {
    readMeta: () => TE.right(meta),
    initialize: (m) => async () => {
      if (meta !== undefined) return E.left({ _tag: 'AlreadyInitialized' } as const)
      meta = m
      return E.right(undefined)
    },
    head: () => records.length,
    append: (events: readonly Event[], expectedHead: number) => async () => {
      if (meta === undefined) return E.left({ _tag: 'NotInitialized' } as const)
      if (expectedHead !== records.length)
        return E.left({ _tag: 'HeadMismatch', expected: expectedHead, actual: records.length } as const)
      const encoded = events.map((e, i) => {
        if (e.seq !== expectedHead + i + 1) throw new Error(`event seq ${e.seq} out of order at head ${expectedHead}`)
        return codec.encode(e)
      })
      const structures = codec.pendingStructures()
      if (structures) codec.persisted(structures.version)
      for (let i = 0; i < events.length; i++) {
        records.push(encoded[i]!)
        const key = indexKeyOf(events[i]!)
        if (key !== undefined) {
          const list = index.get(key)
          if (list) list.push(events[i]!.seq)
          else index.set(key, [events[i]!.seq])
        }
      }
      return E.right(records.length)
    },
    read: (from, to) => decoded<Event>(from, to, (r, seq) => codec.decode(r, seq)),
    readLatest,
    readRaw: (from, to) => decoded<RawEvent>(from, to, (r, seq) => codec.verify(r, seq)),
    readRecords: (from, to) => decoded<string>(from, to, (r, seq) => codec.text(r, seq)),
    objectHistory: (key) => TE.right([...(index.get(key) ?? [])]),
    putSnapshot: (s) => async () => {
      const i = snapshots.findIndex((x) => x.seq >= s.seq)
      if (i < 0) snapshots.push(s)
      else if (snapshots[i]!.seq === s.seq) snapshots[i] = s
      else snapshots.splice(i, 0, s)
      return E.right(undefined)
    },
    nearestSnapshot: (seq) => {
      let best: StoredSnapshot | undefined
      for (const s of snapshots) if (s.seq <= seq) best = s
      return TE.right(best)
    },
    close: async () => {},
  }
}
