import * as E from 'fp-ts/lib/Either.js'
import type { DecodeFailure } from './encoding.js'
import type { Event } from './events.js'
import { type RecordCodec, WRITES_OBJECT } from './recordCodec.js'

/** Stored records of a seq range, in order, in batches: what an adapter can give without decoding. */
export type StoredRecords = () => AsyncIterable<readonly Uint8Array[]>

/** A corrupt record met while reading for a fold. */
export class CorruptRecord extends Error {
  constructor(readonly failure: DecodeFailure) {
    super(failure.reason)
  }
}

/** Object key → the seq of the range's last record writing or deleting it; every checksum checked on the way. */
const lastWrites = (codec: RecordCodec, records: readonly Uint8Array[], from: number, into: Map<string, number>): void => {
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!
    if (!codec.intact(r)) throw new CorruptRecord({ _tag: 'DecodeFailure', seq: from + i, reason: 'checksum mismatch' })
    const t = codec.target(r)
    if (t !== undefined) into.set(t.key, from + i)
  }
}

/**
 * The records of `records` (the first at seq `from`) a fold needs, decoded: see `latestEvents`. With
 * `checked`, these very bytes went through `lastWrites`, so their checksums are not computed again.
 */
const kept = (codec: RecordCodec, records: readonly Uint8Array[], from: number, lastWrite: ReadonlyMap<string, number>, checked: boolean): Event[] => {
  const out: Event[] = []
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!
    const t = codec.target(r)
    if (t === undefined || t.effect !== WRITES_OBJECT || lastWrite.get(t.key) === from + i) {
      const decoded = checked ? codec.decodeIntact(r, from + i) : codec.decode(r, from + i)
      if (E.isLeft(decoded)) throw new CorruptRecord(decoded.left)
      out.push(decoded.right)
    }
  }
  return out
}

/**
 * The events of a range as a fold needs them: every event in order, except the object writes (created,
 * updated) whose object a later event of the range writes or deletes again. Those never reach the fold's
 * result (only their successor does), so they are skipped without being decoded; folding what is left
 * gives the same state as folding every event (`test/contract`, `test/prop/replaySoundness`). Two passes
 * over the store: the first reads only the record headers (and checks every checksum), the second
 * decodes the rest. For a range already in memory, `latestOfRecords` does both over the same records.
 */
export async function* latestEvents(codec: RecordCodec, records: StoredRecords, from: number): AsyncIterable<Event[]> {
  const lastWrite = new Map<string, number>()
  let seq = from
  for await (const batch of records()) {
    lastWrites(codec, batch, seq, lastWrite)
    seq += batch.length
  }
  seq = from
  for await (const batch of records()) {
    // A second read of the store: its bytes are checked again.
    const out = kept(codec, batch, seq, lastWrite, false)
    seq += batch.length
    if (out.length > 0) yield out
  }
}

/** `latestEvents` of records held in memory (the first at seq `from`): one read of the store instead of two. */
export const latestOfRecords = (codec: RecordCodec, records: readonly Uint8Array[], from: number): Event[] => {
  const lastWrite = new Map<string, number>()
  lastWrites(codec, records, from, lastWrite)
  return kept(codec, records, from, lastWrite, true)
}
