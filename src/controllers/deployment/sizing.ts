import type { Deployment, ReplicaSet } from '../../model/workloads.js'
import { desiredReplicas, isRollingUpdate, scaledValue } from './fenceposts.js'
import { specReplicas, sumSpec } from './replicaSets.js'

/**
 * `NewRSNewReplicas` (workloads.md §4.1): how big the new ReplicaSet may be now. RollingUpdate: grow by
 * what `replicas + maxSurge` leaves over the **sum of spec.replicas** of every set, never past
 * `replicas`; Recreate: `replicas`.
 */
export const newRSNewReplicas = (d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number => {
  const replicas = desiredReplicas(d)
  if (!isRollingUpdate(d)) return replicas
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge ?? 0, replicas, true)
  const maxTotal = replicas + (typeof surge === 'number' ? surge : 0)
  const current = sumSpec(allRSs)
  if (current >= maxTotal) return specReplicas(newRS)
  return specReplicas(newRS) + Math.min(maxTotal - current, replicas - specReplicas(newRS))
}
