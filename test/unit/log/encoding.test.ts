import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { crc32Hex } from '../../../src/kernel/crc32.js'
import { decodeRaw, decodeRecord, encodeRecord, eventToJson, indexKeyOf, verifyRecord } from '../../../src/log/encoding.js'
import type { Event } from '../../../src/log/events.js'
import { clockEvent, podEvent } from '../../support/events.js'

const v1RunStarted = {
  seq: 1,
  at: 0,
  type: 'run/started',
  v: 1,
  actor: 'user:test',
  data: { seed: 7, nodes: 2, reelVersion: '0.0.1' },
}

/** A record with a correct checksum over arbitrary JSON text (as an old Reel would have written it). */
const recordOf = (json: string): string => `${crc32Hex(json)} ${json}`

describe('encodeRecord / decodeRecord', () => {
  it('round-trips an event', () => {
    const e = podEvent(3, 'web', 'object/updated', { app: 'web' })
    expect(decodeRecord(encodeRecord(e))).toEqual(E.right(e))
  })

  it('is 8 lowercase hex digits of CRC-32, a space, then the JSON', () => {
    const e = clockEvent(2, 500)
    const record = encodeRecord(e)
    expect(record).toMatch(/^[0-9a-f]{8} \{/)
    expect(record.slice(9)).toBe(eventToJson(e))
    expect(record.slice(0, 8)).toBe(crc32Hex(eventToJson(e)))
  })

  it.each<[string, (r: string) => string]>([
    ['a changed JSON byte', (r) => r.replace('"web"', '"wab"')],
    ['a changed checksum digit', (r) => (r[0] === '0' ? '1' : '0') + r.slice(1)],
    ['a missing separator', (r) => r.slice(0, 8) + r.slice(9)],
    ['a truncated record', (r) => r.slice(0, -1)],
  ])('fails on %s with DecodeFailure "checksum mismatch" carrying the seq', (_, tamper) => {
    const record = tamper(encodeRecord(podEvent(5, 'web')))
    expect(decodeRecord(record, 5)).toEqual(E.left({ _tag: 'DecodeFailure', seq: 5, reason: 'checksum mismatch' }))
    expect(E.isLeft(verifyRecord(record, 5))).toBe(true)
  })

  it('fails with a DecodeFailure on JSON that verifies but does not parse', () => {
    const r = decodeRecord(recordOf('{"seq":1,'), 1)
    expect(E.isLeft(r) && r.left._tag === 'DecodeFailure' && r.left.reason.startsWith('invalid JSON')).toBe(true)
  })

  it('fails on an unknown event type and on an event from a future version', () => {
    const unknown = decodeRecord(recordOf('{"seq":1,"at":0,"type":"pod/exploded","v":1,"actor":"x","data":{}}'), 1)
    expect(E.isLeft(unknown) && unknown.left.reason).toMatch(/unknown event type/)
    const future = decodeRecord(recordOf('{"seq":1,"at":0,"type":"clock/advanced","v":9,"actor":"x","data":{}}'), 1)
    expect(E.isLeft(future) && future.left.reason).toMatch(/v9/)
  })

  it('fails on a malformed envelope', () => {
    const r = decodeRaw({ seq: 1, at: 'noon', type: 'clock/advanced', v: 1, actor: 'clock', data: {} })
    expect(r).toEqual(E.left({ _tag: 'DecodeFailure', seq: 1, reason: 'malformed envelope' }))
  })
})

describe('eventToJson', () => {
  it('writes the envelope keys in a fixed order whatever the object key order', () => {
    const a: Event = { seq: 4, at: 40, type: 'clock/advanced', v: 1, actor: 'clock', data: { byMs: 5 } }
    const b = { data: { byMs: 5 }, actor: 'clock', v: 1, type: 'clock/advanced', at: 40, seq: 4 } as Event
    expect(eventToJson(b)).toBe(eventToJson(a))
    expect(eventToJson(a)).toBe('{"seq":4,"at":40,"type":"clock/advanced","v":1,"actor":"clock","data":{"byMs":5}}')
  })

  it('puts cause between actor and data, and omits it when absent', () => {
    const e = { data: {}, cause: 3, actor: 'controller:rs', v: 1, type: 'clock/advanced', at: 1, seq: 9 } as Event
    expect(eventToJson(e)).toBe('{"seq":9,"at":1,"type":"clock/advanced","v":1,"actor":"controller:rs","cause":3,"data":{}}')
    expect(Object.keys(JSON.parse(eventToJson(clockEvent(1))) as object)).toEqual(['seq', 'at', 'type', 'v', 'actor', 'data'])
  })

  it('escapes the actor', () => {
    const e: Event = { seq: 1, at: 0, type: 'clock/advanced', v: 1, actor: 'user:"q"\n', data: {} }
    expect((JSON.parse(eventToJson(e)) as { actor: string }).actor).toBe('user:"q"\n')
  })
})

describe('upcasting run/started v1 → v2', () => {
  const expected = {
    seed: 7,
    versions: { reel: '0.0.1', kubernetes: 'v1.32.0' },
    cluster: {
      nodes: [
        { name: 'node-1', cpu: '4', memory: '16Gi', pods: 110 },
        { name: 'node-2', cpu: '4', memory: '16Gi', pods: 110 },
      ],
    },
  }

  it('decodeRaw yields v2 data with 2 default nodes and the recorded Reel version', () => {
    const r = decodeRaw({ ...v1RunStarted, data: { ...v1RunStarted.data } })
    expect(E.isRight(r)).toBe(true)
    if (E.isRight(r)) {
      expect(r.right.v).toBe(2)
      expect(r.right.data).toEqual(expected)
      expect(r.right).toMatchObject({ seq: 1, at: 0, type: 'run/started', actor: 'user:test' })
      const data = r.right.data as typeof expected
      expect(data.cluster.nodes.map((n) => n.name)).toEqual(['node-1', 'node-2'])
      expect(data.versions.reel).toBe('0.0.1')
    }
  })

  it('decodeRecord upcasts a stored v1 record the same way', () => {
    const r = decodeRecord(recordOf(JSON.stringify(v1RunStarted)), 1)
    expect(E.isRight(r) && r.right.data).toEqual(expected)
  })

  it('leaves a current v2 event as it is', () => {
    const v2: Event = { seq: 1, at: 0, type: 'run/started', v: 2, actor: 'user:test', data: expected }
    expect(decodeRecord(encodeRecord(v2))).toEqual(E.right(v2))
  })
})

describe('indexKeyOf', () => {
  it('is the object key for object events and undefined otherwise', () => {
    expect(indexKeyOf(podEvent(1, 'web'))).toBe('Pod/default/web')
    expect(indexKeyOf(clockEvent(2))).toBeUndefined()
  })
})
