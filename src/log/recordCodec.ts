import * as E from 'fp-ts/lib/Either.js'
import { Packr } from 'msgpackr'
import { crc32 } from 'node:zlib'
import { type DecodeFailure, decodeRaw, encodeRecord, envelopeOf, indexKeyOf, verifyRecord } from './encoding.js'
import type { Event } from './events.js'

/**
 * The stored record formats, told apart by their first byte so that one log may hold both (an old log
 * appended to by a newer Reel):
 *  - JSON (format 1): ASCII `<CRC-32 as 8 hex digits> <event JSON>`; the first byte is a hex digit.
 *  - binary (format 2): the byte 0x02, the CRC-32 of the rest (4 bytes, big-endian), what the event does
 *    to an object (1 byte: 0 nothing, 1 writes it, 2 deletes it) and, when it does, the object's key
 *    (2-byte length, UTF-8), then the event as MessagePack (msgpackr) with the log's shared record
 *    structures: the key lists of the objects seen so far, stored once per log (see `pendingStructures`)
 *    instead of once per record. A pod event is ~650 B instead of ~1.7 KB of JSON and decodes ~3× faster
 *    than `JSON.parse`; the plain key lets a fold skip, undecoded, the writes a later event supersedes.
 */
export const BINARY_RECORD = 0x02
const CRC_END = 5
const NO_OBJECT = 0
export const WRITES_OBJECT = 1
export const DELETES_OBJECT = 2

/** What a binary record's header says about its object, without decoding it. */
export interface RecordTarget {
  readonly effect: typeof WRITES_OBJECT | typeof DELETES_OBJECT
  readonly key: string
}

/** Shared structures beyond this many are written inline in each record (still correct, just larger). */
const MAX_SHARED_STRUCTURES = 8160

export type RawEvent = Record<string, unknown>
type Structures = string[][]

const failure = (seq: number | undefined, reason: string): DecodeFailure => ({ _tag: 'DecodeFailure', seq, reason })

/** A record's bytes as a Buffer view (no copy): LevelDB hands out Buffers, the memory adapter Uint8Arrays. */
const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength))

/**
 * Encodes and decodes one log's records. Stateful because of the shared structures: the codec of a log
 * must be built from the structures stored with it (`decodeStructures`), and every structure it adds
 * must be stored in the same atomic write as the first record that uses it.
 */
export class RecordCodec {
  private structures: Structures
  private version = 0
  private persistedVersion = 0
  private readonly packr: Packr

  constructor(stored: Structures = []) {
    this.structures = stored.map((s) => [...s])
    this.packr = new Packr({
      maxSharedStructures: MAX_SHARED_STRUCTURES,
      // msgpackr marks the arrays it is given, so it always gets fresh copies.
      getStructures: () => this.structures.map((s) => [...s]),
      saveStructures: (s: Structures) => {
        this.structures = s.map((k) => [...k])
        this.version++
      },
    } as ConstructorParameters<typeof Packr>[0])
  }

  /** The binary record of `e`. Same event and same prior appends ⇒ the same bytes. */
  encode(e: Event): Buffer {
    const body = this.packr.pack(envelopeOf(e))
    const key = indexKeyOf(e)
    const keyBytes = key === undefined ? 0 : Buffer.byteLength(key)
    const start = CRC_END + (key === undefined ? 1 : 3 + keyBytes)
    const out = Buffer.allocUnsafe(start + body.length)
    out[0] = BINARY_RECORD
    out[CRC_END] = key === undefined ? NO_OBJECT : e.type === 'object/deleted' ? DELETES_OBJECT : WRITES_OBJECT
    if (key !== undefined) {
      out.writeUInt16BE(keyBytes, CRC_END + 1)
      out.write(key, CRC_END + 3, 'utf8')
    }
    body.copy(out, start)
    out.writeUInt32BE(crc32(out.subarray(CRC_END)) >>> 0, 1)
    return out
  }

  /** Whether a stored record is intact (its CRC-32 matches); JSON records are checked when decoded. */
  intact(record: Uint8Array): boolean {
    const b = asBuffer(record)
    return b[0] !== BINARY_RECORD || (b.length > CRC_END && (crc32(b.subarray(CRC_END)) >>> 0) === b.readUInt32BE(1))
  }

  /** The object a binary record writes or deletes, read from its header; undefined otherwise (and for JSON records). */
  target(record: Uint8Array): RecordTarget | undefined {
    const b = asBuffer(record)
    if (b[0] !== BINARY_RECORD) return undefined
    const effect = b[CRC_END]
    if (effect !== WRITES_OBJECT && effect !== DELETES_OBJECT) return undefined
    return { effect, key: b.toString('utf8', CRC_END + 3, CRC_END + 3 + b.readUInt16BE(CRC_END + 1)) }
  }

  /** Checks a stored record (either format) and returns the event as recorded, not upcast. */
  verify(record: Uint8Array, seq?: number): E.Either<DecodeFailure, RawEvent> {
    const b = asBuffer(record)
    if (b[0] !== BINARY_RECORD) return verifyRecord(b.toString('utf8'), seq)
    if (!this.intact(b)) return E.left(failure(seq, 'checksum mismatch'))
    return this.unpackBody(b, seq)
  }

  private unpackBody(b: Buffer, seq: number | undefined): E.Either<DecodeFailure, RawEvent> {
    const start = CRC_END + (b[CRC_END] === NO_OBJECT ? 1 : 3 + b.readUInt16BE(CRC_END + 1))
    try {
      const raw = this.packr.unpack(b.subarray(start)) as unknown
      if (typeof raw !== 'object' || raw === null) return E.left(failure(seq, 'not an event record'))
      return E.right(raw as RawEvent)
    } catch (err) {
      return E.left(failure(seq, `invalid record: ${String(err)}`))
    }
  }

  /** Record → event: checksum, decode, upcast, envelope. */
  decode(record: Uint8Array, seq?: number): E.Either<DecodeFailure, Event> {
    const raw = this.verify(record, seq)
    return E.isLeft(raw) ? raw : decodeRaw(raw.right)
  }

  /** `decode` of a record whose checksum the caller has just checked (`intact`): the CRC is not computed twice. */
  decodeIntact(record: Uint8Array, seq?: number): E.Either<DecodeFailure, Event> {
    const b = asBuffer(record)
    if (b[0] !== BINARY_RECORD) return this.decode(b, seq)
    const raw = this.unpackBody(b, seq)
    return E.isLeft(raw) ? raw : decodeRaw(raw.right)
  }

  /** A stored record (either format) as a checked JSON text record (`EventLog.readRecords`). */
  text(record: Uint8Array, seq?: number): E.Either<DecodeFailure, string> {
    const raw = this.verify(record, seq)
    if (E.isLeft(raw)) return raw
    return E.right(record[0] === BINARY_RECORD ? encodeRecord(raw.right as unknown as Event) : asBuffer(record).toString('utf8'))
  }

  /**
   * The structures to store with the next write when some were added since the last `persisted` call
   * (also after a failed write, so a structure is never used by a stored record before it is stored).
   */
  pendingStructures(): { readonly version: number; readonly bytes: Buffer } | undefined {
    if (this.version === this.persistedVersion) return undefined
    return { version: this.version, bytes: encodeStructures(this.structures) }
  }

  /** The write carrying `pendingStructures()` of `version` succeeded. */
  persisted(version: number): void {
    this.persistedVersion = Math.max(this.persistedVersion, version)
  }
}

/** The structures as stored: a JSON text record (CRC-32, space, JSON) so that corruption is caught on open. */
export const encodeStructures = (s: Structures): Buffer => {
  const json = JSON.stringify(s)
  return Buffer.from(`${(crc32(json) >>> 0).toString(16).padStart(8, '0')} ${json}`)
}

export const decodeStructures = (bytes: Uint8Array): E.Either<DecodeFailure, Structures> => {
  const b = asBuffer(bytes)
  const json = b.toString('utf8', 9)
  if (b[8] !== 0x20 || (crc32(json) >>> 0).toString(16).padStart(8, '0') !== b.toString('latin1', 0, 8))
    return E.left(failure(undefined, 'the record structures are corrupt (checksum mismatch)'))
  const parsed = JSON.parse(json) as unknown
  if (!Array.isArray(parsed) || !parsed.every((k) => Array.isArray(k) && k.every((x) => typeof x === 'string')))
    return E.left(failure(undefined, 'the record structures are malformed'))
  return E.right(parsed as Structures)
}
