import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { Level } from 'level'
import { FORMAT_MIGRATIONS } from '../../migrations/index.js'
import { type DecodeFailure, indexKeyOf } from '../log/encoding.js'
import type { Event } from '../log/events.js'
import { CorruptRecord, latestEvents, latestOfRecords } from '../log/latest.js'
import { decodeStructures, RecordCodec, type RawEvent } from '../log/recordCodec.js'
import { type EventLog, type LogError, type LogMeta, LogReadError } from '../ports/eventLog.js'
import { objectIndexKey, seqKey } from './seqKey.js'

/**
 * Storage layout version. Keys are those of LevelDB sublevels e (events), o (object index), s (snapshots)
 * and m (meta: head, meta, record structures), written through the root database with the `!name!` prefix
 * (one chained batch, no sublevel machinery per key). 2: records may be binary (`log/recordCodec.ts`); a
 * version-1 log (JSON records only) is read as is and appended to with binary records
 * (`migrations/0002-binary-records.ts`).
 */
export const LEVEL_FORMAT_VERSION = FORMAT_MIGRATIONS[FORMAT_MIGRATIONS.length - 1]!.toFormat

const EVENTS = '!e!'
const OBJECTS = '!o!'
const SNAPSHOTS = '!s!'
const HEAD = '!m!head'
const META = '!m!meta'
const STRUCTURES = '!m!structures'

const READ_BATCH = 1000
/** Ranges up to this many events (~33 MB of pod records) are read into memory in one pass (`readLatest`); longer ones stream. */
const IN_MEMORY_RANGE = 50_000
const IN_MEMORY_HIGH_WATER_MARK_BYTES = 16 << 20
/** Sequential reads with 1 MiB iterator buffers run ~3× faster than with the default 16 KiB. */
const HIGH_WATER_MARK_BYTES = 1 << 20

type Db = Level<string, Buffer>

const ioError = (err: unknown): LogError => {
  const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code
  const message = err instanceof Error ? err.message : String(err)
  return code === 'LEVEL_LOCKED'
    ? { _tag: 'Locked', message: 'the data directory is in use by another Reel process (is `reel serve` running?)' }
    : { _tag: 'Io', message }
}

class OpenFailure extends Error {
  constructor(readonly error: LogError) {
    super(error._tag)
  }
}

/**
 * Opens (creating if needed) the LevelDB adapter at `dir`. Each append is ONE atomic, fsynced batch holding
 * the events, their index entries, the new head and any new record structures, so a crash leaves either
 * all of an append or none of it, and nothing acknowledged is lost.
 */
export const openLevelEventLog = (dir: string): TE.TaskEither<LogError, EventLog> =>
  TE.tryCatch(
    async () => {
      const db: Db = new Level<string, Buffer>(dir, { keyEncoding: 'utf8', valueEncoding: 'buffer' })
      await db.open()
      try {
        const structures = await db.get(STRUCTURES)
        const decoded = structures === undefined ? E.right([]) : decodeStructures(structures)
        if (E.isLeft(decoded)) throw new OpenFailure(decoded.left)
        const head = await db.get(HEAD)
        const initialized = (await db.get(META)) !== undefined
        return makeLog(db, new RecordCodec(decoded.right), head === undefined ? 0 : Number(head.toString('utf8')), initialized)
      } catch (err) {
        await db.close()
        throw err
      }
    },
    (err) => (err instanceof OpenFailure ? err.error : ioError(err)),
  )

const makeLog = (db: Db, codec: RecordCodec, head: number, initialized: boolean): EventLog => {
  // Appends run one at a time, so each sees the head the previous one left.
  let tail: Promise<unknown> = Promise.resolve()
  const serialize = <A>(p: () => Promise<A>): Promise<A> => {
    const run = tail.then(p, p)
    tail = run.catch(() => undefined)
    return run
  }

  async function* readStored(from: number, to?: number, batchSize = READ_BATCH, highWaterMarkBytes = HIGH_WATER_MARK_BYTES): AsyncIterable<readonly Buffer[]> {
    const last = Math.min(to ?? head, head)
    if (from > last) return
    const it = db.values({
      gte: EVENTS + seqKey(Math.max(from, 1)),
      lte: EVENTS + seqKey(last),
      highWaterMarkBytes,
    } as Parameters<Db['values']>[0])
    try {
      for (;;) {
        const batch = (await it.nextv(batchSize)) as Buffer[]
        if (batch.length === 0) break
        yield batch
      }
    } finally {
      await it.close()
    }
  }

  /** Decodes each stored batch with `f`; a corrupt record ends the read with a `LogReadError`. */
  async function* decoded<A>(from: number, to: number | undefined, f: (record: Uint8Array, seq: number) => E.Either<DecodeFailure, A>): AsyncIterable<A[]> {
    let seq = Math.max(from, 1)
    for await (const records of readStored(from, to)) {
      const out: A[] = new Array(records.length)
      for (let i = 0; i < records.length; i++) {
        const r = f(records[i]!, seq++)
        if (E.isLeft(r)) throw new LogReadError(r.left)
        out[i] = r.right as A
      }
      yield out
    }
  }

  async function* readLatest(from: number, to?: number): AsyncIterable<Event[]> {
    const first = Math.max(from, 1)
    const last = Math.min(to ?? head, head)
    const count = last - first + 1
    try {
      if (count > IN_MEMORY_RANGE) {
        yield* latestEvents(codec, () => readStored(first, last), first)
        return
      }
      // A short range (time travel's tail after a snapshot) is read once, in as few iterator calls as its
      // bytes allow: the read is in flight on LevelDB's thread while the caller decodes its snapshot.
      const records: Buffer[] = []
      for await (const batch of readStored(first, last, count, IN_MEMORY_HIGH_WATER_MARK_BYTES)) for (const r of batch) records.push(r)
      const events = latestOfRecords(codec, records, first)
      if (events.length > 0) yield events
    } catch (err) {
      throw err instanceof CorruptRecord ? new LogReadError(err.failure) : err
    }
  }

  const append = async (batch: readonly Event[], expectedHead: number): Promise<E.Either<LogError, number>> => {
    if (!initialized) return E.left({ _tag: 'NotInitialized' })
    if (head !== expectedHead) return E.left({ _tag: 'HeadMismatch', expected: expectedHead, actual: head })
    const last = db.batch()
    const earlier: Promise<unknown>[] = []
    let seq = head
    try {
      for (let start = 0; start < batch.length; start += APPEND_CHUNK) {
        const end = Math.min(batch.length, start + APPEND_CHUNK)
        const ops = end === batch.length ? last : db.batch()
        for (let i = start; i < end; i++) {
          const e = batch[i]!
          if (e.seq !== ++seq) throw new Error(`event seq ${e.seq} out of order at ${seq}`)
          ops.put(EVENTS + seqKey(seq), codec.encode(e))
          const key = indexKeyOf(e)
          if (key !== undefined) last.put(OBJECTS + objectIndexKey(key, seq), EMPTY)
        }
        if (ops !== last) earlier.push(written(ops.write({ sync: true } as never)))
      }
    } catch (err) {
      await last.close()
      await Promise.all(earlier)
      throw err
    }
    const structures = codec.pendingStructures()
    if (structures) last.put(STRUCTURES, structures.bytes)
    last.put(HEAD, Buffer.from(String(seq)))
    const failed = (await Promise.all(earlier)).find((r) => r !== undefined)
    if (failed !== undefined) {
      await last.close()
      return E.left(ioError(failed))
    }
    try {
      await last.write({ sync: true } as never)
    } catch (err) {
      return E.left(ioError(err))
    }
    if (structures) codec.persisted(structures.version)
    head = seq
    return E.right(seq)
  }

  return {
    readMeta: () =>
      TE.tryCatch(async () => {
        const text = await db.get(META)
        return text === undefined ? undefined : (JSON.parse(text.toString('utf8')) as LogMeta)
      }, ioError),
    initialize: (m) =>
      TE.tryCatch(
        async () => {
          if ((await db.get(META)) !== undefined) throw { _tag: 'AlreadyInitialized' }
          await db.put(META, Buffer.from(JSON.stringify(m)), { sync: true } as never)
          initialized = true
        },
        (err) => ((err as LogError)._tag === 'AlreadyInitialized' ? (err as LogError) : ioError(err)),
      ),
    head: () => head,
    append: (batch, expectedHead) => () => serialize(() => append(batch, expectedHead)),
    read: (from, to) => decoded<Event>(from, to, (r, seq) => codec.decode(r, seq)),
    readLatest,
    readRaw: (from, to) => decoded<RawEvent>(from, to, (r, seq) => codec.verify(r, seq)),
    readRecords: (from, to) => decoded<string>(from, to, (r, seq) => codec.text(r, seq)),
    objectHistory: (key) =>
      TE.tryCatch(async () => {
        const seqs: number[] = []
        const prefix = `${OBJECTS}${key}\u0000`
        for await (const k of db.keys({ gt: prefix, lt: `${OBJECTS}${key}\u0001` })) seqs.push(Number(k.slice(prefix.length)))
        return seqs
      }, ioError),
    putSnapshot: (s) => TE.tryCatch(() => db.put(SNAPSHOTS + seqKey(s.seq), Buffer.from(s.payload.buffer, s.payload.byteOffset, s.payload.byteLength)), ioError),
    nearestSnapshot: (seq) =>
      TE.tryCatch(async () => {
        for await (const [k, v] of db.iterator({ gte: SNAPSHOTS, lte: SNAPSHOTS + seqKey(seq), reverse: true, limit: 1 }))
          return { seq: Number(k.slice(SNAPSHOTS.length)), payload: new Uint8Array(v.buffer, v.byteOffset, v.byteLength) }
        return undefined
      }, ioError),
    close: () => db.close(),
  }
}

const EMPTY = Buffer.alloc(0)

/**
 * Appends larger than this many events are written in chunks, so that encoding the next chunk overlaps
 * the previous chunk's (fsynced) write on LevelDB's thread. Only the last write carries the index
 * entries, the record structures and the new head: until it lands the earlier chunks sit above the head,
 * where no reader looks and the next append overwrites them, so an append is still all or nothing. The
 * earlier chunks are fsynced too: LevelDB does not fsync a write-ahead log it rotates away from, so an
 * unsynced chunk followed by a synced head could lose the chunk, and not the head, on a power cut.
 */
const APPEND_CHUNK = 500

/** A write's failure as a value (undefined when it succeeded), so chunks can be awaited together. */
const written = (p: Promise<void>): Promise<unknown> => p.then(() => undefined, (err: unknown) => err ?? new Error('write failed'))
