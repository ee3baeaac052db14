import type { Field, Type } from 'protobufjs'
import { INT_OR_STRING, QUANTITY, TIME } from './schema.js'

type Json = Record<string, unknown>

/**
 * The Kubernetes JSON of a decoded message, as Go's `encoding/json` would write the same object:
 * - a field absent from the wire is absent; a zero scalar is dropped unless the field has the `(zero)`
 *   option (a Go pointer or a field without `omitempty`); empty lists and maps are dropped;
 * - a present message is written, even empty (`"status": {}`), and an `(inline)` one is merged into
 *   its parent (Go's embedded structs);
 * - `Time` becomes RFC 3339 (the zero time is dropped, where Go writes `null`), `Quantity` its string,
 *   `IntOrString` a number or a string (a zero one is dropped unless `(zero)`, which is what the
 *   API server's defaulting does with it anyway), `bytes` base64, `int64` a number.
 *
 * `plain` is protobufjs' `toObject(message, { longs: Number, bytes: String })` of a `type` message.
 */
export const toJson = (type: Type, plain: Json): Json => {
  const out: Json = {}
  for (const field of type.fieldsArray) {
    const v = plain[field.name]
    if (v === undefined || v === null) continue
    if (field.options?.['(inline)'] === true && field.resolvedType !== null) {
      Object.assign(out, toJson(field.resolvedType as Type, v as Json))
      continue
    }
    const j = fieldJson(field, v)
    if (j !== undefined) out[field.name] = j
  }
  return out
}

const keepsZero = (field: Field): boolean => field.options?.['(zero)'] === true

const fieldJson = (field: Field, v: unknown): unknown => {
  if (field.map) {
    const entries = Object.entries(v as Json).map(([k, e]) => [k, valueJson(field, e, true)] as const)
    return entries.length === 0 ? undefined : Object.fromEntries(entries)
  }
  if (field.repeated) {
    const items = (v as unknown[]).map((e) => valueJson(field, e, true))
    return items.length === 0 ? undefined : items
  }
  return valueJson(field, v, keepsZero(field))
}

/** One value of a field (a list item and a map value are always kept, as Go keeps them). */
const valueJson = (field: Field, v: unknown, keepZero: boolean): unknown => {
  const t = field.resolvedType
  if (t === null || !('fieldsArray' in t)) return keepZero || !isZero(v) ? v : undefined
  const m = v as Json
  switch (t.fullName.slice(1)) {
    case TIME:
      return timeJson(m)
    case QUANTITY:
      return typeof m.string === 'string' ? m.string : '0'
    case INT_OR_STRING: {
      const s = m.type === 1 ? (typeof m.strVal === 'string' ? m.strVal : '') : typeof m.intVal === 'number' ? m.intVal : 0
      return keepZero || !isZero(s) ? s : undefined
    }
    default:
      return toJson(t as Type, m)
  }
}

const isZero = (v: unknown): boolean => v === '' || v === 0 || v === false

/** RFC 3339 in UTC to the second, as metav1.Time marshals; undefined for the zero time (an empty message). */
const timeJson = (m: Json): string | undefined => {
  if (m.seconds === undefined && m.nanos === undefined) return undefined
  const seconds = typeof m.seconds === 'number' ? m.seconds : 0
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
