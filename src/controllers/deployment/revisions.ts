import type { ReplicaSet } from '../../model/workloads.js'
import { MAX_INT32 } from './conditions.js'
import type { Pass } from './pass.js'
import { byRevision, specReplicas, statusReplicas } from './replicaSets.js'

/** `HasRevisionHistoryLimit`: set and not MaxInt32 (either disables cleanup). */
export const hasRevisionHistoryLimit = (limit: number | undefined): limit is number => limit !== undefined && limit !== MAX_INT32

/** Whether an old set may be deleted as history: empty in spec and status, observed, not being deleted. */
const isDeletable = (rs: ReplicaSet): boolean =>
  statusReplicas(rs) === 0 &&
  specReplicas(rs) === 0 &&
  (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0) &&
  rs.metadata.deletionTimestamp === undefined

/**
 * The old sets `cleanupDeployment` deletes (workloads.md §8.4): sort the live old sets by revision
 * (missing = 0; ties and parse errors by creation, then name), look only at the first `count − limit`,
 * and take those that are empty — a non-empty one is skipped, **not** replaced by a later one.
 */
export const historyToDelete = (oldRSs: readonly ReplicaSet[], limit: number | undefined): ReplicaSet[] => {
  if (!hasRevisionHistoryLimit(limit)) return []
  const cleanable = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined)
  const diff = cleanable.length - limit
  if (diff <= 0) return []
  return cleanable.sort(byRevision).slice(0, diff).filter(isDeletable)
}

/** `cleanupDeployment`: deletes (background propagation) the history beyond `revisionHistoryLimit`. */
export const cleanupDeployment = (pass: Pass, oldRSs: readonly ReplicaSet[]): void => {
  for (const rs of historyToDelete(oldRSs, pass.d.spec.revisionHistoryLimit)) pass.delete(rs)
}
