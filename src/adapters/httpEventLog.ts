import * as E from 'fp-ts/lib/Either.js'
import * as TE from 'fp-ts/lib/TaskEither.js'
import { decodeRaw, verifyRecord } from '../log/encoding.js'
import type { Event } from '../log/events.js'
import type { RawEvent } from '../log/recordCodec.js'
import { type EventLog, type LogError, type LogMeta, LogReadError, type StoredSnapshot } from '../ports/eventLog.js'
import { call, callJson, RemoteError, type RemoteTarget } from './httpClient.js'

/** Events per `GET /reel/v1/log/events` page: bounds one response, as a LevelDB read batch does. */
export const REMOTE_PAGE_EVENTS = 2000

/** The header every log endpoint answers with: the server's head when it answered. */
export const HEAD_HEADER = 'reel-head'

const toLogError = (err: unknown): LogError =>
  err instanceof RemoteError ? err.error : { _tag: 'Io', message: err instanceof Error ? err.message : String(err) }

const readOnly = (what: string): LogError => ({
  _tag: 'Io',
  message: `${what}: the data directory is served by a running \`reel serve\`; its log is written only through the server`,
})

/**
 * The EventLog port over a running `reel serve` (`/reel/v1/log/…`, read-only): the CLI's read verbs
 * work unchanged while the server holds the LevelDB lock. Events travel as recorded (not upcast), one
 * CRC-32-checked JSON text record per line whatever the server's storage format, and are upcast here.
 * `head()` is the head the server last reported; every read refreshes it. Writes go through the server's inputs
 * endpoint (`runtime/remoteEngine.ts`), so `append`, `initialize` and `putSnapshot` refuse.
 */
export const openHttpEventLog = (target: RemoteTarget, pageEvents = REMOTE_PAGE_EVENTS): TE.TaskEither<LogError, EventLog> =>
  TE.tryCatch(async () => {
    const first = await callJson<{ meta: LogMeta | null; head: number }>(target, '/reel/v1/log/meta')
    let head = first.head
    const noteHead = (res: Response): void => {
      const h = Number(res.headers.get(HEAD_HEADER))
      if (Number.isInteger(h) && h > head) head = h
    }

    /** Pages of JSON text records (`GET /reel/v1/log/events`), each checked: the verified raw events with their text. */
    async function* pages(from: number, to?: number): AsyncIterable<{ records: readonly string[]; raws: readonly RawEvent[] }> {
      let next = Math.max(from, 1)
      const last = to ?? Number.MAX_SAFE_INTEGER
      while (next <= last) {
        const upTo = Math.min(last, next + pageEvents - 1)
        const res = await call(target, `/reel/v1/log/events?from=${next}&to=${upTo}`).catch((err: unknown) => {
          throw new LogReadError(toLogError(err))
        })
        noteHead(res)
        const text = await res.text()
        const records = text === '' ? [] : text.replace(/\n$/, '').split('\n')
        const raws: RawEvent[] = new Array(records.length)
        for (let i = 0; i < records.length; i++) {
          const raw = verifyRecord(records[i]!, next + i)
          if (E.isLeft(raw)) throw new LogReadError(raw.left)
          raws[i] = raw.right
        }
        if (records.length > 0) yield { records, raws }
        // A short page means the log ended before `upTo`.
        if (records.length < upTo - next + 1) return
        next += records.length
      }
    }

    const log: EventLog = {
      readMeta: () =>
        TE.tryCatch(async () => (await callJson<{ meta: LogMeta | null }>(target, '/reel/v1/log/meta')).meta ?? undefined, toLogError),
      initialize: () => TE.left(readOnly('initialize')),
      head: () => head,
      append: () => TE.left(readOnly('append')),
      read: async function* (from, to) {
        let seq = Math.max(from, 1)
        for await (const { raws } of pages(from, to)) {
          const out: Event[] = new Array(raws.length)
          for (let i = 0; i < raws.length; i++) {
            const decoded = decodeRaw(raws[i]!)
            if (E.isLeft(decoded)) throw new LogReadError({ ...decoded.left, seq })
            out[i] = decoded.right
            seq++
          }
          yield out
        }
      },
      readRaw: async function* (from, to) {
        for await (const { raws } of pages(from, to)) yield raws
      },
      readRecords: async function* (from, to) {
        for await (const { records } of pages(from, to)) yield records
      },
      objectHistory: (key) =>
        TE.tryCatch(async () => (await callJson<{ seqs: number[] }>(target, `/reel/v1/log/objects?key=${encodeURIComponent(key)}`)).seqs, toLogError),
      putSnapshot: () => TE.left(readOnly('putSnapshot')),
      nearestSnapshot: (seq) =>
        TE.tryCatch(async () => {
          const s = (await callJson<{ snapshot: { seq: number; payloadBase64: string } | null }>(target, `/reel/v1/log/snapshot?at=${seq}`)).snapshot
          return s === null ? undefined : ({ seq: s.seq, payload: new Uint8Array(Buffer.from(s.payloadBase64, 'base64')) } satisfies StoredSnapshot)
        }, toLogError),
      close: async () => {},
    }
    return log
  }, toLogError)
