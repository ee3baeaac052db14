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

/**
 * The events of a range as a fold needs them: every event in order, except the object writes (created,
 * updated) whose object a later event of the range writes or deletes again. Those never reach the fold's
 * result (only their successor does), so they are skipped without being decoded; folding what is left
 * gives the same state as folding every event (`test/contract`, `test/prop/replaySoundness`). Two passes:
 * the first reads only the record headers (and checks every checksum), the second decodes the rest.
 */
export async function* latestEvents(codec: RecordCodec, records: StoredRecords, from: number): AsyncIterable<Event[]> {
  const lastWrite = new Map<string, number>()
  let seq = from
  for await (const batch of records()) {
    for (const r of batch) {
      if (!codec.intact(r)) throw new CorruptRecord({ _tag: 'DecodeFailure', seq, reason: 'checksum mismatch' })
      const t = codec.target(r)
      if (t !== undefined) lastWrite.set(t.key, seq)
      seq++
    }
  }
  seq = from
  for await (const batch of records()) {
    const out: Event[] = []
    for (const r of batch) {
      const t = codec.target(r)
      if (t === undefined || t.effect !== WRITES_OBJECT || lastWrite.get(t.key) === seq) {
        const decoded = codec.decode(r, seq)
        if (E.isLeft(decoded)) throw new CorruptRecord(decoded.left)
        out.push(decoded.right)
      }
      seq++
    }
    if (out.length > 0) yield out
  }
}
