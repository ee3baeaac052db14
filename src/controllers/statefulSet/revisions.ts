import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import type { PodTemplateSpec } from '../../model/pod.js'
import { type ClusterState, getObject, selectOwnedBy } from '../../state/clusterState.js'
import type { ControllerCommand } from '../controller.js'
import { canonicalJson, safeEncode } from '../deployment/templateHash.js'
import { revisionOf } from './identity.js'
import { type ControllerRevision, nameOf, namespaceOf, setControllerRef, type StatefulSet } from './types.js'

/** `history.ControllerRevisionHashLabel`. */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash'

// ---- hashing (pkg/controller/history)

const utf8 = new TextEncoder()

/** 32-bit FNV-1 (Go's `fnv.New32`: multiply, then xor) over the UTF-8 bytes of `s`. */
export const fnv1_32 = (s: string, init = 0x811c9dc5): number => {
  let h = init >>> 0
  for (const b of utf8.encode(s)) h = (Math.imul(h, 0x01000193) ^ b) >>> 0
  return h >>> 0
}

/** Go's `json.Marshal` escapes `<`, `>`, `&`, U+2028 and U+2029 inside strings. */
const goJson = (v: unknown): string =>
  canonicalJson(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/**
 * `HashControllerRevision`: FNV-1 over the revision's data, then the decimal collision count, the sum in
 * decimal safe-encoded. The data is Reel's key-sorted JSON, not Go's encoding of the typed object, so
 * the shape matches upstream and the literal values do not (see README).
 */
export const hashRevisionData = (data: unknown, collisionCount: number): string =>
  safeEncode(String(fnv1_32(String(collisionCount), fnv1_32(goJson(data)))))

/** `ControllerRevisionName`: `<set>-<hash>`, the prefix cut at 223 characters. */
export const revisionName = (setName: string, hash: string): string => `${setName.slice(0, 223)}-${hash}`

/** `getPatch`: the template alone, as a strategic-merge patch that replaces it. */
export const revisionDataOf = (template: PodTemplateSpec): unknown => ({ spec: { template: { ...template, $patch: 'replace' } } })

/** `ApplyRevision`: the set with its template taken from the revision. */
export const applyRevision = (set: StatefulSet, rev: ControllerRevision): StatefulSet => {
  const patched = (rev.data as { spec?: { template?: PodTemplateSpec & { $patch?: string } } } | undefined)?.spec?.template
  if (patched === undefined) return set
  const { $patch: _p, ...template } = patched
  return { ...set, spec: { ...set.spec, template } }
}

/** `newRevision` for a given collision count: labels from the template plus the hash, the set's annotations. */
const buildRevision = (set: StatefulSet, revision: number, collisionCount: number): ControllerRevision => {
  const data = revisionDataOf(set.spec.template)
  const hash = hashRevisionData(data, collisionCount)
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(nameOf(set), hash),
      namespace: namespaceOf(set),
      labels: { ...(set.spec.template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
      ...(set.metadata.annotations !== undefined ? { annotations: { ...set.metadata.annotations } } : {}),
      ownerReferences: [setControllerRef(set)],
    },
    data,
    revision,
  }
}

// ---- listing

const ts = (o: KObject): string => String(o.metadata.creationTimestamp ?? '')

/** `SortControllerRevisions`: by revision number, then creation, then name. */
export const byRevision = (a: ControllerRevision, b: ControllerRevision): number =>
  a.revision - b.revision || ts(a).localeCompare(ts(b)) || String(a.metadata.name).localeCompare(String(b.metadata.name))

/** The revisions the set owns, oldest first. */
export const revisionsOf = (s: ClusterState, set: StatefulSet): ControllerRevision[] =>
  selectOwnedBy(s, set.metadata.uid ?? '')
    .filter((o): o is ControllerRevision => o.kind === 'ControllerRevision')
    .sort(byRevision)

/** `history.EqualRevision`: the same data (the hash labels are safe-encoded, so never parse as numbers). */
export const equalRevision = (a: ControllerRevision, b: ControllerRevision): boolean => deepEqual(a.data, b.data)

// ---- getStatefulSetRevisions

export interface Revisions {
  readonly current: ControllerRevision
  readonly update: ControllerRevision
  readonly collisionCount: number
  readonly commands: ControllerCommand[]
}

/**
 * `getStatefulSetRevisions`: the newest revision if it equals the template; an older equal one (a
 * rollback) re-used with its number bumped to max + 1; otherwise a new revision, stepping
 * `collisionCount` past any name taken by different content. The current revision is the one
 * `status.currentRevision` names, else the update revision.
 */
export const getRevisions = (s: ClusterState, set: StatefulSet, revisions: readonly ControllerRevision[]): Revisions => {
  let collisionCount = set.status?.collisionCount ?? 0
  const next = (revisions[revisions.length - 1]?.revision ?? 0) + 1
  const candidate = buildRevision(set, next, collisionCount)
  const equal = revisions.filter((r) => equalRevision(r, candidate))
  const lastEqual = equal[equal.length - 1]
  const newest = revisions[revisions.length - 1]
  const commands: ControllerCommand[] = []
  let update: ControllerRevision
  if (lastEqual !== undefined && newest !== undefined && equalRevision(newest, lastEqual)) update = newest
  else if (lastEqual !== undefined) {
    update = { ...lastEqual, revision: next }
    commands.push({ verb: 'update', object: update })
  } else {
    let rev = candidate
    for (;;) {
      const existing = getObject<ControllerRevision>(s, 'ControllerRevision', namespaceOf(set), rev.metadata.name ?? '')
      if (existing === undefined) {
        commands.push({ verb: 'create', object: rev })
        break
      }
      if (equalRevision(existing, rev)) {
        rev = existing
        break
      }
      collisionCount++
      rev = buildRevision(set, next, collisionCount)
    }
    update = rev
  }
  const current = revisions.find((r) => r.metadata.name === set.status?.currentRevision) ?? update
  return { current, update, collisionCount, commands }
}

/**
 * `truncateHistory`: revisions that are neither current, update, nor named by a pod are deleted, oldest
 * first, until at most `revisionHistoryLimit` remain. A negative limit keeps everything.
 */
export const historyToDelete = (
  set: StatefulSet,
  pods: readonly KObject[],
  revisions: readonly ControllerRevision[],
  current: string,
  update: string,
): ControllerRevision[] => {
  const limit = set.spec.revisionHistoryLimit ?? 10
  if (limit < 0) return []
  const live = new Set([current, update, ...pods.map(revisionOf)])
  const history = revisions.filter((r) => !live.has(r.metadata.name ?? ''))
  return history.length <= limit ? [] : history.slice(0, history.length - limit)
}
