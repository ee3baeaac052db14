/** Structural equality of JSON values; object key order does not matter, array order does. */
export const deepEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  let na = 0
  for (const k of ka) if ((a as Record<string, unknown>)[k] !== undefined) na++
  let nb = 0
  for (const k of kb) if ((b as Record<string, unknown>)[k] !== undefined) nb++
  if (na !== nb) return false
  for (const k of ka) {
    const va = (a as Record<string, unknown>)[k]
    if (va === undefined) continue
    if (!deepEqual(va, (b as Record<string, unknown>)[k])) return false
  }
  return true
}
