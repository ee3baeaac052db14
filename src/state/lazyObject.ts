import type { KObject } from '../model/meta.js'

/** Turns a stored blob back into the object's top-level values, in the order of its key list. */
export type DecodeValues = (blob: Uint8Array) => readonly unknown[]

interface Pending {
  readonly view: KObject
  readonly blob: Uint8Array
  readonly keys: readonly string[]
  readonly decode: DecodeValues
}

const PENDING = Symbol('reel.pendingDecode')

type Lazy = Record<string | symbol, unknown>

/**
 * A snapshot's object, decoded the first time any of its properties is read or written. Until then it
 * is a plain object whose top-level keys (in their original order) are accessors; the first access
 * decodes the blob and replaces every accessor with a data property, so from then on it is an ordinary
 * object. Readers cannot tell: `Object.keys`, `JSON.stringify`, spreading, `structuredClone` and deep
 * equality all go through the accessors. `view` holds what the indexes read (`indexViewOf`). Time travel folds a snapshot's tail and most callers read a few
 * objects, so most of a snapshot's objects are never decoded at all.
 */
export const lazyObject = (view: KObject, keys: readonly string[], blob: Uint8Array, decode: DecodeValues): KObject => {
  const o: Lazy = {}
  Object.defineProperty(o, PENDING, { value: { view, blob, keys, decode } satisfies Pending, writable: true, configurable: true })
  Object.defineProperties(o, accessorsFor(keys))
  return o as unknown as KObject
}

/**
 * What indexing reads of `o`: its index view (kind, namespace, name, uid, owners, a pod's node) while it
 * is still pending, else `o` itself. A fold that replaces or deletes a snapshot's object then never
 * decodes it.
 */
export const indexViewOf = (o: KObject): KObject => ((o as unknown as Lazy)[PENDING] as Pending | undefined)?.view ?? o

/** Decodes `o` now if it is a lazy object still pending (a no-op otherwise). Returns `o`. */
export const materialize = <T extends object>(o: T): T => {
  const l = o as unknown as Lazy
  const p = l[PENDING] as Pending | undefined
  if (p === undefined) return o
  l[PENDING] = undefined
  const values = p.decode(p.blob)
  for (let i = 0; i < p.keys.length; i++)
    Object.defineProperty(l, p.keys[i]!, { value: values[i], writable: true, enumerable: true, configurable: true })
  return o
}

/** Accessor descriptors are shared by every object with the same key list (most objects of a kind). */
const accessorCache = new WeakMap<readonly string[], PropertyDescriptorMap>()

const accessorsFor = (keys: readonly string[]): PropertyDescriptorMap => {
  let d = accessorCache.get(keys)
  if (d !== undefined) return d
  d = {}
  for (const k of keys)
    d[k] = {
      get(this: Lazy) {
        return materialize(this)[k]
      },
      set(this: Lazy, v: unknown) {
        materialize(this)[k] = v
      },
      enumerable: true,
      configurable: true,
    }
  accessorCache.set(keys, d)
  return d
}
