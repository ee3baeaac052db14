import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { type DecodeFailure, indexKeyOf } from '../log/encoding.js'
import { CURRENT_VERSION, type Event } from '../log/events.js'
import { CorruptRecord, latestEvents } from '../log/latest.js'
import { type RawEvent, RecordCodec } from '../log/recordCodec.js'
import { type EventLog, type LogMeta, LogReadError, type StoredSnapshot } from '../ports/eventLog.js'

const BATCH = 1000

/**
 * The in-memory adapter: the same record encoding and rules as LevelDB, for tests and throwaway runs.
 * Events are kept as appended and encoded into records only when something reads records (raw reads,
 * text records, folds that skip superseded writes), always in seq order, so the records are the bytes
 * an eager encoder would have made; a scenario run that never reads them back never pays for them.
 */
export const memoryEventLog = (): EventLog => {
  let meta: LogMeta | undefined
  const codec = new RecordCodec()
  const events: Event[] = []
  const records: Uint8Array[] = []
  const index = new Map<string, number[]>()
  const snapshots: StoredSnapshot[] = []

  /** Encodes every event not yet encoded up to `last`. */
  const encodeUpTo = (last: number): void => {
    while (records.length < last) {
      records.push(codec.encode(events[records.length]!))
      const structures = codec.pendingStructures()
      if (structures) codec.persisted(structures.version)
    }
  }

  async function* decoded<A>(from: number, to: number | undefined, f: (record: Uint8Array, seq: number) => E.Either<DecodeFailure, A>): AsyncIterable<A[]> {
    const last = Math.min(to ?? events.length, events.length)
    encodeUpTo(last)
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

  /** An event as `read` gives it: as appended (values: nothing mutates them), or upcast when older. */
  const current = (e: Event): Event => {
    if (e.v === CURRENT_VERSION[e.type]) return e
    encodeUpTo(e.seq)
    const r = codec.decode(records[e.seq - 1]!, e.seq)
    if (E.isLeft(r)) throw new LogReadError(r.left)
    return r.right
  }

  async function* appended(from: number, to: number | undefined): AsyncIterable<Event[]> {
    const last = Math.min(to ?? events.length, events.length)
    for (let start = Math.max(from, 1); start <= last; start += BATCH) yield events.slice(start - 1, Math.min(start - 1 + BATCH, last)).map(current)
  }

  async function* readLatest(from: number, to?: number): AsyncIterable<Event[]> {
    const last = Math.min(to ?? events.length, events.length)
    encodeUpTo(last)
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
    head: () => events.length,
    append: (batch: readonly Event[], expectedHead: number) => async () => {
      if (meta === undefined) return E.left({ _tag: 'NotInitialized' } as const)
      if (expectedHead !== events.length)
        return E.left({ _tag: 'HeadMismatch', expected: expectedHead, actual: events.length } as const)
      batch.forEach((e, i) => {
        if (e.seq !== expectedHead + i + 1) throw new Error(`event seq ${e.seq} out of order at head ${expectedHead}`)
      })
      for (const e of batch) {
        events.push(e)
        const key = indexKeyOf(e)
        if (key !== undefined) {
          const list = index.get(key)
          if (list) list.push(e.seq)
          else index.set(key, [e.seq])
        }
      }
      return E.right(events.length)
    },
    read: appended,
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
