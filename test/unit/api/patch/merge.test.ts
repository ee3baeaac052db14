import { describe, expect, it } from 'vitest'
import { applyMergePatch } from '../../../../src/api/patch/index.js'

describe('applyMergePatch (RFC 7386)', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ]
  it.each(cases)('RFC 7386 appendix A: %j + %j', (original, patch, expected) => {
    expect(applyMergePatch(original, patch)).toEqual({ ok: true, value: expected })
  })

  it('kubectl label and label removal', () => {
    const o = { metadata: { name: 'x', labels: { a: 'b', c: 'd' } } }
    expect(applyMergePatch(o, { metadata: { labels: { e: 'f', a: null } } })).toEqual({ ok: true, value: { metadata: { name: 'x', labels: { c: 'd', e: 'f' } } } })
  })

  it('does not change the original', () => {
    const o = { spec: { replicas: 1 } }
    applyMergePatch(o, { spec: { replicas: 5 } })
    expect(o).toEqual({ spec: { replicas: 1 } })
  })
})
