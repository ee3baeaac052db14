import type { Deployment, ReplicaSet } from '../../model/workloads.js'
import type { ClusterState } from '../../state/clusterState.js'
import { desiredReplicas, isRollingUpdate, maxSurge } from './fenceposts.js'
import { syncReplicaSetsAndRevision } from './newReplicaSet.js'
import type { Pass } from './pass.js'
import {
  availableReplicas,
  byCreation,
  bySizeNewer,
  bySizeOlder,
  DESIRED_REPLICAS_ANNOTATION,
  filterActive,
  MAX_REPLICAS_ANNOTATION,
  parseIntStrict,
  specReplicas,
  sumSpec,
} from './replicaSets.js'
import { cleanupDeployment } from './revisions.js'
import { rollbackTo } from './rollback.js'
import { syncDeploymentStatus } from './status.js'

/** Go's `math.Round`: half away from zero (2.5 → 3, −2.5 → −3). */
export const roundHalfAwayFromZero = (x: number): number => Math.sign(x) * Math.round(Math.abs(x))

const int32Annotation = (rs: ReplicaSet, key: string): number | undefined => parseIntStrict(rs.metadata.annotations?.[key], 32)

/** `isScalingEvent`: an active set's desired-replicas annotation parses and differs from `replicas`. */
export const isScalingEvent = (d: Deployment, allRSs: readonly ReplicaSet[]): boolean =>
  filterActive(allRSs).some((rs) => {
    const desired = int32Annotation(rs, DESIRED_REPLICAS_ANNOTATION)
    return desired !== undefined && desired !== desiredReplicas(d)
  })

/** `FindActiveOrLatest`: the only active set; the new (else newest old) set when none is active; else none. */
export const findActiveOrLatest = (newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined => {
  if (newRS === undefined && oldRSs.length === 0) return undefined
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a))
  const active = filterActive(newRS !== undefined ? [...newestFirst, newRS] : newestFirst)
  if (active.length === 0) return newRS ?? newestFirst[0]
  return active.length === 1 ? active[0] : undefined
}

/** `IsSaturated`: the new set has `replicas` in spec, in its desired-replicas annotation and available. */
export const isSaturated = (d: Deployment, rs: ReplicaSet | undefined): boolean => {
  if (rs === undefined) return false
  const desired = int32Annotation(rs, DESIRED_REPLICAS_ANNOTATION)
  const r = desiredReplicas(d)
  return desired !== undefined && specReplicas(rs) === r && desired === r && availableReplicas(rs) === r
}

/**
 * `getReplicaSetFraction` (workloads.md §5, 1.33+): `round(size × newMax / oldMax) − size`, oldMax from
 * the max-replicas annotation, else `status.replicas`; 0 when that is 0 too.
 */
export const replicaSetFraction = (rs: ReplicaSet, d: Deployment): number => {
  const size = specReplicas(rs)
  if (desiredReplicas(d) === 0) return -size
  const newMax = desiredReplicas(d) + maxSurge(d)
  let oldMax = int32Annotation(rs, MAX_REPLICAS_ANNOTATION)
  if (oldMax === undefined || oldMax < 0 || oldMax === 0) {
    oldMax = d.status?.replicas ?? 0
    if (oldMax === 0) return 0
  }
  return roundHalfAwayFromZero((size * newMax) / oldMax) - size
}

/** `GetProportion`: the set's fraction, limited by what is left to add (or remove). */
export const proportionOf = (rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number => {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0
  const fraction = replicaSetFraction(rs, d)
  const allowed = toAdd - added
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed)
}

/**
 * The sizes proportional scaling gives the active sets (workloads.md §5 step 3), in the order they are
 * scaled, with the direction of the whole scale (`up`, `down` or `''`).
 */
export const proportionalSizes = (d: Deployment, active: readonly ReplicaSet[]): { readonly sizes: [ReplicaSet, number][]; readonly operation: string } => {
  const allowed = desiredReplicas(d) > 0 ? desiredReplicas(d) + maxSurge(d) : 0
  const toAdd = allowed - sumSpec(active)
  const sorted = toAdd > 0 ? [...active].sort(bySizeNewer) : toAdd < 0 ? [...active].sort(bySizeOlder) : [...active]
  let added = 0
  const sizes: [ReplicaSet, number][] = sorted.map((rs) => {
    const p = toAdd !== 0 ? proportionOf(rs, d, toAdd, added) : 0
    added += p
    return [rs, specReplicas(rs) + p]
  })
  const first = sizes[0]
  if (first !== undefined && toAdd !== 0) first[1] = Math.max(0, first[1] + toAdd - added)
  return { sizes, operation: toAdd > 0 ? 'up' : toAdd < 0 ? 'down' : '' }
}

/**
 * `scale` (workloads.md §5): one active (or the latest) set takes `replicas`; a saturated new set retires
 * the old ones; otherwise RollingUpdate spreads the change over the active sets in proportion.
 */
export const scale = (pass: Pass, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): void => {
  const d = pass.d
  const target = findActiveOrLatest(newRS, oldRSs)
  if (target !== undefined) {
    if (specReplicas(target) !== desiredReplicas(d)) pass.scaleAndRecord(target, desiredReplicas(d))
    return
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) pass.scaleAndRecord(old, 0)
    return
  }
  if (!isRollingUpdate(d)) return
  const { sizes, operation } = proportionalSizes(d, filterActive(newRS !== undefined ? [...oldRSs, newRS] : oldRSs))
  for (const [rs, size] of sizes) pass.scaleReplicaSet(rs, size, operation)
}

/**
 * `sync` (workloads.md §5): the path of paused deployments and scaling events — never creates a new set;
 * scales, cleans up history when paused, and writes the status without estimating progress.
 */
export const syncScaling = (pass: Pass, s: ClusterState, rsList: readonly ReplicaSet[]): void => {
  const synced = syncReplicaSetsAndRevision(pass, s, rsList, false)
  if (synced.collision) return
  const { newRS, oldRSs } = synced
  scale(pass, newRS, oldRSs)
  if (pass.d.spec.paused === true && rollbackTo(pass.d) === undefined) cleanupDeployment(pass, oldRSs)
  syncDeploymentStatus(pass, newRS !== undefined ? [...oldRSs, newRS] : oldRSs, newRS)
}
