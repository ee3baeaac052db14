import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { decodeRecord, encodeRecord, indexKeyOf } from '../log/encoding.js'
import type { Event } from '../log/events.js'
import { type EventLog, type LogMeta, LogReadError, type StoredSnapshot } from '../ports/eventLog.js'

const BATCH = 1000

/** The in-memory adapter: the same record encoding and rules as LevelDB, for tests and throwaway runs. */
export const memoryEventLog = (): EventLog => {
  let meta: LogMeta | undefined
  const records: string[] = []
  const index = new Map<string, number[]>()
  const snapshots: StoredSnapshot[] = []

  async function* readRecords(from: number, to?: number): AsyncIterable<readonly string[]> {
    const last = Math.min(to ?? records.length, records.length)
    for (let start = Math.max(from, 1); start <= last; start += BATCH)
      yield records.slice(start - 1, Math.min(start - 1 + BATCH, last))
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
        return encodeRecord(e)
      })
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
    read: async function* (from, to) {
      let seq = Math.max(from, 1)
      for await (const batch of readRecords(from, to)) {
        const out: Event[] = []
        for (const r of batch) {
          const decoded = decodeRecord(r, seq++)
          if (E.isLeft(decoded)) throw new LogReadError(decoded.left)
          out.push(decoded.right)
        }
        yield out
      }
    },
    readRecords,
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
