import { deepEqual } from '../kernel/deepEqual.js'
import type { ClusterState } from '../state/clusterState.js'

/** One changed field, by JSON path (`spec.replicas`, `status.conditions[0].status`). */
export interface FieldChange {
  readonly path: string
  readonly before: unknown
  readonly after: unknown
}

export interface StateDiff {
  readonly added: readonly string[]
  readonly removed: readonly string[]
  readonly changed: readonly { readonly key: string; readonly fields: readonly FieldChange[] }[]
}

/** Metadata that changes on every write and says nothing about the change itself. */
const IGNORED = new Set(['metadata.resourceVersion', 'metadata.managedFields'])

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** The field-level differences between two JSON values, depth-first, keys in sorted order. */
export const diffValues = (a: unknown, b: unknown, path = '', out: FieldChange[] = []): FieldChange[] => {
  if (IGNORED.has(path) || deepEqual(a, b)) return out
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
    for (const k of keys) diffValues(a[k], b[k], path ? `${path}.${k}` : k, out)
    return out
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    for (let i = 0; i < a.length; i++) diffValues(a[i], b[i], `${path}[${i}]`, out)
    return out
  }
  out.push({ path, before: a, after: b })
  return out
}

/** Objects added, removed and changed (with field paths) from state `a` to state `b`, keys sorted. */
export const diffStates = (a: ClusterState, b: ClusterState): StateDiff => {
  const added: string[] = []
  const removed: string[] = []
  const changed: { key: string; fields: FieldChange[] }[] = []
  for (const [k, ob] of b.objects.entries()) {
    const oa = a.objects.get(k)
    if (oa === undefined) added.push(k)
    else if (oa !== ob) {
      const fields = diffValues(oa, ob)
      if (fields.length > 0) changed.push({ key: k, fields })
    }
  }
  for (const k of a.objects.keys()) if (!b.objects.has(k)) removed.push(k)
  const byKey = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)
  return { added: added.sort(byKey), removed: removed.sort(byKey), changed: changed.sort((x, y) => byKey(x.key, y.key)) }
}

export const isEmptyDiff = (d: StateDiff): boolean => d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0

/** Human lines: `+ Pod/default/web-x`, `- …`, `~ ReplicaSet/default/web  spec.replicas: 3 → 5`. */
export const renderDiff = (d: StateDiff): string[] => {
  const lines: string[] = []
  for (const k of d.added) lines.push(`+ ${k}`)
  for (const k of d.removed) lines.push(`- ${k}`)
  for (const c of d.changed) {
    lines.push(`~ ${c.key}`)
    for (const f of c.fields) lines.push(`    ${f.path}: ${JSON.stringify(f.before) ?? '<none>'} → ${JSON.stringify(f.after) ?? '<none>'}`)
  }
  return lines
}

