// Replay and time-travel benchmarks on one log: N pod events over a rolling population, appended in
// batches of 1,000 with a snapshot every SNAPSHOT_EVERY_EVENTS (as the engine writes them).
//  - replay: fold from empty through `log.read(1)` + `evolveBatch` (snapshots ignored), against a raw
//    LevelDB scan (`values({ highWaterMarkBytes: 1 MiB })` + `nextv(1000)`) + `JSON.parse` + a Map fold.
//  - time travel: `stateAt(log, seq)` at random seqs (nearest snapshot + fold), snapshot size and load time.
import { Level } from 'level'
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_EVERY_EVENTS } from '../../src/history/snapshot.js'
import { foldLog, stateAt } from '../../src/history/stateAt.js'
import type { EventLog } from '../../src/ports/eventLog.js'
import { type ClusterState, emptyState } from '../../src/state/clusterState.js'
import { evolveBatch } from '../../src/state/evolve.js'
import { prng, PodWorkload } from './fixtures.js'
import { compared, percentile, plain, progress, type Result, since } from './report.js'
import { EVENT_KEY_END, EVENT_KEY_PREFIX, openLog, orThrow, withTempDir } from './tmp.js'

const BATCH = 1000
/** Events the decode-only pass reads. */
const READ_ONLY_MAX = 200_000
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

const every = (ms: number) => {
  let next = performance.now() + ms
  return (): boolean => {
    if (performance.now() < next) return false
    next = performance.now() + ms
    return true
  }
}

/** Builds the log; returns the state at its head (folded alongside, for the snapshots). */
const buildLog = async (log: EventLog, n: number, population: number): Promise<{ state: ClusterState; results: Result[] }> => {
  const workload = new PodWorkload(population, { seed: 7 })
  let state = emptyState()
  let head = 0
  let appendMs = 0
  let snapshotMs = 0
  let snapshotCount = 0
  const tick = every(5000)
  const t0 = performance.now()
  while (head < n) {
    const events = workload.batch(Math.min(BATCH, n - head))
    const t = performance.now()
    const newHead = orThrow(await log.append(events, head)(), 'append')
    appendMs += since(t)
    state = evolveBatch(state, events)
    if (Math.floor(newHead / SNAPSHOT_EVERY_EVENTS) > Math.floor(head / SNAPSHOT_EVERY_EVENTS)) {
      const ts = performance.now()
      orThrow(await log.putSnapshot({ seq: newHead, payload: encodeSnapshot(state) })(), 'putSnapshot')
      snapshotMs += since(ts)
      snapshotCount++
    }
    head = newHead
    if (tick()) progress(`replay: building log ${fmt(head)}/${fmt(n)} events, ${fmt(workload.size)} pods`)
  }
  const totalMs = since(t0)
  progress(
    `replay: built ${fmt(n)} events (${workload.counts.created} created, ${workload.counts.updated} updated, ${workload.counts.deleted} deleted), ${fmt(workload.size)} pods, ${snapshotCount} snapshots in ${(totalMs / 1000).toFixed(1)} s`,
  )
  return {
    state,
    results: [
      plain('build.append_events_per_s', (n / appendMs) * 1000, 'events/s'),
      plain('build.snapshot_write_ms_avg', snapshotMs / Math.max(1, snapshotCount), 'ms'),
      plain('build.total_s', totalMs / 1000, 's'),
      plain('replay.events', n, 'events'),
      plain('replay.final_pods', workload.size, 'pods'),
    ],
  }
}

/** Reel: `foldLog`, the fold from the first event (snapshots ignored), as `reel replay` does. */
const reelReplay = async (log: EventLog): Promise<{ ms: number; state: ClusterState }> => {
  const t0 = performance.now()
  progress('replay: reel foldLog')
  const state = await foldLog(log)
  return { ms: since(t0), state }
}

/** Reel's read path alone (checksum, JSON.parse, upcast), no fold: splits replay time into decode vs fold. */
const reelReadOnly = async (log: EventLog, to: number): Promise<{ ms: number; count: number }> => {
  const t0 = performance.now()
  let count = 0
  for await (const batch of log.read(1, to)) count += batch.length
  return { ms: since(t0), count }
}

interface RawObject {
  readonly kind: string
  readonly metadata: { readonly namespace?: string; readonly name?: string }
}

/** Raw: sequential LevelDB scan of the same records, JSON.parse, a Map keyed like Reel's state. */
const rawReplay = async (dir: string): Promise<{ ms: number; count: number; objects: number }> => {
  const db = new Level<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' })
  await db.open()
  try {
    const t0 = performance.now()
    const objects = new Map<string, RawObject>()
    let count = 0
    const it = db.values({ gt: EVENT_KEY_PREFIX, lt: EVENT_KEY_END, highWaterMarkBytes: 1 << 20 } as Parameters<typeof db.values>[0])
    try {
      for (;;) {
        const batch = (await it.nextv(1000)) as string[]
        if (batch.length === 0) break
        for (const record of batch) {
          const e = JSON.parse(record.slice(9)) as { type: string; data: { object?: RawObject } }
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

const timeTravel = async (log: EventLog, samples: number): Promise<Result[]> => {
  const head = log.head()
  const rnd = prng(2024)
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const seq = 1 + Math.floor(rnd() * head)
    const t0 = performance.now()
    const s = orThrow(await stateAt(log, seq), 'stateAt')
    times.push(since(t0))
    if (s.seq !== seq) throw new Error(`stateAt(${seq}) returned seq ${s.seq}`)
  }
  const headSnap = orThrow(await log.nearestSnapshot(head)(), 'nearestSnapshot')
  if (headSnap === undefined) throw new Error('no snapshot was written')
  const fetchTimes: number[] = []
  const decodeTimes: number[] = []
  const parseTimes: number[] = []
  let pods = 0
  for (let i = 0; i < 3; i++) {
    let t0 = performance.now()
    const snap = orThrow(await log.nearestSnapshot(head)(), 'nearestSnapshot')!
    fetchTimes.push(since(t0))
    t0 = performance.now()
    pods = decodeSnapshot(snap.payload).objects.size
    decodeTimes.push(since(t0))
    t0 = performance.now()
    JSON.parse(snap.payload)
    parseTimes.push(since(t0))
  }
  const med = (xs: number[]) => percentile(xs, 50)
  progress(`timetravel: p50 ${med(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms; snapshot of ${pods} objects, ${(headSnap.payload.length / 1e6).toFixed(1)} MB`)
  return [
    plain('timetravel.stateAt_p50', percentile(times, 50), 'ms'),
    plain('timetravel.stateAt_p99', percentile(times, 99), 'ms'),
    plain('timetravel.samples', samples, 'queries'),
    plain('timetravel.snapshot_objects', pods, 'objects'),
    plain('timetravel.snapshot_bytes', Buffer.byteLength(headSnap.payload), 'B'),
    plain('timetravel.snapshot_fetch', med(fetchTimes), 'ms'),
    compared('timetravel.snapshot_decode', med(decodeTimes), 'ms', med(parseTimes)),
  ]
}

export const benchReplay = async (n: number, population: number, timeTravelSamples: number): Promise<Result[]> =>
  withTempDir('replay', async (dir) => {
    let log = await openLog(dir, true)
    const built = await buildLog(log, n, population)
    const expectedObjects = built.state.objects.size
    await log.close()

    progress('replay: raw LevelDB scan + JSON.parse + Map fold')
    const raw = await rawReplay(dir)
    progress(`replay: raw ${fmt((raw.count / raw.ms) * 1000)} events/s (${raw.objects} objects)`)

    log = await openLog(dir, false)
    progress('replay: reel log.read(1) + evolveBatch from empty')
    const reel = await reelReplay(log)
    progress(`replay: reel ${fmt((n / reel.ms) * 1000)} events/s (${reel.state.objects.size} objects)`)
    if (reel.state.objects.size !== expectedObjects || raw.objects !== expectedObjects)
      throw new Error(`replay disagrees: reel ${reel.state.objects.size}, raw ${raw.objects}, built ${expectedObjects} objects`)
    // A prefix is enough to split decode from fold, and keeps the full run under ~10 minutes.
    const readTo = Math.min(n, READ_ONLY_MAX)
    progress(`replay: reel log.read(1, ${fmt(readTo)}) only (decode, no fold)`)
    const read = await reelReadOnly(log, readTo)
    progress(`replay: reel read-only ${fmt((read.count / read.ms) * 1000)} events/s`)

    progress(`timetravel: stateAt at ${timeTravelSamples} random seqs`)
    const tt = await timeTravel(log, timeTravelSamples)
    await log.close()
    return [
      ...built.results,
      compared('replay.events_per_s', (n / reel.ms) * 1000, 'events/s', (raw.count / raw.ms) * 1000),
      plain('replay.read_decode_only', (read.count / read.ms) * 1000, 'events/s'),
      // Share of replay time spent in evolveBatch: 1 − (decode µs/event) / (replay µs/event).
      plain('replay.fold_share', Math.max(0, 1 - read.ms / read.count / (reel.ms / n)), 'fraction'),
      ...tt,
    ]
  })
