import type * as TE from 'fp-ts/lib/TaskEither.js'
import type { DecodeFailure } from '../log/encoding.js'
import type { Event } from '../log/events.js'
import type { RawEvent } from '../log/recordCodec.js'

/** The log's meta record, written once when the log is created. */
export interface LogMeta {
  /** Version of the storage layout (keys, record encoding), not of the event schemas. */
  readonly formatVersion: number
  readonly seed: number
  readonly createdWith: string
}

/** Everything that can go wrong at the storage boundary, as values. */
export type LogError =
  | { readonly _tag: 'HeadMismatch'; readonly expected: number; readonly actual: number }
  | { readonly _tag: 'NotInitialized' }
  | { readonly _tag: 'AlreadyInitialized' }
  | { readonly _tag: 'Locked'; readonly message: string }
  | { readonly _tag: 'Io'; readonly message: string }
  | DecodeFailure

export const describeLogError = (e: LogError): string => {
  switch (e._tag) {
    case 'HeadMismatch':
      return `append expected head ${e.expected} but the log is at ${e.actual}`
    case 'NotInitialized':
      return 'the log has no meta record (not a Reel log)'
    case 'AlreadyInitialized':
      return 'the log is already initialized'
    case 'Locked':
    case 'Io':
      return e.message
    case 'DecodeFailure':
      return `event ${e.seq ?? '?'} cannot be read: ${e.reason}`
  }
}

/** A stored snapshot: a cache of the state at `seq` (`history/snapshot.ts` encodes it). */
export interface StoredSnapshot {
  readonly seq: number
  readonly payload: Uint8Array
}

/**
 * The storage port: an append-only, checksummed sequence of events, with a per-object index and a
 * snapshot side table. Adapters (LevelDB, memory) must pass `test/contract/eventLog.contract.ts`.
 */
export interface EventLog {
  /** The meta record, or `undefined` for an empty store. */
  readonly readMeta: () => TE.TaskEither<LogError, LogMeta | undefined>
  readonly initialize: (meta: LogMeta) => TE.TaskEither<LogError, void>
  /** The seq of the last event (0 for an empty log). */
  readonly head: () => number
  /**
   * Appends `events` as one atomic batch when the log's head is `expectedHead`; otherwise appends nothing
   * and fails with `HeadMismatch`. Events must be numbered `expectedHead + 1 …` in order.
   */
  readonly append: (events: readonly Event[], expectedHead: number) => TE.TaskEither<LogError, number>
  /** Events with `from ≤ seq ≤ to` (to defaults to the head), upcast to current versions, in batches. */
  readonly read: (from: number, to?: number) => AsyncIterable<readonly Event[]>
  /**
   * For folds: the events of `read(from, to)` minus the object writes (created, updated) whose object a
   * later event of the range writes or deletes again, which are skipped without being decoded. Folding
   * them gives the same state as folding `read`. Optional: without it, folds use `read`.
   */
  readonly readLatest?: (from: number, to?: number) => AsyncIterable<readonly Event[]>
  /**
   * The events as recorded: checksums verified, NOT upcast, whatever the record format (JSON or binary,
   * `log/recordCodec.ts`). For the log hash and for checking what a migration rewrote.
   */
  readonly readRaw: (from: number, to?: number) => AsyncIterable<readonly RawEvent[]>
  /**
   * The events as recorded in the JSON text record format (CRC-32, space, canonical JSON; checksums
   * verified, not upcast), whatever the stored format: the portable form (HTTP, `reel import`). A record
   * stored as JSON comes back verbatim; a binary one is re-encoded, which is the same text it would have had.
   */
  readonly readRecords: (from: number, to?: number) => AsyncIterable<readonly string[]>
  /** Seqs of the events that touched one object (`Kind/ns/name`), ascending, without a full scan. */
  readonly objectHistory: (key: string) => TE.TaskEither<LogError, readonly number[]>
  readonly putSnapshot: (s: StoredSnapshot) => TE.TaskEither<LogError, void>
  /** The newest snapshot at or before `seq`. */
  readonly nearestSnapshot: (seq: number) => TE.TaskEither<LogError, StoredSnapshot | undefined>
  readonly close: () => Promise<void>
}

/** Thrown out of `read` iterators: a corrupt record is a storage failure the caller must see. */
export class LogReadError extends Error {
  constructor(readonly error: LogError) {
    super(describeLogError(error))
  }
}
