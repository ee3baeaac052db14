// Append benchmark: Reel's `log.append` (encode + CRC + index entries + head, one atomic batch) against a
// raw `level` chained batch of the same encoded values under the same keys. Batches alternate which side
// goes first, so background compaction and GC land on both.
import { Level } from 'level'
import { seqKey } from '../../src/adapters/seqKey.js'
import { encodeRecord, eventToJson } from '../../src/log/encoding.js'
import { PodWorkload } from './fixtures.js'
import { compared, plain, progress, type Result } from './report.js'
import { EVENT_KEY_PREFIX, openLog, orThrow, withTempDir } from './tmp.js'

export const BATCH = 1000

export const benchAppend = async (count: number): Promise<Result[]> =>
  withTempDir('append-reel', (reelDir) =>
    withTempDir('append-raw', async (rawDir) => {
      const log = await openLog(reelDir, true)
      const raw = new Level<string, string>(rawDir, { keyEncoding: 'utf8', valueEncoding: 'utf8' })
      await raw.open()
      const workload = new PodWorkload(Number.POSITIVE_INFINITY, { deletes: false, seed: 11 })
      let reelMs = 0
      let rawMs = 0
      let encodeMs = 0
      let jsonMs = 0
      let bytes = 0
      let head = 0
      let nextReport = performance.now() + 5000
      for (let done = 0, round = 0; done < count; round++) {
        const events = workload.batch(Math.min(BATCH, count - done))
        const keys = events.map((e) => EVENT_KEY_PREFIX + seqKey(e.seq))
        const t0 = performance.now()
        for (const e of events) eventToJson(e)
        const t1 = performance.now()
        const values = events.map(encodeRecord)
        encodeMs += performance.now() - t1
        jsonMs += t1 - t0
        for (const v of values) bytes += v.length
        const runReel = async () => {
          const t = performance.now()
          head = orThrow(await log.append(events, head)(), 'append')
          reelMs += performance.now() - t
        }
        const runRaw = async () => {
          const t = performance.now()
          const b = raw.batch()
          for (let i = 0; i < keys.length; i++) b.put(keys[i]!, values[i]!)
          await b.write()
          rawMs += performance.now() - t
        }
        if (round % 2 === 0) {
          await runReel()
          await runRaw()
        } else {
          await runRaw()
          await runReel()
        }
        done += events.length
        if (performance.now() > nextReport) {
          progress(`append: ${done.toLocaleString('en-US')}/${count.toLocaleString('en-US')} events`)
          nextReport = performance.now() + 5000
        }
      }
      await log.close()
      await raw.close()
      const reelRate = (count / reelMs) * 1000
      const rawRate = (count / rawMs) * 1000
      progress(`append: reel ${Math.round(reelRate)} events/s, raw ${Math.round(rawRate)} events/s`)
      return [
        compared('append.events_per_s', reelRate, 'events/s', rawRate),
        compared('append.MB_per_s', (bytes / 1e6 / reelMs) * 1000, 'MB/s', (bytes / 1e6 / rawMs) * 1000),
        // Where Reel's time goes: encodeRecord = eventToJson (JSON.stringify) + CRC-32 in JS.
        plain('append.encodeRecord_only', (count / encodeMs) * 1000, 'events/s'),
        plain('append.eventToJson_only', (count / jsonMs) * 1000, 'events/s'),
        plain('append.record_bytes_avg', bytes / count, 'B'),
        plain('append.events', count, 'events'),
      ]
    }),
  )
