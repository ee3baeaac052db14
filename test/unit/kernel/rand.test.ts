import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatDurationMs, humanDurationMs, parseDurationMs } from '../../../src/kernel/duration.js'
import { KUBE_ALPHABET, randString, randUint32, randUuid } from '../../../src/kernel/rand.js'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const seed = fc.integer({ min: 0, max: 0xffffffff })
const seq = fc.nat()
const purpose = fc.string({ maxLength: 10 })

describe('randString', () => {
  it('uses the alphabet bcdfghjklmnpqrstvwxz2456789', () => {
    expect(KUBE_ALPHABET).toBe('bcdfghjklmnpqrstvwxz2456789')
  })

  it('draws 5 characters from that alphabet only', () => {
    fc.assert(
      fc.property(seed, seq, purpose, (s, q, p) => {
        expect(randString(s, q, p)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/)
      }),
      { numRuns: 1000 },
    )
  })

  it('honours an explicit length', () => {
    expect(randString(1, 1, 'x', 0)).toBe('')
    expect(randString(1, 1, 'x', 13)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{13}$/)
  })

  it('is a pure function of (seed, seq, purpose)', () => {
    fc.assert(
      fc.property(seed, seq, purpose, (s, q, p) => {
        expect(randString(s, q, p)).toBe(randString(s, q, p))
      }),
    )
    expect(randString(7, 12, 'pod-name')).toBe(randString(7, 12, 'pod-name'))
  })

  it('differs across seeds for at least 95 of 100 draws', () => {
    let differ = 0
    for (let q = 1; q <= 100; q++) if (randString(1, q, 'pod-name') !== randString(2, q, 'pod-name')) differ++
    expect(differ).toBeGreaterThanOrEqual(95)
  })

  it('differs across seqs and purposes for most draws', () => {
    let bySeq = 0
    let byPurpose = 0
    for (let q = 1; q <= 100; q++) {
      if (randString(1, q, 'pod-name') !== randString(1, q + 1, 'pod-name')) bySeq++
      if (randString(1, q, 'pod-name') !== randString(1, q, 'node-name')) byPurpose++
    }
    expect(bySeq).toBeGreaterThanOrEqual(95)
    expect(byPurpose).toBeGreaterThanOrEqual(95)
  })

  it('uses every letter of the alphabet over many draws', () => {
    const seen = new Set<string>()
    for (let q = 0; q < 200; q++) for (const c of randString(3, q, 'spread')) seen.add(c)
    expect(seen.size).toBe(KUBE_ALPHABET.length)
  })
})

describe('randUint32 and randUuid', () => {
  it('randUint32 is an unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(seed, seq, purpose, fc.nat(100), (s, q, p, c) => {
        const n = randUint32(s, q, p, c)
        expect(Number.isInteger(n) && n >= 0 && n <= 0xffffffff).toBe(true)
      }),
    )
  })

  it('randUuid is version-4 shaped and deterministic', () => {
    fc.assert(
      fc.property(seed, seq, purpose, (s, q, p) => {
        const u = randUuid(s, q, p)
        expect(u).toMatch(UUID_V4)
        expect(randUuid(s, q, p)).toBe(u)
      }),
      { numRuns: 1000 },
    )
  })

  it('randUuid differs across seqs', () => {
    const uuids = new Set(Array.from({ length: 100 }, (_, q) => randUuid(1, q, 'uid')))
    expect(uuids.size).toBe(100)
  })
})

describe('parseDurationMs', () => {
  it.each<[string, number | undefined]>([
    ['5s', 5_000],
    ['1h30m', 5_400_000],
    ['300ms', 300],
    ['2d', 172_800_000],
    ['10', 10_000],
    ['1m30s', 90_000],
    ['1.5s', 1_500],
    [' 5s ', 5_000],
    ['0s', 0],
    ['abc', undefined],
    ['5x', undefined],
    ['', undefined],
    ['5s3', undefined],
    ['s', undefined],
    ['-5s', undefined],
    ['5 s', undefined],
  ])('%j → %s', (input, expected) => {
    expect(parseDurationMs(input)).toBe(expected)
  })
})

describe('humanDurationMs (kubectl HumanDuration)', () => {
  const s = 1000
  const m = 60 * s
  const h = 60 * m
  const d = 24 * h
  it.each<[number, string]>([
    [0, '0s'],
    [-5 * s, '0s'],
    [999, '0s'],
    [119 * s, '119s'],
    [120 * s, '2m'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 59 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
  ])('%i ms → %s', (ms, expected) => {
    expect(humanDurationMs(ms)).toBe(expected)
  })
})

describe('formatDurationMs', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [450, '450ms'],
    [90_000, '1m30s'],
    [7_205_000, '2h0m5s'],
    [1_500, '1.5s'],
  ])('%i → %s', (ms, expected) => {
    expect(formatDurationMs(ms)).toBe(expected)
  })

  it('parses back what it formats, for whole milliseconds', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 * 86_400_000 }), (ms) => {
        expect(parseDurationMs(formatDurationMs(ms))).toBe(ms)
      }),
    )
  })
})
