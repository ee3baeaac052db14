import { deepEqual } from '../../kernel/deepEqual.js'
import { type FieldPath, fieldElement, keyElement, pathKey, pathOf, valueAt, valueElement } from './fieldPath.js'

type Json = Record<string, unknown>
const isMap = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)

/**
 * One owned field: its path, and whether it is a whole list item (`.` in FieldsV1: owning the item's
 * membership, compared through its own fields, never as a value).
 */
export interface Field {
  readonly path: FieldPath
  readonly item: boolean
}

/** A set of fields by path key. */
export type FieldSet = ReadonlyMap<string, Field>

/**
 * Key fields of the associative lists Reel knows (upstream's `listMapKeys`); Reel has no OpenAPI
 * schemas, so list types come from the field's name, as the strategic merge patch's merge keys do.
 */
const LIST_KEYS: Readonly<Record<string, readonly string[]>> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  hostAliases: ['ip'],
  ownerReferences: ['uid'],
  conditions: ['type'],
  ports: ['containerPort', 'protocol'],
}

const SETS = new Set(['finalizers'])

/** Top-level fields never owned: identity and server-set metadata, and `status` (its own subresource). */
const IGNORED_TOP = new Set(['apiVersion', 'kind', 'status'])
const IGNORED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink'])

const keysOf = (path: FieldPath, kind: string): readonly string[] | undefined => {
  const last = path[path.length - 1]?.slice(2) ?? ''
  // A Service's `spec.ports` is keyed by port and protocol; a container's by containerPort and protocol.
  if (last === 'ports' && kind === 'Service' && path.length === 2) return ['port', 'protocol']
  return Object.hasOwn(LIST_KEYS, last) ? LIST_KEYS[last] : undefined
}

/** `selector: {matchLabels…}` is a LabelSelector, atomic upstream (`+structType=atomic`). */
const isAtomicMap = (path: FieldPath, v: Json): boolean => path[path.length - 1] === 'f:selector' && ('matchLabels' in v || 'matchExpressions' in v)

const walk = (v: unknown, path: FieldPath, kind: string, out: Map<string, Field>): void => {
  const add = (p: FieldPath, item = false): void => void out.set(pathKey(p), { path: p, item })
  if (isMap(v)) {
    if (Object.keys(v).length === 0 || isAtomicMap(path, v)) return add(path)
    for (const [k, child] of Object.entries(v)) if (child !== undefined) walk(child, [...path, fieldElement(k)], kind, out)
    return
  }
  if (!Array.isArray(v)) return add(path)
  const field = path[path.length - 1]?.slice(2) ?? ''
  if (SETS.has(field)) {
    for (const x of v) add([...path, valueElement(x)], true)
    return
  }
  const keys = keysOf(path, kind)
  if (keys === undefined || !v.every(isMap) || v.length === 0) return add(path)
  for (const item of v as Json[]) {
    const id = Object.fromEntries(keys.filter((k) => item[k] !== undefined || k === 'protocol').map((k) => [k, item[k] ?? 'TCP']))
    const itemPath = [...path, keyElement(id)]
    add(itemPath, true)
    for (const [k, child] of Object.entries(item)) if (child !== undefined) walk(child, [...itemPath, fieldElement(k)], kind, out)
  }
}

/**
 * The fields an object sets, as structured-merge-diff's `toFieldSet` without a schema: every scalar,
 * empty map and atomic value (lists without keys, LabelSelectors), and every keyed list item and set
 * member. Identity metadata and `status` are left out.
 */
export const fieldsOf = (o: unknown, kind: string): FieldSet => {
  const out = new Map<string, Field>()
  if (!isMap(o)) return out
  for (const [k, v] of Object.entries(o)) {
    if (IGNORED_TOP.has(k) || v === undefined) continue
    if (k === 'metadata' && isMap(v)) {
      for (const [mk, mv] of Object.entries(v)) if (!IGNORED_META.has(mk) && mv !== undefined) walk(mv, [fieldElement('metadata'), fieldElement(mk)], kind, out)
      continue
    }
    walk(v, [fieldElement(k)], kind, out)
  }
  return out
}

/** What changed from `before` to `after`: fields added or whose value changed, and fields removed. */
export const compareFields = (before: unknown, after: unknown, kind: string): { changed: Set<string>; removed: Set<string> } => {
  const a = fieldsOf(before, kind)
  const b = fieldsOf(after, kind)
  const changed = new Set<string>()
  for (const [k, f] of b) {
    if (!a.has(k)) changed.add(k)
    else if (!f.item && !deepEqual(valueAt(before, f.path).value, valueAt(after, f.path).value)) changed.add(k)
  }
  const removed = new Set([...a.keys()].filter((k) => !b.has(k)))
  return { changed, removed }
}

// ---- FieldsV1

/** Encodes path keys as a FieldsV1 tree: nested `{"f:spec":{"f:replicas":{}}}`, `".":{}` on a member with children. */
export const toFieldsV1 = (keys: Iterable<string>): Json => {
  const root: Json = {}
  const members: Json[] = []
  for (const key of [...keys].sort()) {
    let node = root
    for (const e of pathOf(key)) node = (node[e] ??= {}) as Json
    members.push(node)
  }
  for (const node of members) if (Object.keys(node).some((k) => k !== '.')) node['.'] = {}
  return root
}

/** Decodes a FieldsV1 tree into path keys: leaves and nodes marked `.`. */
export const fromFieldsV1 = (tree: unknown): Set<string> => {
  const out = new Set<string>()
  const visit = (node: unknown, path: string[]): void => {
    if (!isMap(node)) return
    const children = Object.keys(node).filter((k) => k !== '.')
    if (path.length > 0 && (children.length === 0 || '.' in node)) out.add(pathKey(path))
    for (const k of children) visit(node[k], [...path, k])
  }
  visit(tree, [])
  return out
}
