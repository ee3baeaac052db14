import { describe, expect, it } from 'vitest'
import { computeHash, equalIgnoreHash, safeEncode, withoutHashLabel } from '../../../../src/controllers/deployment/templateHash.js'
import type { PodTemplateSpec } from '../../../../src/model/pod.js'

const template = (image: string, labels: Record<string, string> = { app: 'web' }): PodTemplateSpec => ({
  metadata: { labels },
  spec: { containers: [{ name: 'app', image }] },
})

describe('computeHash (pod-template-hash, workloads.md §12.1)', () => {
  it('renders only [4-9bcdf], 1 to 10 characters', () => {
    for (const image of ['nginx:1.25', 'nginx:1.26', 'redis', 'a', 'b:latest']) {
      expect(computeHash(template(image), undefined)).toMatch(/^[4-9bcdf]{1,10}$/)
    }
  })

  it('is deterministic and independent of key order', () => {
    const a = { spec: { containers: [{ image: 'nginx', name: 'app' }] }, metadata: { labels: { b: '2', a: '1' } } }
    const b = { metadata: { labels: { a: '1', b: '2' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } }
    expect(computeHash(a, undefined)).toBe(computeHash(b, undefined))
  })

  it('differs between templates', () => {
    expect(computeHash(template('nginx:1.25'), undefined)).not.toBe(computeHash(template('nginx:1.26'), undefined))
  })

  it('changes with collisionCount, and a set count 0 differs from none', () => {
    const t = template('nginx:1.25')
    const hashes = new Set([computeHash(t, undefined), computeHash(t, 0), computeHash(t, 1), computeHash(t, 2)])
    expect(hashes.size).toBe(4)
  })

  it('ignores an existing pod-template-hash label', () => {
    const labelled = template('nginx:1.25', { app: 'web', 'pod-template-hash': 'abc' })
    expect(computeHash(labelled, undefined)).toBe(computeHash(template('nginx:1.25'), undefined))
  })
})

describe('safeEncode', () => {
  it('maps decimal digits through the alphabet at (code % 27): 2262704881 → 66b6c48dd5', () => {
    expect(safeEncode('2262704881')).toBe('66b6c48dd5')
    expect(safeEncode('0123456789')).toBe('456789bcdf')
  })
})

describe('equalIgnoreHash', () => {
  it('equates templates that differ only in the hash label', () => {
    expect(equalIgnoreHash(template('x', { app: 'web', 'pod-template-hash': '5d8f7' }), template('x'))).toBe(true)
  })

  it('tells different templates apart', () => {
    expect(equalIgnoreHash(template('x'), template('y'))).toBe(false)
    expect(equalIgnoreHash(template('x', { app: 'web', tier: 'fe' }), template('x'))).toBe(false)
  })

  it('drops a label map the hash was the only entry of', () => {
    expect(withoutHashLabel(template('x', { 'pod-template-hash': '1' })).metadata).toEqual({})
  })
})
