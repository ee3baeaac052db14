import type { Pod } from '../../model/pod.js'
import { claimsMatchPolicy, claimsToFix, podClaimIsStale } from './claims.js'
import {
  identityMatches,
  inOrdinalRange,
  isCreated,
  isFailed,
  isPending,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  isUnavailable,
  newStatefulSetPod,
  ordinalOf,
  revisionOf,
  storageMatches,
  withIdentity,
  withStorage,
} from './identity.js'
import type { Pass } from './pass.js'
import {
  allowsBurst,
  isOnDelete,
  isRollingUpdate,
  minReadySecondsOf,
  replicasOf,
  type StatefulSet,
  startOrdinalOf,
} from './types.js'

/** The two templates of a sync: the set as of its current and of its update revision. */
export interface Versions {
  readonly currentSet: StatefulSet
  readonly updateSet: StatefulSet
  readonly current: string
  readonly update: string
}

/** What a sync leaves for the status: the pods it counted and how many current pods it deleted. */
export interface SyncResult {
  readonly counted: readonly Pod[]
  readonly currentDeleted: number
}

/** `newVersionedStatefulSetPod`: below the partition (or the current count), the current revision. */
const newVersionedPod = (v: Versions, ordinal: number): Pod => {
  const set = v.currentSet
  const ru = set.spec.updateStrategy?.rollingUpdate
  const start = startOrdinalOf(set)
  const useCurrent =
    isRollingUpdate(set) &&
    (ru === undefined ? ordinal < start + (set.status?.currentReplicas ?? 0) : ordinal < start + (ru.partition ?? 0))
  return useCurrent ? newStatefulSetPod(v.currentSet, ordinal, v.current) : newStatefulSetPod(v.updateSet, ordinal, v.update)
}

/** `UpdateStatefulPod`: re-apply identity and storage, fix the claims' owner refs, then update the pod. */
const updateStatefulPod = (pass: Pass, set: StatefulSet, updateSet: StatefulSet, pod: Pod): void => {
  let next = pod
  let dirty = false
  if (!identityMatches(set, next)) {
    next = withIdentity(set, next)
    dirty = true
  }
  if (!storageMatches(set, next)) {
    next = withStorage(set, next)
    dirty = true
    if (pass.createMissingClaims(next) !== undefined) return
  }
  if (!claimsMatchPolicy(pass.s, updateSet, next)) {
    for (const c of claimsToFix(pass.s, updateSet, next)) pass.updateClaim(c)
    dirty = true
  }
  if (dirty) pass.updatePod(next)
}

/** `processReplica`: one slot. Returns true when the sync (monotonic) or the slot (Parallel) must stop. */
const processReplica = (pass: Pass, v: Versions, monotonic: boolean, pod: Pod): boolean => {
  const set = pass.set
  if (isFailed(pod) || isSucceeded(pod)) {
    if (!isTerminating(pod)) pass.deletePod(pod)
    return true
  }
  if (!isCreated(pod)) {
    if (podClaimIsStale(pass.s, set, pod)) return true
    if (pass.createPod(pod) !== undefined) return true
    return monotonic
  }
  if (isPending(pod)) pass.createMissingClaims(pod)
  const minReady = minReadySecondsOf(set)
  if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, pass.nowMs))) return true
  const retentionMatch = claimsMatchPolicy(pass.s, v.updateSet, pod)
  if (identityMatches(set, pod) && storageMatches(set, pod) && retentionMatch) return false
  updateStatefulPod(pass, set, v.updateSet, pod)
  return false
}

/** `processCondemned`: monotonic waits for terminating pods and deletes one healthy (or the first unhealthy) pod. */
const processCondemned = (pass: Pass, monotonic: boolean, pod: Pod, firstUnhealthy: Pod | undefined): boolean => {
  if (isTerminating(pod)) return monotonic
  if (monotonic && pod !== firstUnhealthy && !isRunningAndAvailable(pod, minReadySecondsOf(pass.set), pass.nowMs)) return true
  pass.deletePod(pod)
  return monotonic
}

/**
 * `updateStatefulSet` (stateful_set_control.go), steps 3–13 of stateful-storage-nodes.md §1.3: slot the
 * pods by ordinal, create / replace / fix replicas, fix condemned claims, scale down, then roll.
 */
export const syncReplicas = (pass: Pass, v: Versions, pods: readonly Pod[]): SyncResult => {
  const set = pass.set
  const start = startOrdinalOf(set)
  const n = replicasOf(set)
  const slots: (Pod | undefined)[] = new Array<Pod | undefined>(n).fill(undefined)
  const condemned: Pod[] = []
  for (const p of pods) {
    if (inOrdinalRange(set, p)) slots[ordinalOf(p) - start] = p
    else if (ordinalOf(p) >= 0) condemned.push(p)
  }
  const replicas: Pod[] = slots.map((p, i) => p ?? newVersionedPod(v, start + i))
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a))
  const counted = [...replicas, ...condemned]
  const done = (currentDeleted = 0): SyncResult => ({ counted, currentDeleted })

  const minReady = minReadySecondsOf(set)
  let firstUnhealthy: Pod | undefined = replicas.find((p) => isUnavailable(p, minReady, pass.nowMs))
  for (let i = condemned.length - 1; i >= 0 && firstUnhealthy === undefined; i--)
    if (isUnavailable(condemned[i]!, minReady, pass.nowMs)) firstUnhealthy = condemned[i]

  if (set.metadata.deletionTimestamp !== undefined) return done()
  const monotonic = !allowsBurst(set)

  for (const p of replicas) if (processReplica(pass, v, monotonic, p) && monotonic) return done()
  for (const p of condemned) for (const c of claimsToFix(pass.s, v.updateSet, p)) pass.updateClaim(c)
  for (const p of condemned) if (processCondemned(pass, monotonic, p, firstUnhealthy) && monotonic) return done()
  if (isOnDelete(set)) return done()

  const updateMin = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0
  for (let target = replicas.length - 1; target >= updateMin; target--) {
    const p = replicas[target]!
    if (revisionOf(p) !== v.update && !isTerminating(p) && !pass.wasDeleted(p)) {
      pass.deletePod(p)
      return done(1)
    }
    if (isUnavailable(p, minReady, pass.nowMs) || pass.wasDeleted(p)) return done()
  }
  return done()
}
