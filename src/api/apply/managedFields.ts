import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import { applyStrategicMergePatch } from '../patch/index.js'
import { pathOf, removeAt, showPath } from './fieldPath.js'
import { compareFields, fieldsOf, fromFieldsV1, toFieldsV1 } from './fieldSet.js'

/** `metav1.ManagedFieldsEntry`. */
export interface ManagedFieldsEntry {
  readonly manager: string
  readonly operation: 'Apply' | 'Update'
  readonly apiVersion: string
  readonly time: string
  readonly fieldsType: 'FieldsV1'
  readonly fieldsV1: Record<string, unknown>
  readonly subresource?: string
}

/** One manager's set, decoded. */
interface Owner {
  readonly manager: string
  readonly operation: 'Apply' | 'Update'
  readonly apiVersion: string
  readonly time: string
  readonly fields: Set<string>
}

/** A field another manager owns with another value: what an apply without `force` is refused for. */
export interface FieldConflict {
  readonly manager: string
  readonly operation: 'Apply' | 'Update'
  readonly apiVersion: string
  /** As upstream prints it: `.spec.replicas`. */
  readonly field: string
}

/** Who writes and when: the manager, the object's apiVersion, and the virtual time as RFC 3339. */
export interface Writer {
  readonly manager: string
  readonly apiVersion: string
  readonly time: string
}

const ownersOf = (o: KObject): Owner[] => {
  const raw = (o.metadata as { managedFields?: unknown }).managedFields
  if (!Array.isArray(raw)) return []
  return raw.flatMap((e): Owner[] => {
    const x = e as Partial<ManagedFieldsEntry>
    if (typeof x.manager !== 'string' || (x.operation !== 'Apply' && x.operation !== 'Update') || x.subresource !== undefined) return []
    return [{ manager: x.manager, operation: x.operation, apiVersion: x.apiVersion ?? '', time: x.time ?? '', fields: fromFieldsV1(x.fieldsV1) }]
  })
}

const entryOf = (w: Owner): ManagedFieldsEntry => ({
  manager: w.manager,
  operation: w.operation,
  apiVersion: w.apiVersion,
  time: w.time,
  fieldsType: 'FieldsV1',
  fieldsV1: toFieldsV1(w.fields),
})

/** The object with these owners as its `metadata.managedFields` (empty sets dropped, as upstream). */
const withOwners = (o: KObject, owners: readonly Owner[]): KObject => {
  const kept = owners.filter((w) => w.fields.size > 0).map(entryOf)
  const { managedFields: _old, ...meta } = o.metadata as KObject['metadata'] & { managedFields?: unknown }
  return { ...o, metadata: { ...meta, ...(kept.length > 0 ? { managedFields: kept } : {}) } as KObject['metadata'] }
}

const sameOwner = (w: Owner, manager: string, operation: 'Apply' | 'Update'): boolean => w.manager === manager && w.operation === operation

/** The managedFields of an object as written by a client, or undefined when it sent none. */
export const managedFieldsOf = (o: KObject): unknown => (o.metadata as { managedFields?: unknown }).managedFields

/**
 * Records an `Update` by `w` (a create, PUT or PATCH) on `next`, coming from `old` (undefined for a
 * create): the writer owns every field it added or changed, and takes them from everyone else; fields
 * the write removed leave every set. This is structured-merge-diff's `Update` without a schema.
 */
export const recordUpdate = (old: KObject | undefined, next: KObject, w: Writer): KObject => {
  const { changed, removed } = compareFields(old, next, next.kind)
  const owners = old === undefined ? [] : ownersOf(old)
  const mine = owners.find((o) => sameOwner(o, w.manager, 'Update'))
  const updated: Owner = {
    manager: w.manager,
    operation: 'Update',
    apiVersion: w.apiVersion,
    time: changed.size > 0 || mine === undefined ? w.time : mine.time,
    fields: new Set([...(mine?.fields ?? []), ...changed].filter((k) => !removed.has(k))),
  }
  const lose = (o: Owner): Owner => ({ ...o, fields: new Set([...o.fields].filter((k) => !changed.has(k) && !removed.has(k))) })
  const next2 = owners.map((o) => (o === mine ? updated : lose(o)))
  return withOwners(next, mine === undefined ? [...next2, updated] : next2)
}

/** The result of a server-side apply: the object to write, or the conflicts that refuse it. */
export type ApplyResult = { readonly ok: true; readonly object: KObject } | { readonly ok: false; readonly conflicts: readonly FieldConflict[] }

/**
 * Server-side apply of `config` by `w` on `live` (structured-merge-diff's `Apply`, without a schema):
 * 1. the config is merged into the live object (maps merged, keyed lists merged by key, others replaced);
 * 2. a field the merge changes that another manager owns is a conflict, unless `force` (then it changes
 *    owner); the same value is shared ownership, not a conflict;
 * 3. fields the applier set last time and no longer sets are removed, unless another manager owns them;
 * 4. the applier's set becomes exactly the config's fields.
 * Managers named like the applier never conflict with it (an `Update` entry of the same tool).
 */
export const applyConfig = (live: KObject, config: KObject, w: Writer, force: boolean): ApplyResult => {
  const merged = applyStrategicMergePatch(live, stripIdentity(config), live.kind)
  const mergedObject = (merged.ok ? merged.value : live) as KObject
  const applied = fieldsOf(config, live.kind)
  const { changed } = compareFields(live, mergedObject, live.kind)
  const owners = ownersOf(live)
  const previous = owners.find((o) => sameOwner(o, w.manager, 'Apply'))
  const others = owners.filter((o) => o !== previous)
  const conflicts: FieldConflict[] = []
  const conflictKeys = new Set<string>()
  for (const o of others) {
    if (o.manager === w.manager) continue
    for (const k of o.fields)
      if (changed.has(k) && applied.has(k)) {
        conflicts.push({ manager: o.manager, operation: o.operation, apiVersion: o.apiVersion, field: showPath(pathOf(k)) })
        conflictKeys.add(k)
      }
  }
  if (conflicts.length > 0 && !force && !upgradesClientSideApply(live, w.manager, conflictKeys)) return { ok: false, conflicts }
  const taken = new Set([...changed].filter((k) => applied.has(k)))
  const kept = others.map((o) => (o.manager === w.manager ? o : { ...o, fields: new Set([...o.fields].filter((k) => !taken.has(k))) }))
  // Fields this applier dropped from its config and nobody else owns leave the object (an item with
  // everything in it: its own fields are not removed one by one, which would lose the item's key).
  const ownedByOthers = new Set(kept.flatMap((o) => [...o.fields]))
  const appliedPaths = [...applied.values()].map((f) => f.path)
  const candidates = [...(previous?.fields ?? [])].filter(
    (k) => !applied.has(k) && !ownedByOthers.has(k) && !appliedPaths.some((p) => isPrefix(pathOf(k), p)),
  )
  const dropped = candidates.filter((k) => !candidates.some((a) => a !== k && isPrefix(pathOf(a), pathOf(k))))
  let result = mergedObject
  for (const k of dropped) result = removeAt(result, pathOf(k)) as KObject
  const { removed } = compareFields(live, result, live.kind)
  const pruned = kept.map((o) => ({ ...o, fields: new Set([...o.fields].filter((k) => !removed.has(k))) }))
  const unchanged = previous !== undefined && deepEqual([...previous.fields].sort(), [...applied.keys()].sort()) && deepEqual(result, live)
  const mine: Owner = { manager: w.manager, operation: 'Apply', apiVersion: w.apiVersion, time: unchanged ? previous.time : w.time, fields: new Set(applied.keys()) }
  const ordered = previous === undefined ? [...pruned, mine] : owners.map((o) => (o === previous ? mine : pruned[others.indexOf(o)]!))
  return { ok: true, object: withOwners(result, ordered) }
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

/**
 * Upstream's `lastAppliedManager`: `kubectl apply --server-side` (manager `kubectl`) on an object last
 * applied client-side takes over without conflicts on the fields of its last-applied-configuration, so
 * moving from client-side to server-side apply needs no `--force-conflicts`.
 */
const upgradesClientSideApply = (live: KObject, manager: string, conflicts: ReadonlySet<string>): boolean => {
  const annotation = live.metadata.annotations?.[LAST_APPLIED]
  if (manager !== 'kubectl' || annotation === undefined) return false
  let lastApplied: unknown
  try {
    lastApplied = JSON.parse(annotation)
  } catch {
    return false
  }
  const allowed = fieldsOf(lastApplied, live.kind)
  return [...conflicts].every((k) => allowed.has(k))
}

const isPrefix = (a: readonly string[], b: readonly string[]): boolean => a.length < b.length && a.every((e, i) => b[i] === e)

/** The owners of a newly created object: the creator's set of every field the object sets. */
export const recordCreate = (o: KObject, w: Writer, operation: 'Apply' | 'Update'): KObject =>
  withOwners(o, [{ manager: w.manager, operation, apiVersion: w.apiVersion, time: w.time, fields: new Set(fieldsOf(o, o.kind).keys()) }])

/** The config an apply merges: what the applier says, without identity fields it does not own. */
const stripIdentity = (config: KObject): Record<string, unknown> => {
  const { managedFields: _m, resourceVersion: _rv, uid: _u, creationTimestamp: _c, generation: _g, ...meta } = config.metadata as KObject['metadata'] & { managedFields?: unknown }
  const { status: _s, ...rest } = config
  return { ...rest, metadata: meta }
}

/** How upstream names a manager in a conflict: `"kubectl"`, or `"kubectl-client-side-apply" using apps/v1` for an Update. */
const managerName = (c: FieldConflict): string => (c.operation === 'Update' ? `"${c.manager}" using ${c.apiVersion}` : `"${c.manager}"`)

/** Upstream's message for apply conflicts (`Apply failed with 1 conflict: conflict with "m": .spec.replicas`). */
export const conflictMessage = (conflicts: readonly FieldConflict[]): string => {
  if (conflicts.length === 1) return `Apply failed with 1 conflict: conflict with ${managerName(conflicts[0]!)}: ${conflicts[0]!.field}`
  const byManager = new Map<string, string[]>()
  for (const c of conflicts) byManager.set(managerName(c), [...(byManager.get(managerName(c)) ?? []), c.field])
  const lines = [...byManager.keys()].sort().flatMap((m) => [`conflicts with ${m}:`, ...byManager.get(m)!.map((f) => `- ${f}`)])
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`
}

/** The causes of an apply conflict Status: one `FieldManagerConflict` per field. */
export const conflictCauses = (conflicts: readonly FieldConflict[]) =>
  conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${managerName(c)}`, field: c.field }))
