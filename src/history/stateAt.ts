import * as E from 'fp-ts/lib/Either.js'
import type { EventLog, LogError } from '../ports/eventLog.js'
import { type ClusterState, emptyState } from '../state/clusterState.js'
import { evolveBatch } from '../state/evolve.js'
import { decodeSnapshot } from './snapshot.js'

/** The state as of `seq` (clamped to the head): the nearest snapshot at or before it, plus a fold. */
export const stateAt = async (log: EventLog, seq: number = log.head()): Promise<E.Either<LogError, ClusterState>> => {
  const target = Math.min(seq, log.head())
  const snap = await log.nearestSnapshot(target)()
  if (E.isLeft(snap)) return snap
  let state = snap.right ? decodeSnapshot(snap.right.payload) : emptyState()
  for await (const batch of log.read(state.seq + 1, target)) state = evolveBatch(state, batch)
  return E.right(state)
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
