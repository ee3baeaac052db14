import { deepEqual } from '../../kernel/deepEqual.js'
import { fnv1a32 } from '../../kernel/hash.js'
import type { Pod, PodTemplateSpec } from '../../model/pod.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'
import type { ControllerCommand } from '../controller.js'
import { canonicalJson, safeEncode } from '../deployment/templateHash.js'
import {
  CONTROLLER_REVISION_HASH_LABEL,
  type ControllerRevision,
  controllerRefFor,
  type DaemonSet,
  nameOf,
  namespaceOf,
} from './daemonSet.js'

/** `getPatch`: what a revision stores — `spec.template` only, as a `$patch: replace` patch. */
export const templatePatch = (ds: DaemonSet): Record<string, unknown> => ({
  spec: { template: { ...ds.spec.template, $patch: 'replace' } },
})

/**
 * `controller.ComputeHash(&template, collisionCount)`: FNV over the template, then the collision count
 * when set, written in decimal and safe-encoded. Reel hashes the key-sorted JSON (upstream: Go's spew
 * dump), so the shape and the determinism match, the literal values do not.
 */
export const revisionHash = (template: PodTemplateSpec, collisionCount: number | undefined): string => {
  let h = fnv1a32(canonicalJson(template))
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0
    h = fnv1a32(String.fromCharCode(c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff, 0, 0, 0, 0), h)
  }
  return safeEncode(String(h >>> 0))
}

/** `Match`: whether a revision holds exactly the set's current template patch. */
export const matchesRevision = (ds: DaemonSet, r: ControllerRevision): boolean => deepEqual(r.data, templatePatch(ds))

const revisionRef = (r: ControllerRevision) => ({ kind: 'ControllerRevision', namespace: r.metadata.namespace ?? 'default', name: r.metadata.name ?? '' })

/** Histories ordered by `revision`, ties by name (upstream's sort is unstable there). */
export const byRevision = (a: ControllerRevision, b: ControllerRevision): number =>
  a.revision - b.revision || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1)

/** The outcome of `constructHistory`: the current hash and the old revisions, or a hash collision. */
export type History =
  | { readonly collision: false; readonly hash: string; readonly old: readonly ControllerRevision[]; readonly commands: ControllerCommand[] }
  | { readonly collision: true; readonly commands: ControllerCommand[] }

/** `snapshot`: the revision to create for the current template, or a collision with a different one of that name. */
const snapshot = (s: ClusterState, ds: DaemonSet, revision: number): History => {
  const hash = revisionHash(ds.spec.template, ds.status?.collisionCount)
  const name = `${nameOf(ds)}-${hash}`
  const existing = getObject<ControllerRevision>(s, 'ControllerRevision', namespaceOf(ds), name)
  if (existing !== undefined) {
    if (matchesRevision(ds, existing)) return { collision: false, hash, old: [], commands: [] }
    const status = { ...(ds.status ?? {}), collisionCount: (ds.status?.collisionCount ?? 0) + 1 }
    return { collision: true, commands: [{ verb: 'updateStatus', object: { ...ds, status } }] }
  }
  const created: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: namespaceOf(ds),
      labels: { ...(ds.spec.template.metadata?.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: hash },
      ...(ds.metadata.annotations !== undefined ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [controllerRefFor(ds)],
    },
    data: templatePatch(ds),
    revision,
  }
  return { collision: false, hash, old: [], commands: [{ verb: 'create', object: created }] }
}

/**
 * `dedupCurHistories`: several revisions hold the current template (after a collision); the one with
 * the highest revision stays, pods labelled with another's hash are relabelled, the others are deleted.
 */
const dedup = (current: readonly ControllerRevision[], pods: readonly Pod[], commands: ControllerCommand[]): ControllerRevision => {
  let keep = current[0]!
  for (const r of current) if (r.revision >= keep.revision) keep = r
  const keepHash = keep.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? ''
  for (const r of current) {
    if (r === keep) continue
    const dupHash = r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]
    for (const p of pods)
      if (dupHash !== undefined && p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === dupHash)
        commands.push({ verb: 'update', object: { ...p, metadata: { ...p.metadata, labels: { ...p.metadata.labels, [CONTROLLER_REVISION_HASH_LABEL]: keepHash } } } })
    commands.push({ verb: 'delete', ref: revisionRef(r) })
  }
  return keep
}

/**
 * Mirrors kubernetes pkg/controller/daemon `constructHistory`: label revisions missing the hash label
 * (with their name, as upstream), split them into current (same template patch) and old, then create
 * the current one (revision = max(old) + 1) or, for a rollback to an old template, renumber it.
 */
export const constructHistory = (s: ClusterState, ds: DaemonSet, revisions: readonly ControllerRevision[], pods: readonly Pod[]): History => {
  const commands: ControllerCommand[] = []
  const current: ControllerRevision[] = []
  const old: ControllerRevision[] = []
  for (const given of revisions) {
    let r = given
    if (r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === undefined) {
      r = { ...r, metadata: { ...r.metadata, labels: { ...(r.metadata.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: r.metadata.name ?? '' } } }
      commands.push({ verb: 'update', object: r })
    }
    if (matchesRevision(ds, r)) current.push(r)
    else old.push(r)
  }
  const next = old.reduce((m, r) => Math.max(m, r.revision), 0) + 1
  if (current.length === 0) {
    const snap = snapshot(s, ds, next)
    return snap.collision ? snap : { ...snap, old, commands: [...commands, ...snap.commands] }
  }
  const cur = dedup(current, pods, commands)
  if (cur.revision < next) commands.push({ verb: 'update', object: { ...cur, revision: next } })
  return { collision: false, hash: cur.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '', old, commands }
}

/**
 * `cleanupHistory`: once there are more old revisions than `revisionHistoryLimit`, delete the oldest
 * ones (by revision) that no pod of the set still carries the hash of.
 */
export const cleanupHistory = (ds: DaemonSet, old: readonly ControllerRevision[], pods: readonly Pod[]): ControllerCommand[] => {
  let toKill = old.length - (ds.spec.revisionHistoryLimit ?? 10)
  if (toKill <= 0) return []
  const live = new Set<string>()
  for (const p of pods) {
    const h = p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL]
    if (h !== undefined && h !== '') live.add(h)
  }
  const out: ControllerCommand[] = []
  for (const r of [...old].sort(byRevision)) {
    if (toKill <= 0) break
    if (live.has(r.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '')) continue
    out.push({ verb: 'delete', ref: revisionRef(r) })
    toKill--
  }
  return out
}
