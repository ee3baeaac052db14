/** A position in the event log, starting at 1. It is also every object's `metadata.resourceVersion`. */
export type Seq = number & { readonly __brand: 'Seq' }
/** Virtual time in milliseconds since the log's epoch (`run/started` is at 0). */
export type SimTimeMs = number & { readonly __brand: 'SimTimeMs' }

export const asSeq = (n: number): Seq => n as Seq
export const asSimTime = (n: number): SimTimeMs => n as SimTimeMs

/** The wall-clock instant that virtual time 0 maps to when rendering timestamps (2024-01-01T00:00:00Z). */
export const EPOCH_WALL_MS = 1_704_067_200_000

/** RFC 3339 timestamp (second precision, as Kubernetes renders metav1.Time) of a virtual instant. */
export const toTimestamp = (atMs: number): string =>
  new Date(EPOCH_WALL_MS + Math.floor(atMs / 1000) * 1000).toISOString().replace('.000Z', 'Z') // pure: fixed input, no wall clock

/** Inverse of {@link toTimestamp}; undefined when the string is not a timestamp. */
export const fromTimestamp = (ts: string | undefined): number | undefined => {
  if (ts === undefined) return undefined
  const ms = Date.parse(ts)
  return Number.isNaN(ms) ? undefined : ms - EPOCH_WALL_MS
}
