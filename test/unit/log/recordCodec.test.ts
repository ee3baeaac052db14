import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { encodeRecord, eventToJson } from '../../../src/log/encoding.js'
import type { Event } from '../../../src/log/events.js'
import { CorruptRecord, latestEvents } from '../../../src/log/latest.js'
import { BINARY_RECORD, decodeStructures, DELETES_OBJECT, RecordCodec, WRITES_OBJECT } from '../../../src/log/recordCodec.js'
import { clockEvent, podEvent, podEvents } from '../../support/events.js'

const right = <A>(r: E.Either<{ reason: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.reason)
  return r.right
}

describe('RecordCodec', () => {
  it('round-trips events through binary records smaller than their JSON', () => {
    const codec = new RecordCodec()
    for (const e of [...podEvents(1, 20), clockEvent(21), { ...clockEvent(22), cause: 3 } as Event]) {
      const record = codec.encode(e)
      expect(record[0]).toBe(BINARY_RECORD)
      expect(right(codec.decode(record, e.seq))).toEqual(e)
      expect(eventToJson(right(codec.verify(record)) as unknown as Event)).toBe(eventToJson(e))
    }
    const later = codec.encode(podEvent(30, 'web'))
    expect(later.length).toBeLessThan(eventToJson(podEvent(30, 'web')).length / 2)
  })

  it('fails a record with any flipped byte with a checksum mismatch, never a wrong event', () => {
    const codec = new RecordCodec()
    const record = codec.encode(podEvent(1, 'web'))
    for (const at of [1, 4, 5, record.length - 1]) {
      const bad = Buffer.from(record)
      bad[at] = bad[at]! ^ 0x01
      expect(codec.decode(bad, 1)).toEqual(E.left({ _tag: 'DecodeFailure', seq: 1, reason: 'checksum mismatch' }))
    }
  })

  it('still reads JSON text records (format 1), upcasting old versions', () => {
    const codec = new RecordCodec()
    const e = podEvent(2, 'ünïcødé')
    expect(right(codec.decode(Buffer.from(encodeRecord(e)), 2))).toEqual(e)
    const v1 = { seq: 1, at: 0, type: 'run/started', v: 1, actor: 'user:x', data: { seed: 1, nodes: 1, reelVersion: '0.1.0' } } as unknown as Event
    expect(right(codec.decode(Buffer.from(encodeRecord(v1)), 1)).v).toBe(2)
    expect(right(codec.text(Buffer.from(encodeRecord(e))))).toBe(encodeRecord(e))
    expect(right(codec.text(codec.encode(e)))).toBe(encodeRecord(e))
  })

  it('is deterministic: the same events give the same bytes, also after reopening from stored structures', () => {
    const events = podEvents(1, 50)
    const a = new RecordCodec()
    const first = events.slice(0, 25).map((e) => a.encode(e))
    const pending = a.pendingStructures()
    expect(pending).toBeDefined()
    a.persisted(pending!.version)
    expect(a.pendingStructures()).toBeUndefined()
    const reopened = new RecordCodec(right(decodeStructures(pending!.bytes)))
    const b = new RecordCodec()
    const all = events.map((e) => b.encode(e))
    expect(first.map((r) => r.toString('hex'))).toEqual(all.slice(0, 25).map((r) => r.toString('hex')))
    const rest = events.slice(25).map((e) => reopened.encode(e))
    expect(rest.map((r) => r.toString('hex'))).toEqual(all.slice(25).map((r) => r.toString('hex')))
    for (const [i, r] of all.entries()) expect(right(reopened.decode(r))).toEqual(events[i])
  })

  it('refuses a record whose structures it was never given, and corrupt stored structures', () => {
    const writer = new RecordCodec()
    writer.encode(podEvent(1, 'a'))
    const second = writer.encode(podEvent(2, 'b'))
    const stranger = new RecordCodec()
    const decoded = stranger.decode(second, 2)
    expect(E.isLeft(decoded) && decoded.left.reason).toMatch(/^invalid record: /)
    const stored = Buffer.from(writer.pendingStructures()!.bytes)
    stored[stored.length - 3] = stored[stored.length - 3]! ^ 0x01
    expect(E.isLeft(decodeStructures(stored))).toBe(true)
  })

  it('names the object a record writes or deletes in its header, and nothing for other events', () => {
    const codec = new RecordCodec()
    expect(codec.target(codec.encode(podEvent(1, 'web')))).toEqual({ effect: WRITES_OBJECT, key: 'Pod/default/web' })
    expect(codec.target(codec.encode(podEvent(2, 'wéb', 'object/deleted')))).toEqual({ effect: DELETES_OBJECT, key: 'Pod/default/wéb' })
    expect(codec.target(codec.encode(clockEvent(3)))).toBeUndefined()
    expect(codec.target(Buffer.from(encodeRecord(podEvent(4, 'web'))))).toBeUndefined()
  })

  it('latestEvents checks the checksum of the records it skips too', async () => {
    const codec = new RecordCodec()
    const records = [podEvent(1, 'web'), podEvent(2, 'web', 'object/updated')].map((e) => codec.encode(e))
    records[0]![records[0]!.length - 1] = records[0]![records[0]!.length - 1]! ^ 0x01
    const read = async () => {
      for await (const _ of latestEvents(codec, async function* () { yield records }, 1)) void _
    }
    await expect(read()).rejects.toBeInstanceOf(CorruptRecord)
  })
})
