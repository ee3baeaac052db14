import * as E from 'fp-ts/lib/Either.js'
import type { Event } from '../log/events.js'
import type { EventLog, LogError } from '../ports/eventLog.js'
import { type ClusterState, emptyState } from '../state/clusterState.js'
import { applyEvent } from '../state/evolve.js'
import { compactState } from '../state/compact.js'
import { StateDraft } from '../state/stateDraft.js'
import { decodeSnapshot } from './snapshot.js'

/** What a fold over `from..to` reads: superseded writes skipped when the adapter can (`readLatest`). */
const forFold = (log: EventLog, from: number, to?: number): AsyncIterable<readonly Event[]> =>
  log.readLatest ? log.readLatest(from, to) : log.read(from, to)

/** The state as of `seq` (clamped to the head): the nearest snapshot at or before it, plus a fold. */
export const stateAt = async (log: EventLog, seq: number = log.head()): Promise<E.Either<LogError, ClusterState>> => {
  const target = Math.min(seq, log.head())
  const snap = await log.nearestSnapshot(target)()
  if (E.isLeft(snap)) return snap
  // The tail's read starts before the snapshot is decoded, so the store works while this thread decodes.
  const tail = forFold(log, (snap.right?.seq ?? 0) + 1, target)[Symbol.asyncIterator]()
  const first = tail.next()
  first.catch(() => undefined)
  let start: ClusterState
  try {
    start = snap.right ? decodeSnapshot(snap.right.payload) : emptyState()
  } catch (err) {
    await tail.return?.()
    throw err
  }
  // One draft for the whole fold: each shard and index set is copied once, not once per read batch.
  const d = new StateDraft(start)
  for (let r = await first; r.done !== true; r = await tail.next()) {
    const batch = r.value
    for (let i = 0; i < batch.length; i++) applyEvent(d, batch[i]!)
  }
  return E.right(d.commit())
}

/**
 * Replay proper: folds the log from its first event, ignoring snapshots (no controllers run). The result
 * is compacted (`compactState`): folding is where most decoded objects die, so only the survivors pay.
 */
export const foldLog = async (log: EventLog, to?: number): Promise<ClusterState> => {
  const d = new StateDraft(emptyState())
  for await (const batch of forFold(log, 1, to)) for (let i = 0; i < batch.length; i++) applyEvent(d, batch[i]!)
  return compactState(d.commit())
}

/** The seq of the last event at or before virtual time `atMs` (0 if none): a binary search on `at`. */
export const seqAtTime = async (log: EventLog, atMs: number): Promise<number> => {
  let lo = 0
  let hi = log.head()
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    let at = 0
    for await (const batch of log.read(mid, mid)) at = batch[0]!.at
    if (at <= atMs) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** The state as of virtual time `atMs`. */
export const stateAtTime = async (log: EventLog, atMs: number): Promise<E.Either<LogError, ClusterState>> =>
  stateAt(log, await seqAtTime(log, atMs))
