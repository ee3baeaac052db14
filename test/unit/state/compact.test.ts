import { describe, expect, it } from 'vitest'
import { hashState } from '../../../src/history/hash.js'
import { internStrings } from '../../../src/kernel/intern.js'
import { RecordCodec } from '../../../src/log/recordCodec.js'
import { emptyState } from '../../../src/state/clusterState.js'
import { compactState } from '../../../src/state/compact.js'
import { evolveBatch } from '../../../src/state/evolve.js'
import * as E from 'fp-ts/lib/Either.js'
import { podEvents } from '../../support/events.js'

describe('compactState', () => {
  it('leaves every value as it was: same objects deep-equal, same state hash, same instance', () => {
    const codec = new RecordCodec()
    const decoded = podEvents(1, 200, (s) => `pod-${s % 50}`).map((e) => {
      const d = codec.decode(codec.encode(e))
      if (E.isLeft(d)) throw new Error(d.left.reason)
      return d.right
    })
    const s = evolveBatch(emptyState(), decoded)
    const before = structuredClone([...s.objects.values()])
    const hash = hashState(s)
    expect(compactState(s)).toBe(s)
    expect([...s.objects.values()]).toEqual(before)
    expect(hashState(s)).toBe(hash)
  })

  it('interns strings at any depth, in arrays too, and leaves long strings and non-strings alone', () => {
    const long = 'x'.repeat(65)
    const v = { a: ['default', { b: 'default', n: 3, z: null, t: true }], long }
    expect(internStrings(v)).toBe(v)
    expect(v).toEqual({ a: ['default', { b: 'default', n: 3, z: null, t: true }], long })
  })
})
