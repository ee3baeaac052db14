import * as E from 'fp-ts/lib/Either.js'
import { crc32Hex } from '../kernel/crc32.js'
import { keyOf } from '../model/meta.js'
import { CURRENT_VERSION, Event, type EventType, isObjectEvent } from './events.js'
import { upcast } from './upcast.js'

/** Why a stored record could not be turned back into an event. */
export interface DecodeFailure {
  readonly _tag: 'DecodeFailure'
  readonly seq: number | undefined
  readonly reason: string
}

const failure = (seq: number | undefined, reason: string): DecodeFailure => ({ _tag: 'DecodeFailure', seq, reason })

/**
 * One event as JSON with the envelope's keys in a fixed order, so that the same event is always the
 * same bytes (the log hash and the determinism tests rely on it).
 */
export const eventToJson = (e: Event): string => {
  const cause = e.cause === undefined ? '' : `,"cause":${e.cause}`
  return `{"seq":${e.seq},"at":${e.at},"type":"${e.type}","v":${e.v},"actor":${JSON.stringify(e.actor)}${cause},"data":${JSON.stringify(e.data)}}`
}

/**
 * The event with its envelope's keys in the same fixed order as `eventToJson`, for the binary records:
 * key order is part of the bytes, so it must not depend on how the caller built the event.
 */
export const envelopeOf = (e: Event): Record<string, unknown> =>
  e.cause === undefined
    ? { seq: e.seq, at: e.at, type: e.type, v: e.v, actor: e.actor, data: e.data }
    : { seq: e.seq, at: e.at, type: e.type, v: e.v, actor: e.actor, cause: e.cause, data: e.data }

/** The JSON text record (format 1, see `recordCodec.ts`): 8 hex digits of CRC-32 over the JSON, a space, the JSON. */
export const encodeRecord = (e: Event): string => {
  const json = eventToJson(e)
  return `${crc32Hex(json)} ${json}`
}

/** Splits and verifies a record; the raw (not yet upcast) JSON value. */
export const verifyRecord = (record: string, seq?: number): E.Either<DecodeFailure, Record<string, unknown>> => {
  const json = record.slice(9)
  if (record[8] !== ' ' || crc32Hex(json) !== record.slice(0, 8)) return E.left(failure(seq, 'checksum mismatch'))
  try {
    return E.right(JSON.parse(json) as Record<string, unknown>)
  } catch (err) {
    return E.left(failure(seq, `invalid JSON: ${String(err)}`))
  }
}

/**
 * Upcasts a raw event to the current version of its type and checks its envelope. The object payload is
 * trusted (it was checked by the write path and is covered by the checksum), so replay does not pay for
 * decoding every Pod field by field.
 */
export const decodeRaw = (raw: Record<string, unknown>): E.Either<DecodeFailure, Event> => {
  const seq = typeof raw.seq === 'number' ? raw.seq : undefined
  const type = raw.type as EventType
  if (!(type in CURRENT_VERSION)) return E.left(failure(seq, `unknown event type ${JSON.stringify(raw.type)}`))
  const up = upcast(raw)
  if (typeof up === 'string') return E.left(failure(seq, up))
  if (typeof up.seq !== 'number' || typeof up.at !== 'number' || typeof up.actor !== 'string')
    return E.left(failure(seq, 'malformed envelope'))
  if (type === 'run/started' || type === 'fault/injected') {
    const checked = Event.decode(up)
    if (E.isLeft(checked)) return E.left(failure(seq, `invalid ${type} event`))
  }
  return E.right(up as unknown as Event)
}

/** Record → event: checksum, JSON, upcast, envelope. */
export const decodeRecord = (record: string, seq?: number): E.Either<DecodeFailure, Event> => {
  const raw = verifyRecord(record, seq)
  return E.isLeft(raw) ? raw : decodeRaw(raw.right)
}

/** The per-object index key of an event, for object events. */
export const indexKeyOf = (e: Event): string | undefined => (isObjectEvent(e) ? keyOf(e.data.object) : undefined)
