import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { Level } from 'level'
import { decodeRecord, encodeRecord, indexKeyOf } from '../log/encoding.js'
import type { Event } from '../log/events.js'
import { type EventLog, type LogError, type LogMeta, LogReadError } from '../ports/eventLog.js'
import { objectIndexKey, seqKey } from './seqKey.js'

/** Storage layout version: sublevels e (events), o (object index), s (snapshots), m (meta, head). */
export const LEVEL_FORMAT_VERSION = 1

const READ_BATCH = 1000
const HIGH_WATER_MARK_BYTES = 1 << 20

const ioError = (err: unknown): LogError => {
  const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code
  const message = err instanceof Error ? err.message : String(err)
  return code === 'LEVEL_LOCKED'
    ? { _tag: 'Locked', message: 'the data directory is in use by another Reel process (is `reel serve` running?)' }
    : { _tag: 'Io', message }
}

/**
 * Opens (creating if needed) the LevelDB adapter at `dir`. Each append is ONE atomic, fsynced batch holding
 * the events, their index entries and the new head, so a crash leaves either all of an append or none of
 * it, and nothing acknowledged is lost.
 */
export const openLevelEventLog = (dir: string): TE.TaskEither<LogError, EventLog> =>
  TE.tryCatch(async () => {
    const db = new Level<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' })
    await db.open()
    const events = sublevel(db, 'e')
    const objects = sublevel(db, 'o')
    const snapshots = sublevel(db, 's')
    const meta = sublevel(db, 'm')
    const headText = await meta.get('head')
    let head = headText === undefined ? 0 : Number(headText)
    let initialized = (await meta.get('meta')) !== undefined
    let tail: Promise<unknown> = Promise.resolve()
    return makeLog(db, { events, objects, snapshots, meta }, () => head, (h) => (head = h), () => initialized, () => (initialized = true), (p) => {
      const run = tail.then(p, p)
      tail = run.catch(() => undefined)
      return run
    })
  }, ioError)

const sublevel = (db: Level<string, string>, name: string) =>
  db.sublevel<string, string>(name, { keyEncoding: 'utf8', valueEncoding: 'utf8' })
type Sub = ReturnType<typeof sublevel>

const makeLog = (
  db: Level<string, string>,
  subs: { events: Sub; objects: Sub; snapshots: Sub; meta: Sub },
  getHead: () => number,
  setHead: (h: number) => void,
  isInitialized: () => boolean,
  markInitialized: () => void,
  serialize: <A>(p: () => Promise<A>) => Promise<A>,
): EventLog => {
  async function* readRecords(from: number, to?: number): AsyncIterable<readonly string[]> {
    const last = to ?? getHead()
    if (from > last) return
    const it = subs.events.values({
      gte: seqKey(Math.max(from, 1)),
      lte: seqKey(last),
      highWaterMarkBytes: HIGH_WATER_MARK_BYTES,
    } as Parameters<Sub['values']>[0])
    try {
      for (;;) {
        const batch = (await it.nextv(READ_BATCH)) as string[]
        if (batch.length === 0) break
        yield batch
      }
    } finally {
      await it.close()
    }
  }

  return {
    readMeta: () =>
      TE.tryCatch(async () => {
        const text = await subs.meta.get('meta')
        return text === undefined ? undefined : (JSON.parse(text) as LogMeta)
      }, ioError),
    initialize: (m) =>
      TE.tryCatch(
        async () => {
          if ((await subs.meta.get('meta')) !== undefined) throw { _tag: 'AlreadyInitialized' }
          await subs.meta.put('meta', JSON.stringify(m))
          markInitialized()
        },
        (err) => ((err as LogError)._tag === 'AlreadyInitialized' ? (err as LogError) : ioError(err)),
      ),
    head: getHead,
    append: (batch: readonly Event[], expectedHead: number) => () =>
      serialize(async () => {
        if (!isInitialized()) return E.left<LogError, number>({ _tag: 'NotInitialized' })
        const head = getHead()
        if (head !== expectedHead) return E.left<LogError, number>({ _tag: 'HeadMismatch', expected: expectedHead, actual: head })
        const ops: unknown[] = []
        let seq = head
        for (const e of batch) {
          seq++
          if (e.seq !== seq) throw new Error(`event seq ${e.seq} out of order at ${seq}`)
          ops.push({ type: 'put', sublevel: subs.events, key: seqKey(seq), value: encodeRecord(e) } as never)
          const key = indexKeyOf(e)
          if (key !== undefined) ops.push({ type: 'put', sublevel: subs.objects, key: objectIndexKey(key, seq), value: '' } as never)
        }
        ops.push({ type: 'put', sublevel: subs.meta, key: 'head', value: String(seq) } as never)
        try {
          await db.batch(ops as never, { sync: true } as never)
        } catch (err) {
          return E.left<LogError, number>(ioError(err))
        }
        setHead(seq)
        return E.right<LogError, number>(seq)
      }),
    read: async function* (from, to) {
      let seq = Math.max(from, 1)
      for await (const records of readRecords(from, to)) {
        const out: Event[] = new Array(records.length)
        for (let i = 0; i < records.length; i++) {
          const decoded = decodeRecord(records[i]!, seq++)
          if (E.isLeft(decoded)) throw new LogReadError(decoded.left)
          out[i] = decoded.right
        }
        yield out
      }
    },
    readRecords,
    objectHistory: (key) =>
      TE.tryCatch(async () => {
        const seqs: number[] = []
        for await (const k of subs.objects.keys({ gt: `${key}\u0000`, lt: `${key}\u0001` })) seqs.push(Number(k.slice(key.length + 1)))
        return seqs
      }, ioError),
    putSnapshot: (s) => TE.tryCatch(() => subs.snapshots.put(seqKey(s.seq), s.payload), ioError),
    nearestSnapshot: (seq) =>
      TE.tryCatch(async () => {
        for await (const [k, v] of subs.snapshots.iterator({ lte: seqKey(seq), reverse: true, limit: 1 }))
          return { seq: Number(k), payload: v }
        return undefined
      }, ioError),
    close: () => db.close(),
  }
}
