// Time-travel benchmark: `stateAt(log, seq)` at random seqs (nearest snapshot + fold of the events after
// it), with the snapshot's size and load time split out. `benchTimeTravel` builds its own log over a
// large population (the 100,000-pod measure); `timeTravelOn` measures any built log.
import { decodeSnapshot, encodeSnapshot, snapshotIntervalFor } from '../../src/history/snapshot.js'
import { stateAt } from '../../src/history/stateAt.js'
import type { EventLog } from '../../src/ports/eventLog.js'
import { type ClusterState, emptyState } from '../../src/state/clusterState.js'
import { evolveBatch } from '../../src/state/evolve.js'
import { PodWorkload, prng } from './fixtures.js'
import { percentile, plain, progress, type Result, since } from './report.js'
import { openLog, orThrow, withTempDir } from './tmp.js'

const BATCH = 1000
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

export const every = (ms: number) => {
  let next = performance.now() + ms
  return (): boolean => {
    if (performance.now() < next) return false
    next = performance.now() + ms
    return true
  }
}

export interface Built {
  readonly state: ClusterState
  readonly appendMs: number
  readonly snapshotMs: number
  readonly snapshots: number
  readonly pods: number
}

/**
 * Appends `n` pod events over a rolling population in batches of 1,000 and writes a snapshot every
 * `snapshotIntervalFor(objects)` events, as the engine does. `alongside` sees every batch (the raw baseline's copy).
 */
export const buildLog = async (
  log: EventLog,
  n: number,
  population: number,
  label: string,
  alongside?: (events: ReturnType<PodWorkload['batch']>) => Promise<void>,
): Promise<Built> => {
  const workload = new PodWorkload(population, { seed: 7 })
  let state = emptyState()
  let head = 0
  let appendMs = 0
  let snapshotMs = 0
  let snapshots = 0
  let lastSnapshot = 0
  const tick = every(5000)
  while (head < n) {
    const events = workload.batch(Math.min(BATCH, n - head))
    const t = performance.now()
    const newHead = orThrow(await log.append(events, head)(), 'append')
    appendMs += since(t)
    if (alongside) await alongside(events)
    state = evolveBatch(state, events)
    if (newHead - lastSnapshot >= snapshotIntervalFor(state.objects.size)) {
      lastSnapshot = newHead
      const ts = performance.now()
      orThrow(await log.putSnapshot({ seq: newHead, payload: encodeSnapshot(state) })(), 'putSnapshot')
      snapshotMs += since(ts)
      snapshots++
    }
    head = newHead
    if (tick()) progress(`${label}: building log ${fmt(head)}/${fmt(n)} events, ${fmt(workload.size)} pods`)
  }
  progress(`${label}: built ${fmt(n)} events (${workload.counts.created} created, ${workload.counts.updated} updated, ${workload.counts.deleted} deleted), ${fmt(workload.size)} pods, ${snapshots} snapshots`)
  return { state, appendMs, snapshotMs, snapshots, pods: workload.size }
}

/** `stateAt` at `samples` random seqs of the log's second half (where the population has reached its size). */
export const timeTravelOn = async (log: EventLog, samples: number, prefix: string): Promise<Result[]> => {
  const head = log.head()
  const rnd = prng(2024)
  const times: number[] = []
  const tick = every(5000)
  for (let i = 0; i < samples; i++) {
    const seq = Math.ceil(head / 2) + Math.floor(rnd() * Math.floor(head / 2))
    const t0 = performance.now()
    const s = orThrow(await stateAt(log, seq), 'stateAt')
    times.push(since(t0))
    if (s.seq !== seq) throw new Error(`stateAt(${seq}) returned seq ${s.seq}`)
    if (tick()) progress(`${prefix}: ${i + 1}/${samples} queries`)
  }
  // Snapshots load lazily (objects decode on first read): also measured, the same queries then reading
  // every object, as a full listing at that seq would.
  const readAllTimes: number[] = []
  const rndAll = prng(2025)
  for (let i = 0; i < Math.min(samples, 10); i++) {
    const seq = Math.ceil(head / 2) + Math.floor(rndAll() * Math.floor(head / 2))
    const t0 = performance.now()
    const s = orThrow(await stateAt(log, seq), 'stateAt')
    let n = 0
    for (const o of s.objects.values()) if (o.metadata.name !== undefined) n++
    readAllTimes.push(since(t0))
    if (n !== s.objects.size) throw new Error(`read ${n} of ${s.objects.size} objects`)
  }
  const snap = orThrow(await log.nearestSnapshot(head)(), 'nearestSnapshot')
  if (snap === undefined) throw new Error('no snapshot was written')
  const loadTimes: number[] = []
  let objects = 0
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now()
    const fetched = orThrow(await log.nearestSnapshot(head)(), 'nearestSnapshot')!
    objects = decodeSnapshot(fetched.payload).objects.size
    loadTimes.push(since(t0))
  }
  const p50 = percentile(times, 50)
  progress(`${prefix}: p50 ${p50.toFixed(0)} ms, p99 ${percentile(times, 99).toFixed(0)} ms; snapshot of ${fmt(objects)} objects, ${(snap.payload.byteLength / 1e6).toFixed(1)} MB, loads in ${percentile(loadTimes, 50).toFixed(0)} ms (objects decoded on first read; stateAt then reading every object: p50 ${percentile(readAllTimes, 50).toFixed(0)} ms)`)
  return [
    plain(`${prefix}.stateAt_p50`, p50, 'ms'),
    plain(`${prefix}.stateAt_p99`, percentile(times, 99), 'ms'),
    plain(`${prefix}.stateAt_read_all_p50`, percentile(readAllTimes, 50), 'ms'),
    plain(`${prefix}.samples`, samples, 'queries'),
    plain(`${prefix}.snapshot_objects`, objects, 'objects'),
    plain(`${prefix}.snapshot_bytes`, snap.payload.byteLength, 'B'),
    plain(`${prefix}.snapshot_load`, percentile(loadTimes, 50), 'ms'),
  ]
}

/** Time travel over a log of `n` events whose population grows to `population` pods (e.g. 100,000). */
export const benchTimeTravel = async (n: number, population: number, samples: number): Promise<Result[]> =>
  withTempDir('timetravel', async (dir) => {
    const prefix = `timetravel_${Math.round(population / 1000)}k`
    const log = await openLog(dir, true)
    const built = await buildLog(log, n, population, prefix)
    progress(`${prefix}: stateAt at ${samples} random seqs`)
    const results = await timeTravelOn(log, samples, prefix)
    await log.close()
    return [
      plain(`${prefix}.events`, n, 'events'),
      plain(`${prefix}.final_pods`, built.pods, 'pods'),
      plain(`${prefix}.snapshot_write_ms_avg`, built.snapshotMs / Math.max(1, built.snapshots), 'ms'),
      ...results,
    ]
  })
