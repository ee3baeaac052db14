import { describe, expect, it } from 'vitest'
import {
  maxSurge,
  maxUnavailable,
  minAvailable,
  resolveFenceposts,
  scaledValue,
} from '../../../../src/controllers/deployment/fenceposts.js'
import type { Deployment } from '../../../../src/model/workloads.js'

const deployment = (replicas: number, strategy: Deployment['spec']['strategy']): Deployment =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas, strategy, template: { spec: { containers: [] } } } }) as Deployment

const rolling = (replicas: number, surge: number | string = '25%', unavailable: number | string = '25%') =>
  deployment(replicas, { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } })

describe('scaledValue (GetScaledValueFromIntOrPercent)', () => {
  it.each([
    [5, 10, true, 5],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['50%', 3, true, 2],
    ['50%', 3, false, 1],
    ['0%', 7, true, 0],
  ] as const)('%s of %i (roundUp=%s) is %i', (value, total, up, expected) => {
    expect(scaledValue(value, total, up)).toBe(expected)
  })

  it.each(['90', '%', '90#', '#%'])('refuses %j', (value) => {
    expect(typeof scaledValue(value, 10, true)).toBe('string')
  })

  it('refuses a missing value', () => {
    expect(typeof scaledValue(undefined, 10, true)).toBe('string')
  })
})

describe('resolveFenceposts with the 25%/25% defaults (workloads.md §2.3)', () => {
  it.each([
    [1, 1, 0],
    [2, 1, 0],
    [3, 1, 0],
    [4, 1, 1],
    [5, 2, 1],
    [10, 3, 2],
  ])('R=%i gives surge %i, unavailable %i', (replicas, surge, unavailable) => {
    expect(resolveFenceposts('25%', '25%', replicas)).toEqual({ surge, unavailable })
    expect(maxSurge(rolling(replicas))).toBe(surge)
    expect(maxUnavailable(rolling(replicas))).toBe(unavailable)
  })

  it('R=0 gives MaxSurge 0 and MaxUnavailable 0 (not the both-zero fencepost)', () => {
    expect(maxSurge(rolling(0))).toBe(0)
    expect(maxUnavailable(rolling(0))).toBe(0)
    expect(minAvailable(rolling(0))).toBe(0)
  })
})

describe('resolveFenceposts fenceposts and mixes', () => {
  it('turns a rounded-down both-zero into unavailable 1', () => {
    expect(resolveFenceposts('0%', '10%', 5)).toEqual({ surge: 0, unavailable: 1 })
    expect(resolveFenceposts(0, '25%', 3)).toEqual({ surge: 0, unavailable: 1 })
  })

  it('treats missing values as int 0', () => {
    expect(resolveFenceposts(undefined, undefined, 4)).toEqual({ surge: 0, unavailable: 1 })
    expect(resolveFenceposts(2, undefined, 4)).toEqual({ surge: 2, unavailable: 0 })
  })

  it.each([
    [10, 1, '30%', { surge: 1, unavailable: 3 }],
    [10, '15%', 2, { surge: 2, unavailable: 2 }],
    [5, '1%', '99%', { surge: 1, unavailable: 4 }],
    [10, 0, 1, { surge: 0, unavailable: 1 }],
  ] as const)('R=%i maxSurge=%j maxUnavailable=%j', (replicas, surge, unavailable, expected) => {
    expect(resolveFenceposts(surge, unavailable, replicas)).toEqual(expected)
  })

  it('passes a parse error through', () => {
    expect(typeof resolveFenceposts('x%', 1, 10)).toBe('string')
  })
})

describe('MaxUnavailable and MinAvailable', () => {
  it('caps MaxUnavailable at replicas', () => {
    expect(maxUnavailable(rolling(2, 0, 5))).toBe(2)
    expect(minAvailable(rolling(2, 0, 5))).toBe(0)
  })

  it('gives replicas − MaxUnavailable as MinAvailable', () => {
    expect(minAvailable(rolling(10))).toBe(8)
  })

  it('is 0 for Recreate, whatever the numbers', () => {
    const recreate = deployment(10, { type: 'Recreate' })
    expect([maxSurge(recreate), maxUnavailable(recreate), minAvailable(recreate)]).toEqual([0, 0, 0])
  })
})
