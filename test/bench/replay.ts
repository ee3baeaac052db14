// Replay benchmark on one log of N pod events over a rolling population (batches of 1,000, a snapshot every
// `snapshotIntervalFor` events, as the engine writes them), then time travel on the same log.
//  - replay: `foldLog` (from the first event, snapshots ignored; superseded writes skipped undecoded) against the raw baseline:
//    a LevelDB scan (`values({ highWaterMarkBytes: 1 MiB })` + `nextv(1000)`) + `JSON.parse` + a Map fold
//    of the same events stored as JSON text records (a copy written alongside). Also reported: the same
//    raw scan + MessagePack decode + Map fold over Reel's own (binary) records.
//  - time travel: `stateAt(log, seq)` at random seqs (`timeTravel.ts`).
import * as E from 'fp-ts/lib/Either.js'
import { Level } from 'level'
import { seqKey } from '../../src/adapters/seqKey.js'
import { foldLog } from '../../src/history/stateAt.js'
import { encodeRecord } from '../../src/log/encoding.js'
import { decodeStructures, RecordCodec } from '../../src/log/recordCodec.js'
import type { EventLog } from '../../src/ports/eventLog.js'
import type { ClusterState } from '../../src/state/clusterState.js'
import { compared, plain, progress, type Result, since } from './report.js'
import { buildLog, fmt, timeTravelOn } from './timeTravel.js'
import { EVENT_KEY_END, EVENT_KEY_PREFIX, openLog, withTempDir } from './tmp.js'

/** Events the decode-only pass reads. */
const READ_ONLY_MAX = 200_000

type Raw = Level<string, Buffer>

/** Reel: `foldLog`, the fold from the first event (snapshots ignored), as `reel replay` does. */
const reelReplay = async (log: EventLog): Promise<{ ms: number; state: ClusterState }> => {
  const t0 = performance.now()
  const state = await foldLog(log)
  return { ms: since(t0), state }
}

/** Reel's read path alone (checksum, decode, upcast check of every event), no fold. */
const reelReadOnly = async (log: EventLog, to: number): Promise<{ ms: number; count: number }> => {
  const t0 = performance.now()
  let count = 0
  for await (const batch of log.read(1, to)) count += batch.length
  return { ms: since(t0), count }
}

interface RawEvent {
  readonly type: string
  readonly data: { readonly object?: { readonly kind: string; readonly metadata: { readonly namespace?: string; readonly name?: string } } }
}

/** A sequential scan of `dir`'s event records, each turned into an event by `parse`, folded into a Map. */
const rawScanFold = async (dir: string, parse: (db: Raw) => Promise<(record: Buffer) => RawEvent>): Promise<{ ms: number; count: number; objects: number }> => {
  const db: Raw = new Level<string, Buffer>(dir, { keyEncoding: 'utf8', valueEncoding: 'buffer' })
  await db.open()
  try {
    const decode = await parse(db)
    const t0 = performance.now()
    const objects = new Map<string, unknown>()
    let count = 0
    const it = db.values({ gt: EVENT_KEY_PREFIX, lt: EVENT_KEY_END, highWaterMarkBytes: 1 << 20 } as Parameters<Raw['values']>[0])
    try {
      for (;;) {
        const batch = (await it.nextv(1000)) as Buffer[]
        if (batch.length === 0) break
        for (const record of batch) {
          const e = decode(record)
          const o = e.data.object
          if (o === undefined) continue
          const key = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`
          if (e.type === 'object/deleted') objects.delete(key)
          else objects.set(key, o)
        }
        count += batch.length
      }
    } finally {
      await it.close()
    }
    return { ms: since(t0), count, objects: objects.size }
  } finally {
    await db.close()
  }
}

const jsonParse = async () => (record: Buffer) => JSON.parse(record.toString('utf8', 9)) as RawEvent

/** MessagePack decode with the log's stored structures, checksum included (what any binary reader pays). */
const binaryParse = async (db: Raw) => {
  const stored = await db.get('!m!structures')
  const structures = stored === undefined ? E.right([]) : decodeStructures(stored)
  if (E.isLeft(structures)) throw new Error(structures.left.reason)
  const codec = new RecordCodec(structures.right)
  return (record: Buffer) => {
    const r = codec.verify(record)
    if (E.isLeft(r)) throw new Error(r.left.reason)
    return r.right as unknown as RawEvent
  }
}

export const benchReplay = async (n: number, population: number, timeTravelSamples: number): Promise<Result[]> =>
  withTempDir('replay', (dir) =>
    withTempDir('replay-json', async (jsonDir) => {
      let log = await openLog(dir, true)
      const json: Raw = new Level<string, Buffer>(jsonDir, { keyEncoding: 'utf8', valueEncoding: 'buffer' })
      await json.open()
      const t0 = performance.now()
      const built = await buildLog(log, n, population, 'replay', async (events) => {
        const b = json.batch()
        for (const e of events) b.put(EVENT_KEY_PREFIX + seqKey(e.seq), Buffer.from(encodeRecord(e)))
        await b.write()
      })
      const buildS = since(t0) / 1000
      await json.close()
      const expectedObjects = built.state.objects.size
      await log.close()

      progress('replay: raw LevelDB scan + JSON.parse + Map fold (JSON copy of the log)')
      const raw = await rawScanFold(jsonDir, jsonParse)
      progress(`replay: raw JSON ${fmt((raw.count / raw.ms) * 1000)} events/s (${raw.objects} objects)`)
      progress('replay: raw LevelDB scan + CRC + MessagePack decode + Map fold (Reel\'s records)')
      const rawBinary = await rawScanFold(dir, binaryParse)
      progress(`replay: raw binary ${fmt((rawBinary.count / rawBinary.ms) * 1000)} events/s`)

      log = await openLog(dir, false)
      progress('replay: reel foldLog (log.read(1) + one StateDraft)')
      const reel = await reelReplay(log)
      progress(`replay: reel ${fmt((n / reel.ms) * 1000)} events/s (${reel.state.objects.size} objects)`)
      if (reel.state.objects.size !== expectedObjects || raw.objects !== expectedObjects || rawBinary.objects !== expectedObjects)
        throw new Error(`replay disagrees: reel ${reel.state.objects.size}, raw ${raw.objects}/${rawBinary.objects}, built ${expectedObjects} objects`)
      // A prefix is enough to split decode from fold, and keeps the full run short.
      const readTo = Math.min(n, READ_ONLY_MAX)
      const read = await reelReadOnly(log, readTo)
      progress(`replay: reel read-only (decode, no fold) ${fmt((read.count / read.ms) * 1000)} events/s`)

      progress(`timetravel: stateAt at ${timeTravelSamples} random seqs`)
      const tt = await timeTravelOn(log, timeTravelSamples, 'timetravel')
      await log.close()
      return [
        plain('build.append_events_per_s', (n / built.appendMs) * 1000, 'events/s'),
        plain('build.snapshot_write_ms_avg', built.snapshotMs / Math.max(1, built.snapshots), 'ms'),
        plain('build.total_s', buildS, 's'),
        plain('replay.events', n, 'events'),
        plain('replay.final_pods', built.pods, 'pods'),
        compared('replay.events_per_s', (n / reel.ms) * 1000, 'events/s', (raw.count / raw.ms) * 1000),
        compared('replay.vs_raw_binary', (n / reel.ms) * 1000, 'events/s', (rawBinary.count / rawBinary.ms) * 1000),
        // `log.read` decodes every event; the fold (`readLatest`) skips the writes superseded later in the
        // log undecoded, which is why a whole replay can run faster than decoding alone.
        plain('replay.read_decode_every_event', (read.count / read.ms) * 1000, 'events/s'),
        ...tt,
      ]
    }),
  )
