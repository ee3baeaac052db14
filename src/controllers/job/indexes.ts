/**
 * `orderedIntervals`: the `status.completedIndexes` form, "1,3-5" (sorted, two adjacent indexes are
 * written "1,2", three or more as a range).
 */
export const formatIndexes = (indexes: Iterable<number>): string => {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b)
  const parts: string[] = []
  let i = 0
  while (i < sorted.length) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    if (j === i) parts.push(String(sorted[i]))
    else if (j === i + 1) parts.push(String(sorted[i]), String(sorted[j]))
    else parts.push(`${sorted[i]}-${sorted[j]}`)
    i = j + 1
  }
  return parts.join(',')
}

/** `parseIndexesFromString`: the indexes of an interval string below `completions`; malformed parts are skipped. */
export const parseIndexes = (s: string | undefined, completions: number): Set<number> => {
  const out = new Set<number>()
  if (!s) return out
  for (const part of s.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part)
    if (!m) continue
    const from = Number(m[1])
    const to = m[2] === undefined ? from : Number(m[2])
    for (let x = from; x <= to && x < completions; x++) out.add(x)
  }
  return out
}
