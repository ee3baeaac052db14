// Results and their two renderings: an aligned table (default) or one JSON object per line (`--json`).

/** One measurement. `ratio` is Reel's cost relative to the baseline: > 1 means Reel is slower or bigger. */
export interface Result {
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly baseline?: number
  readonly ratio?: number
}

const isRate = (unit: string): boolean => unit.endsWith('/s')

/** A result with a baseline: for rates the ratio is baseline/value, for times and sizes value/baseline. */
export const compared = (name: string, value: number, unit: string, baseline: number): Result => ({
  name,
  value,
  unit,
  baseline,
  ratio: isRate(unit) ? baseline / value : value / baseline,
})

export const plain = (name: string, value: number, unit: string): Result => ({ name, value, unit })

export const formatNumber = (n: number): string => {
  if (!Number.isFinite(n)) return String(n)
  const a = Math.abs(n)
  if (a >= 1000) return Math.round(n).toLocaleString('en-US')
  if (a >= 100) return n.toFixed(0)
  if (a >= 10) return n.toFixed(1)
  if (a >= 1) return n.toFixed(2)
  return n.toPrecision(3)
}

export const renderTable = (results: readonly Result[]): string => {
  const rows = [
    ['name', 'value', 'unit', 'baseline', 'ratio'],
    ...results.map((r) => [
      r.name,
      formatNumber(r.value),
      r.unit,
      r.baseline === undefined ? '' : formatNumber(r.baseline),
      r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    ]),
  ]
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)))
  const right = [false, true, false, true, true]
  const line = (row: readonly string[]) =>
    row.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n')
}

export const renderJsonLines = (results: readonly Result[]): string =>
  results
    .map((r) =>
      JSON.stringify({
        name: r.name,
        value: r.value,
        unit: r.unit,
        ...(r.baseline !== undefined ? { baseline: r.baseline } : {}),
        ...(r.ratio !== undefined ? { ratio: r.ratio } : {}),
      }),
    )
    .join('\n')

/** A progress line on stderr (stdout is reserved for the results). */
export const progress = (msg: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`)
}

/** Milliseconds since `t0` (from `performance.now()`). */
export const since = (t0: number): number => performance.now() - t0

export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))
  return s[idx]!
}
