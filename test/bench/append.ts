// Append benchmark: Reel's `log.append` (binary records with CRC, per-object index entries, head and any
// new record structures, ONE fsynced atomic batch per call) against a raw `level` chained batch of the
// same record bytes under the same keys, not fsynced (the anchor), and the same raw batch fsynced.
// Batches rotate which side goes first, so background compaction and GC land on all of them.
import { Level } from 'level'
import { seqKey } from '../../src/adapters/seqKey.js'
import { encodeRecord } from '../../src/log/encoding.js'
import { RecordCodec } from '../../src/log/recordCodec.js'
import { PodWorkload } from './fixtures.js'
import { compared, plain, progress, type Result } from './report.js'
import { EVENT_KEY_PREFIX, openLog, orThrow, withTempDir } from './tmp.js'

export const BATCH = 1000

type Raw = Level<string, Buffer>

const rawBatch = async (db: Raw, keys: readonly string[], values: readonly Buffer[], sync: boolean): Promise<number> => {
  const t = performance.now()
  const b = db.batch()
  for (let i = 0; i < keys.length; i++) b.put(keys[i]!, values[i]!)
  await b.write({ sync } as never)
  return performance.now() - t
}

export const benchAppend = async (count: number): Promise<Result[]> =>
  withTempDir('append-reel', (reelDir) =>
    withTempDir('append-raw', (rawDir) =>
      withTempDir('append-raw-sync', async (syncDir) => {
        const log = await openLog(reelDir, true)
        const raw: Raw = new Level<string, Buffer>(rawDir, { keyEncoding: 'utf8', valueEncoding: 'buffer' })
        const rawSync: Raw = new Level<string, Buffer>(syncDir, { keyEncoding: 'utf8', valueEncoding: 'buffer' })
        await raw.open()
        await rawSync.open()
        // The raw sides store the bytes Reel stores: a codec of their own sees the same events in the same order.
        const codec = new RecordCodec()
        const workload = new PodWorkload(Number.POSITIVE_INFINITY, { deletes: false, seed: 11 })
        let reelMs = 0
        let rawMs = 0
        let syncMs = 0
        let encodeMs = 0
        let jsonMs = 0
        let bytes = 0
        let jsonBytes = 0
        let head = 0
        let nextReport = performance.now() + 5000
        for (let done = 0, round = 0; done < count; round++) {
          const events = workload.batch(Math.min(BATCH, count - done))
          const keys = events.map((e) => EVENT_KEY_PREFIX + seqKey(e.seq))
          let t = performance.now()
          const values = events.map((e) => codec.encode(e))
          encodeMs += performance.now() - t
          t = performance.now()
          for (const e of events) jsonBytes += encodeRecord(e).length
          jsonMs += performance.now() - t
          for (const v of values) bytes += v.length
          const sides = [
            async () => {
              const t0 = performance.now()
              head = orThrow(await log.append(events, head)(), 'append')
              reelMs += performance.now() - t0
            },
            async () => void (rawMs += await rawBatch(raw, keys, values, false)),
            async () => void (syncMs += await rawBatch(rawSync, keys, values, true)),
          ]
          for (let i = 0; i < sides.length; i++) await sides[(i + round) % sides.length]!()
          done += events.length
          if (performance.now() > nextReport) {
            progress(`append: ${done.toLocaleString('en-US')}/${count.toLocaleString('en-US')} events`)
            nextReport = performance.now() + 5000
          }
        }
        await log.close()
        await raw.close()
        await rawSync.close()
        const rate = (ms: number) => (count / ms) * 1000
        progress(`append: reel ${Math.round(rate(reelMs))} events/s, raw ${Math.round(rate(rawMs))} events/s (fsynced ${Math.round(rate(syncMs))})`)
        return [
          compared('append.events_per_s', rate(reelMs), 'events/s', rate(rawMs)),
          compared('append.vs_raw_fsynced', rate(reelMs), 'events/s', rate(syncMs)),
          compared('append.MB_per_s', (bytes / 1e6 / reelMs) * 1000, 'MB/s', (bytes / 1e6 / rawMs) * 1000),
          // Where Reel's time goes: encoding alone (binary record + CRC), against the JSON text record.
          compared('append.encode_only', rate(encodeMs), 'events/s', rate(jsonMs)),
          // Derived, not measured: encoding then an fsynced write of the same bytes, one after the other.
          plain('append.serial_ceiling', 1000 / (encodeMs / count + syncMs / count), 'events/s'),
          compared('append.record_bytes_avg', bytes / count, 'B', jsonBytes / count),
          plain('append.events', count, 'events'),
        ]
      }),
    ),
  )
