import { isMap, malformed, patched, unprocessable, type PatchResult } from './result.js'

/** One RFC 6902 operation. */
export interface JsonPatchOp {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test'
  readonly path: string
  readonly from?: string
  readonly value?: unknown
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test'])

const parsePointer = (p: string): string[] | undefined => {
  if (p === '') return []
  if (!p.startsWith('/')) return undefined
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]))
  }
  return false
}

const index = (arr: unknown[], tok: string, forAdd: boolean): number | undefined => {
  if (forAdd && tok === '-') return arr.length
  if (!/^(0|[1-9][0-9]*)$/.test(tok)) return undefined
  const i = Number(tok)
  return i < arr.length || (forAdd && i === arr.length) ? i : undefined
}

type Doc = { root: unknown }

/** The container of the last token, and that token; undefined when the parent does not exist. */
const parentOf = (doc: Doc, toks: readonly string[]): { parent: unknown; key: string } | undefined => {
  let cur: unknown = doc.root
  for (const t of toks.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = index(cur, t, false)
      if (i === undefined) return undefined
      cur = cur[i]
    } else if (isMap(cur) && Object.hasOwn(cur, t)) cur = cur[t]
    else return undefined
  }
  return { parent: cur, key: toks[toks.length - 1]! }
}

const get = (doc: Doc, toks: readonly string[]): { found: boolean; value?: unknown } => {
  if (toks.length === 0) return { found: true, value: doc.root }
  const pk = parentOf(doc, toks)
  if (pk === undefined) return { found: false }
  const { parent, key } = pk
  if (Array.isArray(parent)) {
    const i = index(parent, key, false)
    return i === undefined ? { found: false } : { found: true, value: parent[i] }
  }
  return isMap(parent) && Object.hasOwn(parent, key) ? { found: true, value: parent[key] } : { found: false }
}

const add = (doc: Doc, toks: readonly string[], value: unknown): string | undefined => {
  if (toks.length === 0) {
    doc.root = value
    return undefined
  }
  const pk = parentOf(doc, toks)
  if (pk === undefined) return 'the parent of the path does not exist'
  const { parent, key } = pk
  if (Array.isArray(parent)) {
    const i = index(parent, key, true)
    if (i === undefined) return `index ${key} is out of bounds`
    parent.splice(i, 0, value)
    return undefined
  }
  if (!isMap(parent)) return 'the parent of the path is not an object or an array'
  parent[key] = value
  return undefined
}

const remove = (doc: Doc, toks: readonly string[]): string | undefined => {
  if (toks.length === 0) return 'cannot remove the whole document'
  const pk = parentOf(doc, toks)
  if (pk === undefined) return 'the path does not exist'
  const { parent, key } = pk
  if (Array.isArray(parent)) {
    const i = index(parent, key, false)
    if (i === undefined) return `index ${key} is out of bounds`
    parent.splice(i, 1)
    return undefined
  }
  if (!isMap(parent) || !Object.hasOwn(parent, key)) return 'the path does not exist'
  delete parent[key]
  return undefined
}

const validOp = (x: unknown): x is JsonPatchOp =>
  isMap(x) && typeof x.op === 'string' && OPS.has(x.op) && typeof x.path === 'string' &&
  ((x.op !== 'move' && x.op !== 'copy') || typeof x.from === 'string') &&
  (!['add', 'replace', 'test'].includes(x.op) || 'value' in x)

/**
 * RFC 6902 JSON patch (`application/json-patch+json`). Operations apply in order to a copy of the
 * original; the first failing one (a missing path, a failed `test`) refuses the whole patch with 422.
 */
export const applyJsonPatch = (original: unknown, patch: unknown): PatchResult => {
  if (!Array.isArray(patch)) return malformed('a JSON patch must be an array of operations')
  const doc: Doc = { root: structuredClone(original) }
  for (const [n, op] of patch.entries()) {
    if (!validOp(op)) return malformed(`operation ${n} is not a valid JSON patch operation`)
    const toks = parsePointer(op.path)
    if (toks === undefined) return malformed(`invalid JSON pointer ${JSON.stringify(op.path)}`)
    const fail = (why: string) => unprocessable(`the ${op.op} operation on ${op.path} failed: ${why}`)
    let err: string | undefined
    switch (op.op) {
      case 'add':
        err = add(doc, toks, structuredClone(op.value))
        break
      case 'remove':
        err = remove(doc, toks)
        break
      case 'replace':
        err = get(doc, toks).found ? (toks.length === 0 ? ((doc.root = structuredClone(op.value)), undefined) : (remove(doc, toks) ?? add(doc, toks, structuredClone(op.value)))) : 'the path does not exist'
        break
      case 'move':
      case 'copy': {
        const from = parsePointer(op.from ?? '')
        if (from === undefined) return malformed(`invalid JSON pointer ${JSON.stringify(op.from)}`)
        if (op.op === 'move' && toks.length > from.length && from.every((t, i) => toks[i] === t)) return fail('cannot move a value into itself')
        const src = get(doc, from)
        if (!src.found) err = `the from path ${op.from ?? ''} does not exist`
        else err = (op.op === 'move' ? remove(doc, from) : undefined) ?? add(doc, toks, structuredClone(src.value))
        break
      }
      case 'test': {
        const at = get(doc, toks)
        if (!at.found || !deepEqual(at.value, op.value)) return unprocessable(`the test operation on ${op.path} failed: the value is not ${JSON.stringify(op.value)}`)
        break
      }
    }
    if (err !== undefined) return fail(err)
  }
  return patched(doc.root)
}
