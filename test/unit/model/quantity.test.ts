import { describe, expect, it } from 'vitest'
import {
  formatBinaryValue,
  formatDecimalValue,
  formatMilliValue,
  parseMilliValue,
  parseQuantity,
  parseValue,
} from '../../../src/model/quantity.js'

describe('given cpu quantities', () => {
  it.each([
    ['100m', 100],
    ['0.5', 500],
    ['.5', 500],
    ['2', 2000],
    ['2.', 2000],
    ['1.5', 1500],
    ['0.1', 100],
    ['1e3', 1_000_000],
    ['1E-3', 1],
    ['1k', 1_000_000],
    ['+3', 3000],
    ['0', 0],
    ['250000u', 250],
    ['1000000n', 1],
  ])('parses %s to %d milli-units', (q, milli) => {
    expect(parseMilliValue(q)).toBe(milli)
  })

  it('rounds a fraction of a milli-unit up, as MilliValue does', () => {
    expect(parseMilliValue('1.5m')).toBe(2)
    expect(parseMilliValue('1n')).toBe(1)
    expect(parseMilliValue('0.0001')).toBe(1)
  })

  it('accepts JSON numbers', () => {
    expect(parseMilliValue(1)).toBe(1000)
    expect(parseMilliValue(0.25)).toBe(250)
  })
})

describe('given memory quantities', () => {
  it.each([
    ['128Mi', 134_217_728],
    ['1Gi', 1_073_741_824],
    ['16Gi', 17_179_869_184],
    ['1.5Gi', 1_610_612_736],
    ['1G', 1_000_000_000],
    ['500k', 500_000],
    ['1e3', 1000],
    ['200Mi', 209_715_200],
    ['1Ki', 1024],
    ['1Ti', 1_099_511_627_776],
    ['129M', 129_000_000],
    ['12345', 12345],
  ])('parses %s to %d bytes', (q, bytes) => {
    expect(parseValue(q)).toBe(bytes)
  })

  it('rounds fractional bytes up, as Value does', () => {
    expect(parseValue('0.5')).toBe(1)
    expect(parseValue('1.1Ki')).toBe(1127) // 1126.4
    expect(parseValue('100m')).toBe(1)
  })

  it('keeps precision for large binary quantities with many fraction digits', () => {
    expect(parseValue('1.0000000000000001Pi')).toBe(2 ** 50 + 1)
  })
})

describe('given strings that are not quantities', () => {
  it.each(['', 'abc', '1K', '1.2.3', 'Mi', '.', '1 Mi', '1e', '--1', '1mi', '1Gib'])('rejects %j', (q) => {
    expect(parseQuantity(q)).toBeUndefined()
    expect(parseValue(q)).toBeUndefined()
  })

  it('rejects non-finite numbers', () => {
    expect(parseMilliValue(Number.NaN)).toBeUndefined()
    expect(parseMilliValue(Number.POSITIVE_INFINITY)).toBeUndefined()
  })
})

describe('given the exact parsed form', () => {
  it('keeps the digits and both exponents', () => {
    expect(parseQuantity('1.5Gi')).toEqual({ negative: false, digits: '15', exp10: -1, exp2: 30 })
    expect(parseQuantity('-250m')).toEqual({ negative: true, digits: '250', exp10: -3, exp2: 0 })
    expect(parseQuantity('0.000')).toEqual({ negative: false, digits: '', exp10: -3, exp2: 0 })
  })

  it('rounds negative values away from zero', () => {
    expect(parseMilliValue('-1.5m')).toBe(-2)
  })
})

describe('given values to format', () => {
  it('formats milli-units as the API server prints cpu', () => {
    expect(formatMilliValue(2000)).toBe('2')
    expect(formatMilliValue(1500)).toBe('1500m')
    expect(formatMilliValue(100)).toBe('100m')
    expect(formatMilliValue(0)).toBe('0')
  })

  it('formats bytes with the largest exact binary suffix', () => {
    expect(formatBinaryValue(17_179_869_184)).toBe('16Gi')
    expect(formatBinaryValue(1_610_612_736)).toBe('1536Mi')
    expect(formatBinaryValue(209_715_200)).toBe('200Mi')
    expect(formatBinaryValue(1500)).toBe('1500')
    expect(formatBinaryValue(0)).toBe('0')
  })

  it('formats units with the largest exact decimal suffix', () => {
    expect(formatDecimalValue(1_000_000_000)).toBe('1G')
    expect(formatDecimalValue(500_000)).toBe('500k')
    expect(formatDecimalValue(110)).toBe('110')
  })

  it('round-trips what it formats', () => {
    for (const b of [1024, 209_715_200, 17_179_869_184, 1500, 3 * 2 ** 40]) expect(parseValue(formatBinaryValue(b))).toBe(b)
    for (const m of [1, 100, 1500, 4000]) expect(parseMilliValue(formatMilliValue(m))).toBe(m)
  })
})
