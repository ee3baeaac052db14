import { fnv1a32 } from '../../kernel/hash.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import type { PodTemplateSpec } from '../../model/pod.js'

/** The label that ties a ReplicaSet and its pods to one template (`apps.DefaultDeploymentUniqueLabelKey`). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash'

/** The alphabet of `rand.SafeEncodeString` (no vowels, no 0/1/3, no y). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** Key-sorted JSON with `undefined` members dropped: the canonical bytes a template hashes to. */
export const canonicalJson = (v: unknown): string => {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null'
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`
  const o = v as Record<string, unknown>
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`
}

/** `SafeEncodeString`: each character replaced by the alphabet's character at `(code % 27)`. */
export const safeEncode = (s: string): string => {
  let out = ''
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length]
  return out
}

/** The template with the pod-template-hash label removed (and an emptied label map dropped). */
export const withoutHashLabel = (t: PodTemplateSpec): PodTemplateSpec => {
  const labels = t.metadata?.labels
  if (labels === undefined || !(POD_TEMPLATE_HASH_LABEL in labels)) return t
  const { [POD_TEMPLATE_HASH_LABEL]: _hash, ...rest } = labels
  const { labels: _l, ...meta } = t.metadata ?? {}
  return { ...t, metadata: Object.keys(rest).length > 0 ? { ...meta, labels: rest } : meta }
}

/**
 * `controller.ComputeHash` (workloads.md §12.1): 32-bit FNV-1a over the template (without the hash
 * label), then — when `collisionCount` is set — its little-endian uint32 and four zero bytes; the sum as
 * a decimal string, safe-encoded. Upstream hashes Go's spew dump, which cannot be reproduced; Reel hashes
 * {@link canonicalJson} instead, so the format and the determinism match, not the literal values.
 */
export const computeHash = (template: PodTemplateSpec, collisionCount: number | undefined): string => {
  let h = fnv1a32(canonicalJson(withoutHashLabel(template)))
  if (collisionCount !== undefined) {
    const c = collisionCount >>> 0
    const bytes = [c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, (c >>> 24) & 0xff, 0, 0, 0, 0]
    h = fnv1a32(String.fromCharCode(...bytes), h)
  }
  return safeEncode(String(h >>> 0))
}

/** `EqualIgnoreHash`: templates equal once the pod-template-hash label is removed from both. */
export const equalIgnoreHash = (a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean =>
  a !== undefined && b !== undefined && deepEqual(withoutHashLabel(a), withoutHashLabel(b))
