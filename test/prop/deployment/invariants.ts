import { controllerRefOf } from '../../../src/model/meta.js'
import type { Pod } from '../../../src/model/pod.js'
import type { Deployment, ReplicaSet } from '../../../src/model/workloads.js'
import { isPodAvailable } from '../../../src/controllers/replicaSet/status.js'
import { type ClusterState, selectOwnedBy } from '../../../src/state/clusterState.js'
import { deploymentIn, type Observe } from './run.js'

// ---- an oracle for the fenceposts, written from workloads.md §2 (not the controller's own code)

const scaled = (v: number | string | undefined, total: number, roundUp: boolean): number => {
  if (v === undefined) return 0
  if (typeof v === 'number') return v
  const x = (Number(v.slice(0, -1)) * total) / 100
  return roundUp ? Math.ceil(x) : Math.floor(x)
}

const isRolling = (d: Deployment): boolean => (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate'
export const replicasOf = (d: Deployment): number => d.spec.replicas ?? 1

/** `MaxSurge(d)` and `MaxUnavailable(d)` (§2.2–2.3): 0 for Recreate; unavailable ≤ replicas, 0 at 0 replicas. */
export const fenceposts = (d: Deployment): { readonly surge: number; readonly unavailable: number } => {
  if (!isRolling(d)) return { surge: 0, unavailable: 0 }
  const r = replicasOf(d)
  const ru = d.spec.strategy?.rollingUpdate
  const surge = scaled(ru?.maxSurge, r, true)
  const unavailable = surge === 0 && scaled(ru?.maxUnavailable, r, false) === 0 ? 1 : scaled(ru?.maxUnavailable, r, false)
  return { surge, unavailable: r === 0 ? 0 : Math.min(unavailable, r) }
}

// ---- what the Deployment owns

/** The ReplicaSets the Deployment controls (controllerRef), by name. */
export const replicaSetsOf = (s: ClusterState, d: Deployment): ReplicaSet[] =>
  selectOwnedBy<ReplicaSet>(s, d.metadata.uid ?? '').filter((rs) => rs.kind === 'ReplicaSet' && controllerRefOf(rs)?.uid === d.metadata.uid)

/** Every pod a ReplicaSet controls, terminating and terminal ones included. */
export const podsOf = (s: ClusterState, rs: ReplicaSet): Pod[] =>
  selectOwnedBy<Pod>(s, rs.metadata.uid ?? '').filter((p) => p.kind === 'Pod' && controllerRefOf(p)?.uid === rs.metadata.uid)

const specOf = (rs: ReplicaSet): number => rs.spec.replicas ?? 1
const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'

/** Neither terminating nor terminal. */
const isServing = (p: Pod): boolean => p.metadata.deletionTimestamp === undefined && !isTerminal(p)

/** A set's pods that count as available at `atMs`: Ready for more than minReadySeconds, not terminating, not terminal. */
export const availablePodsOf = (s: ClusterState, rs: ReplicaSet, d: Deployment, atMs: number): Pod[] =>
  podsOf(s, rs).filter((p) => isServing(p) && isPodAvailable(p, d.spec.minReadySeconds ?? 0, atMs))

const sizes = (sets: readonly ReplicaSet[]): string => sets.map((rs) => `${rs.metadata.name ?? ''}=${specOf(rs)}`).join(' ')

// ---- the checkers: one per run, stateful where the property speaks of "never" or "once"

/**
 * Surge bound (workloads.md §4.1, §5). Upstream keeps Σ RS spec.replicas ≤ replicas + MaxSurge by never
 * *growing* a ReplicaSet past that budget: `NewRSNewReplicas` grows the new set only into
 * `replicas + maxSurge − Σspec`, a rolling pass otherwise only shrinks old sets, Recreate scales the old
 * sets to 0 before the new one is created, and proportional scaling (a change of `replicas` mid-rollout)
 * lands on exactly `replicas + maxSurge` — except that its leftover is clamped at 0 (§5 step 3.6), so a
 * scale-down can leave the sum above the new budget until old sets are scaled down (four active sets of
 * 1 with max-replicas 4, scaled to replicas 1 with maxSurge 1: every fraction rounds to 0, the leftover −2
 * is clamped on the first set, and the sizes become 0,1,1,1 — a sum of 3 > 2, even once every controller
 * has observed the change; `proportionalSizes` gives exactly that). So "Σ ≤ replicas + maxSurge in every
 * synced state" is not an upstream guarantee. The one checked here, after every event, is: **no write grows a ReplicaSet (creation counts as growth
 * from 0) while leaving Σ spec.replicas above `replicas + MaxSurge(d)`** — with replicas and MaxSurge of
 * the Deployment as stored at that event. It implies the plain bound Σ ≤ replicas + maxSurge for every
 * state reached without a change of `replicas` since the sum was last within bounds (the first rollout,
 * image updates, pause/resume), and is strictly stronger than checking only settled states. It is checked
 * after each controller **pass** (`runScenario`'s `byPass`), not between the writes of one pass:
 * proportional scaling writes the largest set first, and its leftover can make that set grow before the
 * same pass shrinks the others (new 7 + old 4, replicas 7 → 6 with maxSurge 100%: allowed 12, fractions
 * −1 and −1, leftover +3, so new 9 is written while old is still 4 — Σ 13 — then old 3: Σ 12). Upstream
 * writes them in that same order, so its informers see the same transient (found by this property, seed
 * −995055432).
 */
export const surgeBound = (): Observe => {
  let before = new Map<string, number>()
  return (s, atMs, seq) => {
    const d = deploymentIn(s)
    if (!d) return
    const sets = replicaSetsOf(s, d)
    const total = sets.reduce((n, rs) => n + specOf(rs), 0)
    const bound = replicasOf(d) + fenceposts(d).surge
    const grown = sets.filter((rs) => specOf(rs) > (before.get(rs.metadata.uid ?? '') ?? 0))
    before = new Map(sets.map((rs) => [rs.metadata.uid ?? '', specOf(rs)]))
    if (total > bound && grown.length > 0)
      throw new Error(
        `surge bound: at seq ${seq} (${atMs}ms) ${grown.map((rs) => rs.metadata.name).join(', ')} grew and Σ spec.replicas = ${total} > ` +
          `replicas ${replicasOf(d)} + maxSurge ${fenceposts(d).surge} [${sizes(sets)}]`,
      )
  }
}

/**
 * Availability bound (RollingUpdate, no injected failures), after every event: once armed, the available
 * pods (Ready for more than minReadySeconds, owned by any of the Deployment's ReplicaSets, not
 * terminating) never number fewer than `replicas − MaxUnavailable(d)` until `replicas` changes.
 *
 * Upstream's rolling passes keep Σ_rs min(spec.replicas, available) ≥ that minimum once it holds (§4.2:
 * cleanup removes only unavailable replicas, scale-down only `available − minAvailable`), and a
 * ReplicaSet deletes not-ready pods before ready ones (§10.3). A change of `replicas` mid-rollout
 * scales every set proportionally instead (§5), which may remove the available pods of an old set and
 * keep the unavailable new ones; and the pass right after it still reads the ReplicaSets' statuses from
 * before the scaling (a set reporting more available pods than its new size), so it may scale old sets
 * down for availability that is about to go (found by this property; upstream's informer lag does the
 * same). So the bound arms only in a synced state (see `isSynced`) whose *planned* availability — each
 * set's available pods, up to its spec.replicas — reaches the minimum for the current `replicas`, and a
 * change of `replicas` disarms it. It arms no later than the end of the first rollout with the current
 * `replicas` (the brief's "once the deployment first became available").
 *
 * Upstream guarantees this only for minReadySeconds = 0 (where Ready is available), and the test draws
 * only those. With minReadySeconds > 0 this property found dips that are faithful to upstream: the
 * deletion ranking puts co-location (pods of the Deployment on the node) *before* ready time (§10.3,
 * §15.11), so an old set shedding a replica may delete an available pod and keep a Ready but not yet
 * available one; and cleanup then counts that pod as unhealthy (§4.2 step 6) and deletes it too.
 */
/**
 * Every controller has caught up with the last spec change: the Deployment observed its generation, and
 * each ReplicaSet observed its own and reports as many replicas as its spec asks for.
 */
export const isSynced = (d: Deployment, sets: readonly ReplicaSet[]): boolean =>
  (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
  sets.every((rs) => (rs.status?.observedGeneration ?? 0) >= (rs.metadata.generation ?? 0) && (rs.status?.replicas ?? 0) === specOf(rs))

export const availabilityBound = (): Observe => {
  let replicas: number | undefined
  let armed = false
  return (s, atMs, seq) => {
    const d = deploymentIn(s)
    if (!d) return
    if (replicasOf(d) !== replicas) {
      replicas = replicasOf(d)
      armed = false
    }
    const minAvailable = replicasOf(d) - fenceposts(d).unavailable
    const sets = replicaSetsOf(s, d)
    const available = sets.map((rs) => availablePodsOf(s, rs, d, atMs).length)
    const total = available.reduce((n, x) => n + x, 0)
    if (armed && total < minAvailable)
      throw new Error(
        `availability bound: at seq ${seq} (${atMs}ms) ${total} available pods < replicas ${replicasOf(d)} − maxUnavailable ` +
          `${fenceposts(d).unavailable} [${sets.map((rs, i) => `${rs.metadata.name ?? ''}=${specOf(rs)} (${available[i] ?? 0} available)`).join(' ')}]`,
      )
    const planned = sets.reduce((n, rs, i) => n + Math.min(specOf(rs), available[i] ?? 0), 0)
    if (isSynced(d, sets) && planned >= minAvailable) armed = true
  }
}

/**
 * Recreate (workloads.md §6): the new ReplicaSet is created (or scaled up) only once no pod of another
 * template is left — terminating ones included, Succeeded/Failed ones excluded as upstream's
 * `oldPodsRunning` does. So, after every event, at most one of the Deployment's ReplicaSets has pods.
 */
export const recreateExclusive = (): Observe => (s, atMs, seq) => {
  const d = deploymentIn(s)
  if (!d) return
  const withPods = replicaSetsOf(s, d).filter((rs) => podsOf(s, rs).some((p) => !isTerminal(p)))
  if (withPods.length > 1)
    throw new Error(
      `recreate: at seq ${seq} (${atMs}ms) pods of ${withPods.length} templates coexist: ` +
        withPods.map((rs) => `${rs.metadata.name ?? ''}(${podsOf(s, rs).length} pods)`).join(', '),
    )
}

/** Runs several observers on each state. */
export const all =
  (...observers: readonly Observe[]): Observe =>
  (s, atMs, seq) => {
    for (const o of observers) o(s, atMs, seq)
  }
