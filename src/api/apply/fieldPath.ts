/**
 * Field paths of server-side apply, in upstream's FieldsV1 spelling (structured-merge-diff's
 * `PathElement`): `f:<field>` a map field, `k:<json>` a keyed list item (key fields sorted), `v:<json>` an
 * item of a set of primitives, `i:<n>` a list position. A path is the list of its elements; `pathKey`
 * turns it into one string to put in a `Set`.
 */
export type FieldPath = readonly string[]

type Json = Record<string, unknown>
const isMap = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)

export const pathKey = (p: FieldPath): string => JSON.stringify(p)
export const pathOf = (key: string): FieldPath => JSON.parse(key) as FieldPath

export const fieldElement = (name: string): string => `f:${name}`

/** `k:{"name":"nginx"}`: the item's key fields, sorted by name as upstream serialises them. */
export const keyElement = (keys: Readonly<Record<string, unknown>>): string =>
  `k:${JSON.stringify(Object.fromEntries(Object.keys(keys).sort().map((k) => [k, keys[k]])))}`

export const valueElement = (v: unknown): string => `v:${JSON.stringify(v)}`

/** A path as upstream prints it in conflicts: `.spec.template.spec.containers[name="nginx"].image`. */
export const showPath = (p: FieldPath): string =>
  p
    .map((e) => {
      const body = e.slice(2)
      if (e.startsWith('f:')) return `.${body}`
      if (e.startsWith('v:')) return `[=${body}]`
      if (e.startsWith('i:')) return `[${body}]`
      const keys = JSON.parse(body) as Json
      return `[${Object.entries(keys).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`
    })
    .join('')

const itemMatches = (item: unknown, e: string): boolean => {
  if (e.startsWith('v:')) return JSON.stringify(item) === e.slice(2)
  if (!isMap(item)) return false
  const keys = JSON.parse(e.slice(2)) as Json
  return Object.entries(keys).every(([k, v]) => JSON.stringify(item[k] ?? (k === 'protocol' ? 'TCP' : undefined)) === JSON.stringify(v))
}

const step = (cur: unknown, e: string): { found: boolean; value: unknown } => {
  if (e.startsWith('f:')) return isMap(cur) && Object.hasOwn(cur, e.slice(2)) ? { found: true, value: cur[e.slice(2)] } : { found: false, value: undefined }
  if (!Array.isArray(cur)) return { found: false, value: undefined }
  if (e.startsWith('i:')) {
    const i = Number(e.slice(2))
    return i < cur.length ? { found: true, value: cur[i] } : { found: false, value: undefined }
  }
  const item = cur.find((x) => itemMatches(x, e))
  return item === undefined ? { found: false, value: undefined } : { found: true, value: item }
}

/** The value at a path, and whether the path exists. */
export const valueAt = (o: unknown, p: FieldPath): { found: boolean; value: unknown } => {
  let cur: { found: boolean; value: unknown } = { found: true, value: o }
  for (const e of p) {
    cur = step(cur.value, e)
    if (!cur.found) return cur
  }
  return cur
}

/** A copy of `o` without what `p` names (a field, an item); `o` itself when the path is absent. */
export const removeAt = (o: unknown, p: FieldPath): unknown => {
  if (p.length === 0) return undefined
  const [e, ...rest] = p as [string, ...string[]]
  const { found, value } = step(o, e)
  if (!found) return o
  const child = rest.length === 0 ? undefined : removeAt(value, rest)
  if (rest.length > 0 && child === value) return o
  if (e.startsWith('f:')) {
    const { [e.slice(2)]: _gone, ...kept } = o as Json
    return child === undefined ? kept : { ...kept, [e.slice(2)]: child }
  }
  const list = o as unknown[]
  const i = list.indexOf(value)
  return child === undefined ? list.filter((_, j) => j !== i) : list.map((x, j) => (j === i ? child : x))
}
