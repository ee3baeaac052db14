import { fmix32, fnv1a32 } from './hash.js'

/**
 * The counter-based generator of DESIGN.md rule 4: every random-looking value is a pure function of
 * `(seed, seq, purpose, counter)`. There is no generator state to carry, so a run can resume or branch
 * at any seq and draw exactly what the original run drew.
 */
export const randUint32 = (seed: number, seq: number, purpose: string, counter = 0): number => {
  let h = fnv1a32(purpose, fmix32((seed >>> 0) ^ 0x9e3779b9))
  h = fmix32(h ^ Math.imul(seq >>> 0, 0x85ebca6b))
  h = fmix32(h ^ Math.imul((seq / 0x100000000) >>> 0, 0xc2b2ae35))
  return fmix32(h ^ Math.imul(counter + 1, 0x27d4eb2f))
}

/** The alphabet of Kubernetes' `rand.String`: no vowels, no `y`, `0`, `1` or `3`, so no words. */
export const KUBE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/**
 * `n` characters from {@link KUBE_ALPHABET}, taking 5-bit chunks and rejecting indices ≥ 27 as
 * upstream's `rand.String` does.
 */
export const randString = (seed: number, seq: number, purpose: string, n = 5): string => {
  let out = ''
  let counter = 0
  while (out.length < n) {
    let word = randUint32(seed, seq, purpose, counter++)
    for (let chunk = 0; chunk < 6 && out.length < n; chunk++) {
      const idx = word & 0x1f
      word >>>= 5
      if (idx < KUBE_ALPHABET.length) out += KUBE_ALPHABET[idx]
    }
  }
  return out
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0')

/** A version-4-shaped UUID drawn from the generator. */
export const randUuid = (seed: number, seq: number, purpose: string): string => {
  const a = hex8(randUint32(seed, seq, purpose, 0))
  const b = hex8(randUint32(seed, seq, purpose, 1))
  const c = hex8(randUint32(seed, seq, purpose, 2))
  const d = hex8(randUint32(seed, seq, purpose, 3))
  const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16)
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`
}
