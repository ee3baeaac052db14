import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32, crc32Hex } from '../../src/kernel/crc32.js'
import { decodeRecord, encodeRecord } from '../../src/log/encoding.js'
import type { Event } from '../../src/log/events.js'

// Strings from the whole of Unicode: astral code points, combining marks, and lone surrogates.
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('\ud800', '\udfff', '"', '\\', '\n', '\u0000', '\u2028', 'é', '😀'), maxLength: 6 }),
)
const stringMap = fc.dictionary(text, text, { maxKeys: 4, noNullPrototype: true })
const seq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })
const ms = fc.nat()

const envelope = fc.record(
  { seq, at: ms, actor: text, cause: fc.integer({ min: 1, max: 1_000_000 }) },
  { requiredKeys: ['seq', 'at', 'actor'] },
)

const kobject = fc.record({
  apiVersion: fc.constantFrom('v1', 'apps/v1'),
  kind: fc.constantFrom('Pod', 'ReplicaSet', 'Deployment', 'Node'),
  metadata: fc.record(
    {
      name: text,
      namespace: text,
      uid: fc.uuid(),
      resourceVersion: fc.nat().map(String),
      generation: fc.nat(),
      labels: stringMap,
      annotations: stringMap,
      finalizers: fc.array(text, { maxLength: 3 }),
    },
    { requiredKeys: ['name', 'uid'] },
  ),
  spec: fc.record({ replicas: fc.nat(), containers: fc.array(fc.record({ name: text, image: text }), { maxLength: 2 }) }),
})

const objectEvent: fc.Arbitrary<Event> = fc
  .tuple(
    envelope,
    fc.constantFrom('object/created', 'object/updated', 'object/deleted'),
    kobject,
    fc.option(text, { nil: undefined }),
  )
  .map(([env, type, object, command]) => ({
    ...env,
    type,
    v: 1,
    data: command === undefined ? { object } : { object, command },
  }))

const clockAdvanced: fc.Arbitrary<Event> = fc
  .tuple(envelope, fc.option(ms, { nil: undefined }))
  .map(([env, byMs]) => ({ ...env, type: 'clock/advanced', v: 1, data: byMs === undefined ? {} : { byMs } }))

const nodeShape = fc.record(
  {
    name: text,
    cpu: fc.constantFrom('1', '4', '500m'),
    memory: fc.constantFrom('1Gi', '16Gi'),
    pods: fc.nat({ max: 250 }),
    labels: stringMap,
  },
  { requiredKeys: ['name'] },
)

const runStarted: fc.Arbitrary<Event> = fc
  .tuple(envelope, fc.integer(), text, text, fc.array(nodeShape, { maxLength: 4 }))
  .map(([env, seed, reel, kubernetes, nodes]) => ({
    ...env,
    type: 'run/started',
    v: 2,
    data: { seed, versions: { reel, kubernetes }, cluster: { nodes } },
  }))

const anyEvent = fc.oneof(objectEvent, clockAdvanced, runStarted)

describe('record codec', () => {
  it('decodeRecord(encodeRecord(e)) is Right and deep-equals e', () => {
    fc.assert(
      fc.property(anyEvent, (e) => {
        const decoded = decodeRecord(encodeRecord(e), e.seq)
        expect(E.isRight(decoded)).toBe(true)
        expect(decoded).toEqual(E.right(e))
      }),
      { numRuns: 500 },
    )
  })

  it('encodes the same event to the same bytes every time', () => {
    fc.assert(
      fc.property(anyEvent, (e) => {
        expect(encodeRecord(structuredClone(e))).toBe(encodeRecord(e))
      }),
    )
  })

  it('detects any single changed character in the JSON', () => {
    fc.assert(
      fc.property(anyEvent, fc.nat(), fc.integer({ min: 1, max: 0xffff }), (e, at, delta) => {
        const record = encodeRecord(e)
        const i = 9 + (at % (record.length - 9))
        const changed = String.fromCharCode((record.charCodeAt(i) + delta) % 0x10000)
        fc.pre(changed !== record[i])
        const tampered = record.slice(0, i) + changed + record.slice(i + 1)
        const decoded = decodeRecord(tampered, e.seq)
        expect(decoded).toEqual(E.left({ _tag: 'DecodeFailure', seq: e.seq, reason: 'checksum mismatch' }))
      }),
    )
  })
})

describe('crc32', () => {
  it.each([
    ['', 0],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
    ['a', 0xe8b7be43],
  ])('crc32(%j) = %i', (input, expected) => {
    expect(crc32(input)).toBe(expected)
  })

  it('renders as 8 lowercase hex digits', () => {
    expect(crc32Hex('')).toBe('00000000')
    expect(crc32Hex('123456789')).toBe('cbf43926')
  })

  it('is an unsigned 32-bit integer for any string', () => {
    fc.assert(
      fc.property(text, (s) => {
        const c = crc32(s)
        expect(Number.isInteger(c) && c >= 0 && c <= 0xffffffff).toBe(true)
      }),
    )
  })
})
