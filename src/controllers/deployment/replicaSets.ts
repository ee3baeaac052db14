import { fromTimestamp } from '../../kernel/brand.js'
import type { ReplicaSet } from '../../model/workloads.js'
import type { Deployment } from '../../model/workloads.js'
import { equalIgnoreHash } from './templateHash.js'

// ---- annotations (`deploymentutil`)

/** The revision of a set, and of the Deployment (which mirrors its new set's). */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision'
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history'
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas'
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas'
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to'
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration'

/** Deployment annotations never copied to its ReplicaSets (`annotationsToSkip`). */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
])

/** `strconv.ParseInt(s, 10, bits)`: the integer, or undefined when `s` is not one in range. */
export const parseIntStrict = (s: string | undefined, bits: 32 | 64 = 64): number | undefined => {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined
  const n = Number(s)
  const limit = bits === 32 ? 2 ** 31 : 2 ** 63
  return n >= -limit && n < limit ? n : undefined
}

/** `deploymentutil.Revision`: a missing annotation is 0; an unparsable one is undefined (an error). */
export const revisionOf = (rs: ReplicaSet): number | undefined => {
  const v = rs.metadata.annotations?.[REVISION_ANNOTATION]
  return v === undefined ? 0 : parseIntStrict(v)
}

// ---- sizes

/** `spec.replicas` (defaulted to 1, as the API server does). */
export const specReplicas = (rs: ReplicaSet): number => rs.spec.replicas ?? 1
/** `status.replicas`: the set's non-terminating pods. */
export const statusReplicas = (rs: ReplicaSet): number => rs.status?.replicas ?? 0
/** `status.availableReplicas`. */
export const availableReplicas = (rs: ReplicaSet): number => rs.status?.availableReplicas ?? 0

/** `GetReplicaCountForReplicaSets`: the sum of `spec.replicas`. */
export const sumSpec = (rss: readonly ReplicaSet[]): number => rss.reduce((n, rs) => n + specReplicas(rs), 0)
/** `GetActualReplicaCountForReplicaSets`: the sum of `status.replicas`. */
export const sumStatus = (rss: readonly ReplicaSet[]): number => rss.reduce((n, rs) => n + statusReplicas(rs), 0)
/** `GetAvailableReplicaCountForReplicaSets`. */
export const sumAvailable = (rss: readonly ReplicaSet[]): number => rss.reduce((n, rs) => n + availableReplicas(rs), 0)

/** `FilterActiveReplicaSets`: those with `spec.replicas > 0`. */
export const filterActive = (rss: readonly ReplicaSet[]): ReplicaSet[] => rss.filter((rs) => specReplicas(rs) > 0)

// ---- orderings

const createdMs = (rs: ReplicaSet): number => fromTimestamp(rs.metadata.creationTimestamp ?? undefined) ?? 0
const nameOf = (rs: ReplicaSet): string => rs.metadata.name ?? ''
const byName = (a: ReplicaSet, b: ReplicaSet): number => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0)

/** `ReplicaSetsByCreationTimestamp`: oldest first, then name ascending. */
export const byCreation = (a: ReplicaSet, b: ReplicaSet): number => createdMs(a) - createdMs(b) || byName(a, b)

/** `ReplicaSetsBySizeNewer`: larger first; ties newer first, then name descending. */
export const bySizeNewer = (a: ReplicaSet, b: ReplicaSet): number => specReplicas(b) - specReplicas(a) || byCreation(b, a)

/** `ReplicaSetsBySizeOlder`: larger first; ties older first, then name ascending. */
export const bySizeOlder = (a: ReplicaSet, b: ReplicaSet): number => specReplicas(b) - specReplicas(a) || byCreation(a, b)

/** `ReplicaSetsByRevision`: revision ascending; equal or unparsable revisions by creation, then name. */
export const byRevision = (a: ReplicaSet, b: ReplicaSet): number => {
  const ra = revisionOf(a)
  const rb = revisionOf(b)
  if (ra === undefined || rb === undefined || ra === rb) return byCreation(a, b)
  return ra - rb
}

// ---- new and old

/** `FindNewReplicaSet`: the oldest RS whose template equals the deployment's, ignoring the hash label. */
export const findNewReplicaSet = (d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet | undefined =>
  [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template))

/** `FindOldReplicaSets` (allOld): every claimed RS but the new one, compared by uid. */
export const findOldReplicaSets = (rss: readonly ReplicaSet[], newRS: ReplicaSet | undefined): ReplicaSet[] =>
  rss.filter((rs) => newRS === undefined || rs.metadata.uid !== newRS.metadata.uid)

/** `MaxRevision`: the largest parsable revision (0 when none). */
export const maxRevision = (rss: readonly ReplicaSet[]): number => {
  let max = 0
  for (const rs of rss) {
    const v = revisionOf(rs)
    if (v !== undefined && v > max) max = v
  }
  return max
}

/** `LastRevision`: the second-largest revision, duplicates of the maximum counting as the maximum. */
export const lastRevision = (rss: readonly ReplicaSet[]): number => {
  let max = 0
  let second = 0
  for (const rs of rss) {
    const v = revisionOf(rs)
    if (v === undefined) continue
    if (v >= max) {
      second = max
      max = v
    } else if (v > second) second = v
  }
  return second
}
