/**
 * Shares repeated short strings between decoded objects: every pod decoded from a binary record carries
 * its own copy of `"default"`, `"Running"`, `"TCP"`, its image and owner names…, and with msgpackr's
 * native string extraction its longer strings are slices that keep the record's whole string block alive.
 * Swaps each string for an equal one already seen, in place: values do not change, only which copy
 * holds them. ~5–8 µs per pod, so it is for states kept for long, not for every decoded event.
 */
const MAX_LENGTH = 64
/** Distinct strings kept; when full the table starts over (unique names and uids would fill it otherwise). */
const MAX_ENTRIES = 1 << 16

const table = new Map<string, string>()

const intern = (s: string): string => {
  const seen = table.get(s)
  if (seen !== undefined) return seen
  if (table.size >= MAX_ENTRIES) table.clear()
  table.set(s, s)
  return s
}

export const internStrings = <T>(value: T): T => {
  const v = value as unknown
  if (typeof v === 'string') return (v.length <= MAX_LENGTH ? intern(v) : v) as T
  if (typeof v !== 'object' || v === null) return value
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = internStrings(v[i] as unknown)
    return value
  }
  const o = v as Record<string, unknown>
  for (const k in o) o[k] = internStrings(o[k])
  return value
}
