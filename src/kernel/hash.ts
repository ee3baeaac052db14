/** 32-bit FNV-1a over the UTF-16 code units of `s` (code units < 256 hash as bytes, others as two bytes). */
export const fnv1a32 = (s: string, init = 0x811c9dc5): number => {
  let h = init >>> 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 256) {
      h = Math.imul(h ^ c, 0x01000193) >>> 0
    } else {
      h = Math.imul(h ^ (c >>> 8), 0x01000193) >>> 0
      h = Math.imul(h ^ (c & 0xff), 0x01000193) >>> 0
    }
  }
  return h >>> 0
}

/** murmur3's final avalanche: spreads every input bit over the whole 32-bit word. */
export const fmix32 = (x: number): number => {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  h ^= h >>> 16
  return h >>> 0
}
