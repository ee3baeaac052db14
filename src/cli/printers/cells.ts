import { humanDurationMs } from '../../kernel/duration.js'
import { fromTimestamp } from '../../kernel/brand.js'
import type { KObject } from '../../model/meta.js'
import { type LabelSelector, fromLabelSelector, selectorToString } from '../../model/selector.js'

// Printers read stored objects loosely, like kubectl reading whatever the server returned: a missing
// or mistyped field prints as kubectl prints the zero value, it never throws.

// ---- model

/** How one kind prints in `get`: its header row and one row per object (the name cell included). */
export interface KindPrinter {
  readonly columns: (wide: boolean) => readonly string[]
  readonly row: (obj: KObject, nowMs: number, wide: boolean) => readonly string[]
}

/** A loosely-typed JSON object. */
export type Fields = Readonly<Record<string, unknown>>

// ---- field readers

/** The value as an object, or `{}`. */
export const rec = (v: unknown): Fields =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Fields) : {}

/** The value as an array, or `[]`. */
export const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : [])

/** The value as a string, or `''` (Go's zero value). */
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')

/** The value as a number, or `0` (Go's zero value). */
export const num = (v: unknown): number => (typeof v === 'number' ? v : 0)

/** A string map (labels, selectors), or `{}`. */
export const strMap = (v: unknown): Readonly<Record<string, string>> => {
  const out: Record<string, string> = {}
  for (const [k, x] of Object.entries(rec(v))) if (typeof x === 'string') out[k] = x
  return out
}

// ---- formatting

/** kubectl's `translateTimestampSince`: the HumanDuration since an RFC 3339 time, or `<unknown>`. */
export const sinceTimestamp = (ts: unknown, nowMs: number): string => {
  const atMs = typeof ts === 'string' ? fromTimestamp(ts) : undefined
  return atMs === undefined ? '<unknown>' : humanDurationMs(nowMs - atMs)
}

/** The AGE cell of an object. */
export const ageOf = (obj: KObject, nowMs: number): string =>
  sinceTimestamp(obj.metadata.creationTimestamp ?? undefined, nowMs)

/** `labels.FormatLabels`: `k=v` pairs sorted by key, joined by `,`; `<none>` when empty. */
export const formatLabels = (m: Readonly<Record<string, string>>): string => {
  const keys = Object.keys(m).sort()
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${m[k]!}`).join(',')
}

/** The `%d/%d` cell kubectl prints for readiness. */
export const ratio = (a: number, b: number): string => `${a}/${b}`

/** `layoutContainerCells`: container names and images of a pod template, comma-joined. */
export const containerCells = (template: unknown): [string, string] => {
  const containers = list(rec(rec(template).spec).containers).map(rec)
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')]
}

/** `metav1.LabelSelectorAsSelector(...).String()`; an invalid selector prints as its error text. */
export const labelSelectorCell = (sel: unknown): string => {
  if (sel === undefined || sel === null) return '<none>'
  const parsed = fromLabelSelector(sel as LabelSelector)
  return typeof parsed === 'string' ? parsed : selectorToString(parsed)
}

/** The status (`True`, `False`, …) of an object's condition of a type, or `''` when it has none. */
export const conditionStatus = (o: KObject, type: string): string =>
  str(list(rec(o.status).conditions).map(rec).find((c) => str(c.type) === type)?.status)

/** kubectl's `listWithMoreString`: at most `max` entries, then ` + N more...`; `<unset>` when empty. */
export const listWithMore = (items: readonly string[], max: number): string => {
  const shown = items.slice(0, max).join(',')
  if (items.length > max) return `${shown} + ${items.length - max} more...`
  return shown === '' ? '<unset>' : shown
}
