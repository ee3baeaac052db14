/**
 * A port of Go's `text/tabwriter` layout, the engine behind every kubectl table and describe page.
 *
 * Cells are tab-terminated; the text after a line's last tab is its trailing cell and is never padded.
 * A column is aligned only across a *block*: consecutive lines that all have a (tab-terminated) cell in
 * that column. That is why `describe` aligns `OldReplicaSets:` with the condition rows above it, and why a
 * line without tabs (`Conditions:`) starts fresh alignment below it.
 */

/** Layout parameters, as passed to Go's `tabwriter.Writer.Init`. */
export interface TabOptions {
  /** Minimal width of a column, padding included. */
  readonly minWidth: number
  /** Spaces added to the widest cell of a column. */
  readonly padding: number
}

/** kubectl get's writer: `tabwriter.NewWriter(out, 6, 4, 3, ' ', 0)` (printers.GetNewTabWriter). */
export const GET_TABS: TabOptions = { minWidth: 6, padding: 3 }

/** kubectl describe's writer: `tabwriter.Init(buf, 0, 8, 2, ' ', 0)` (describe.tabbedString). */
export const DESCRIBE_TABS: TabOptions = { minWidth: 0, padding: 2 }

/** Go counts runes, not UTF-16 code units. */
const runeWidth = (s: string): number => Array.from(s).length

/** Fills `widths[line][col]` for every tab-terminated cell, block by block, as Go's `Writer.format` does. */
const layoutColumn = (
  lines: readonly string[][],
  widths: number[][],
  col: number,
  from: number,
  to: number,
  o: TabOptions,
): void => {
  let i = from
  while (i < to) {
    if (col >= lines[i]!.length - 1) {
      i++
      continue
    }
    let j = i
    let width = o.minWidth
    while (j < to && col < lines[j]!.length - 1) {
      width = Math.max(width, runeWidth(lines[j]![col]!) + o.padding)
      j++
    }
    for (let k = i; k < j; k++) widths[k]![col] = width
    layoutColumn(lines, widths, col + 1, i, j, o)
    i = j
  }
}

/**
 * Lays out tab-separated text exactly as Go's tabwriter would (space padding, no flags). The result
 * ends with a newline when the input does. A form feed (`\f`) flushes, like `Writer.Flush`: columns
 * above it never influence columns below it.
 */
export const tabwrite = (text: string, o: TabOptions): string =>
  text
    .split('\f')
    .map((segment) => tabwriteSegment(segment, o))
    .join('')

const tabwriteSegment = (text: string, o: TabOptions): string => {
  const endsWithNewline = text.endsWith('\n')
  const raw = endsWithNewline ? text.slice(0, -1) : text
  if (raw.length === 0) return endsWithNewline ? '\n' : ''
  const lines = raw.split('\n').map((l) => l.split('\t'))
  const widths = lines.map(() => [] as number[])
  layoutColumn(lines, widths, 0, 0, lines.length, o)
  const out = lines.map((cells, li) =>
    cells
      .map((cell, ci) => (ci < cells.length - 1 ? cell + ' '.repeat(widths[li]![ci]! - runeWidth(cell)) : cell))
      .join(''),
  )
  return out.join('\n') + (endsWithNewline ? '\n' : '')
}
