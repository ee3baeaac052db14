import type { KObject } from '../../model/meta.js'
import { type ClusterState, listObjects } from '../../state/clusterState.js'
import { list, num, rec, sinceTimestamp, str } from './cells.js'
import { DESCRIBE_TABS, tabwrite } from './tabwriter.js'

// Mirrors kubectl pkg/describe's PrefixWriter + tabbedString: describers write tab-separated lines at an
// indentation level, and one Go tabwriter (min width 0, padding 2) lays the whole page out at the end.

/** The annotation kubectl describe never shows. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'
/** Longer annotations are folded onto their own lines and shortened (describe's maxAnnotationLen). */
const MAX_ANNOTATION_LEN = 140

/** A describe page under construction: lines of tab-separated cells, plus flush points. */
export class DescribeWriter {
  private readonly segments: string[][] = [[]]

  /** Writes one line at `level` (two spaces per level), as `PrefixWriter.Write(level, ...)`. */
  line(level: number, text: string): this {
    this.segments[this.segments.length - 1]!.push('  '.repeat(level) + text)
    return this
  }

  /** `Writer.Flush`: later lines never align with earlier ones. */
  flush(): this {
    this.segments.push([])
    return this
  }

  /** The finished page, laid out like Go's tabwriter. */
  render(): string {
    const text = this.segments
      .filter((s) => s.length > 0)
      .map((s) => s.join('\n') + '\n')
      .join('\f')
    return tabwrite(text, DESCRIBE_TABS)
  }
}

// ---- values

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad2 = (n: number): string => String(n).padStart(2, '0')

/** Go's `time.RFC1123Z` of an RFC 3339 timestamp in UTC: `Mon, 01 Jan 2024 00:00:00 +0000`. */
export const formatRFC1123Z = (ts: unknown): string => {
  const ms = typeof ts === 'string' ? Date.parse(ts) : Number.NaN
  // Go prints the zero time for an unset metav1.Time.
  if (Number.isNaN(ms)) return 'Mon, 01 Jan 0001 00:00:00 +0000'
  const d = new Date(ms) // pure: formats a fixed instant, never reads the clock
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  return `${DAYS[d.getUTCDay()]!}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]!} ${d.getUTCFullYear()} ${time} +0000`
}

/** `intstr.IntOrString.String()`. */
export const intOrString = (v: unknown): string => (typeof v === 'number' ? String(v) : str(v))

// ---- sections

/** `printLabelsMultiline`: `Title:\tk=v`, one label per line, sorted; `<none>` when empty. */
export const writeLabels = (w: DescribeWriter, title: string, labels: Readonly<Record<string, string>> | undefined): void => {
  const keys = Object.keys(labels ?? {}).sort()
  if (keys.length === 0) {
    w.line(0, `${title}:\t<none>`)
    return
  }
  keys.forEach((k, i) => w.line(0, `${i === 0 ? `${title}:` : ''}\t${k}=${labels![k]!}`))
}

/** `printAnnotationsMultiline`: like labels as `k: v`, long or multi-line values folded and shortened. */
export const writeAnnotations = (w: DescribeWriter, title: string, annotations: Readonly<Record<string, string>> | undefined): void => {
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort()
  if (keys.length === 0) {
    w.line(0, `${title}:\t<none>`)
    return
  }
  keys.forEach((k, i) => {
    const head = i === 0 ? `${title}:\t` : '\t'
    const value = annotations![k]!.replace(/\n$/, '')
    if (value.length + k.length + 2 <= MAX_ANNOTATION_LEN && !value.includes('\n')) {
      w.line(0, `${head}${k}: ${value}`)
      return
    }
    w.line(0, `${head}${k}:`)
    for (const s of value.split('\n')) {
      const short = s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s
      w.line(0, `\t  ${short}`)
    }
  })
}

/** The `Conditions:` table of workloads: `Type Status Reason`, with upstream's trailing space after Type. */
export const writeWorkloadConditions = (w: DescribeWriter, status: unknown): void => {
  const conditions = list(rec(status).conditions).map(rec)
  if (conditions.length === 0) return
  w.line(0, 'Conditions:').line(0, '  Type\tStatus\tReason').line(1, '----\t------\t------')
  for (const c of conditions) w.line(1, `${str(c.type)} \t${str(c.status)}\t${str(c.reason)}`)
}

/** `printController`: `Kind/name` of the controller owner, or undefined. */
export const controlledBy = (o: KObject): string | undefined => {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller === true)
  return ref === undefined ? undefined : `${ref.kind}/${ref.name}`
}

// ---- events

/** Core/v1 Events about `obj` (matched by involvedObject.uid), oldest `lastTimestamp` first. */
export const selectEventsFor = (state: ClusterState, obj: KObject): KObject[] => {
  const uid = obj.metadata.uid
  if (uid === undefined) return []
  // Events about cluster-scoped objects may live in any namespace; kubectl then searches them all.
  const events = listObjects(state, 'Event', obj.metadata.namespace || undefined)
  const lastOf = (e: KObject): string => str(e.lastTimestamp) || str(e.firstTimestamp) || str(e.eventTime)
  return events
    .filter((e) => str(rec(e.involvedObject).uid) === uid)
    .map((e, i) => ({ e, i, at: Date.parse(lastOf(e)) }))
    .sort((a, b) => (a.at === b.at || Number.isNaN(a.at - b.at) ? a.i - b.i : a.at - b.at))
    .map((x) => x.e)
}

/** The Age cell of DescribeEvents: `5s`, or `2s (x3 over 40s)` for a repeated event. */
const eventInterval = (e: KObject, nowMs: number): string => {
  const first = e.eventTime !== undefined && e.eventTime !== null ? sinceTimestamp(e.eventTime, nowMs) : sinceTimestamp(e.firstTimestamp, nowMs)
  const series = rec(e.series)
  if (e.series !== undefined && e.series !== null)
    return `${sinceTimestamp(series.lastObservedTime, nowMs)} (x${num(series.count)} over ${first})`
  if (num(e.count) > 1) return `${sinceTimestamp(e.lastTimestamp, nowMs)} (x${num(e.count)} over ${first})`
  return first
}

/** `DescribeEvents`: the `Events:` table (Type Reason Age From Message), or `Events: <none>`. */
export const writeEvents = (w: DescribeWriter, events: readonly KObject[], nowMs: number): void => {
  if (events.length === 0) {
    w.line(0, 'Events:\t<none>')
    return
  }
  w.flush()
  w.line(0, 'Events:').line(0, '  Type\tReason\tAge\tFrom\tMessage').line(1, '----\t------\t----\t----\t-------')
  for (const e of events) {
    const source = str(rec(e.source).component) || str(e.reportingController)
    const fieldPath = str(rec(e.involvedObject).fieldPath)
    const message = fieldPath === '' ? str(e.message).trim() : `${fieldPath}: ${str(e.message).trim()}`
    w.line(1, `${str(e.type)}\t${str(e.reason)}\t${eventInterval(e, nowMs)}\t${source}\t${message}`)
  }
}
