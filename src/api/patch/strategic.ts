import { isMap, malformed, patched, type PatchResult } from './result.js'

/**
 * Merge keys of the lists Reel knows (reference §9, from upstream's `patchMergeKey` struct tags).
 * `ports` is `containerPort` except on a Service's `spec.ports` (`port`). `finalizers` is a set of
 * primitives. Every other list is atomic: the patch's list replaces the original's (tolerations, args,
 * command, envFrom, taints, subsets, …).
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  volumes: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  conditions: 'type',
  ports: 'containerPort',
}

const PRIMITIVE_SETS = new Set(['finalizers'])

const mergeKeyOf = (path: readonly string[], kind: string): string | undefined => {
  const field = path[path.length - 1] ?? ''
  if (field === 'ports' && kind === 'Service' && path.length === 2 && path[0] === 'spec') return 'port'
  return Object.hasOwn(MERGE_KEYS, field) ? MERGE_KEYS[field] : undefined
}

class Malformed extends Error {}

const SET_ORDER = '$setElementOrder/'
const DELETE_FROM = '$deleteFromPrimitiveList/'

/** Merges a map; `$patch: replace|delete|merge`, `$retainKeys`, `$setElementOrder/…` (ignored), `$deleteFromPrimitiveList/…`. */
const mergeMap = (original: unknown, patch: Record<string, unknown>, path: readonly string[], kind: string): unknown => {
  const directive = patch.$patch
  if (directive !== undefined && directive !== 'replace' && directive !== 'delete' && directive !== 'merge')
    throw new Malformed(`unknown patch type ${JSON.stringify(directive)} in map`)
  if (directive === 'delete') return undefined
  const base: Record<string, unknown> = directive !== 'replace' && isMap(original) ? { ...original } : {}
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith(SET_ORDER)) continue
    if (k.startsWith(DELETE_FROM)) {
      const list = k.slice(DELETE_FROM.length)
      if (!Array.isArray(v)) throw new Malformed(`${k} must be a list`)
      const cur = base[list]
      if (Array.isArray(cur)) base[list] = cur.filter((x) => !v.includes(x))
      continue
    }
    if (v === null) {
      delete base[k]
      continue
    }
    const merged = mergeValue(base[k], v, [...path, k], kind)
    if (merged === undefined) delete base[k]
    else base[k] = merged
  }
  const retain = patch.$retainKeys
  if (retain !== undefined) {
    if (!Array.isArray(retain) || !retain.every((x) => typeof x === 'string')) throw new Malformed('$retainKeys must be a list of strings')
    for (const k of Object.keys(base)) if (!retain.includes(k)) delete base[k]
  }
  return base
}

const stripItem = (item: Record<string, unknown>, path: readonly string[], kind: string): unknown => mergeMap(undefined, item, path, kind)

/** Merges a list: by merge key, as a primitive set, or atomically. */
const mergeList = (original: unknown, patch: unknown[], path: readonly string[], kind: string): unknown => {
  const field = path[path.length - 1] ?? ''
  const orig = Array.isArray(original) ? original : []
  const replaceAll = patch.some((x) => isMap(x) && x.$patch === 'replace')
  if (PRIMITIVE_SETS.has(field)) {
    if (replaceAll) return patch.filter((x) => !isMap(x))
    return [...orig, ...patch.filter((x) => !orig.includes(x))]
  }
  const key = mergeKeyOf(path, kind)
  if (key === undefined) return patch.map((x) => (isMap(x) ? stripItem(x, path, kind) : x))
  const out: unknown[] = replaceAll ? [] : [...orig]
  for (const item of patch) {
    if (!isMap(item)) throw new Malformed(`the items of ${path.join('.')} must be objects with ${key}`)
    if (item.$patch === 'replace' && Object.keys(item).length === 1) continue
    const i = out.findIndex((o) => isMap(o) && item[key] !== undefined && o[key] === item[key])
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1)
      continue
    }
    if (i >= 0) out[i] = mergeMap(out[i], item, path, kind)
    else out.push(stripItem(item, path, kind))
  }
  return out
}

const mergeValue = (original: unknown, patch: unknown, path: readonly string[], kind: string): unknown => {
  if (isMap(patch)) return mergeMap(original, patch, path, kind)
  if (Array.isArray(patch)) return mergeList(original, patch, path, kind)
  return patch
}

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) of an object of `kind`: RFC 7386
 * plus lists merged by their merge key (see `MERGE_KEYS`), `null` deletes, `$patch: replace|delete|merge`
 * on maps and list items, `$deleteFromPrimitiveList/<list>`, and `$retainKeys` honoured (keys of the merged
 * map not listed are dropped). `$setElementOrder/<list>` is accepted and ignored: merged items keep the
 * original's order and new ones are appended.
 */
export const applyStrategicMergePatch = (original: unknown, patch: unknown, kind: string): PatchResult => {
  if (!isMap(patch)) return malformed('a strategic merge patch must be a JSON object')
  try {
    return patched(mergeMap(original, patch, [], kind) ?? {})
  } catch (e) {
    if (e instanceof Malformed) return malformed(e.message)
    throw e
  }
}
