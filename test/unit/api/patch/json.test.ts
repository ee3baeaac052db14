import { describe, expect, it } from 'vitest'
import { applyJsonPatch } from '../../../../src/api/patch/index.js'

const ok = (value: unknown) => ({ ok: true, value })

describe('applyJsonPatch (RFC 6902)', () => {
  it('add to an object member and into an array', () => {
    expect(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz', value: 'qux' }])).toEqual(ok({ foo: 'bar', baz: 'qux' }))
    expect(applyJsonPatch({ foo: ['bar', 'baz'] }, [{ op: 'add', path: '/foo/1', value: 'qux' }])).toEqual(ok({ foo: ['bar', 'qux', 'baz'] }))
    expect(applyJsonPatch({ foo: ['bar'] }, [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }])).toEqual(ok({ foo: ['bar', ['abc', 'def']] }))
  })

  it('remove, replace, move, copy', () => {
    expect(applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }])).toEqual(ok({ foo: 'bar' }))
    expect(applyJsonPatch({ foo: ['bar', 'qux', 'baz'] }, [{ op: 'remove', path: '/foo/1' }])).toEqual(ok({ foo: ['bar', 'baz'] }))
    expect(applyJsonPatch({ baz: 'qux', foo: 'bar' }, [{ op: 'replace', path: '/baz', value: 'boo' }])).toEqual(ok({ baz: 'boo', foo: 'bar' }))
    expect(applyJsonPatch({ foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } }, [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }])).toEqual(
      ok({ foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } }),
    )
    expect(applyJsonPatch({ foo: ['all', 'grass', 'cows', 'eat'] }, [{ op: 'move', from: '/foo/1', path: '/foo/3' }])).toEqual(ok({ foo: ['all', 'cows', 'eat', 'grass'] }))
    expect(applyJsonPatch({ a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }])).toEqual(ok({ a: { b: 1 }, c: { b: 1 } }))
  })

  it('escaped pointers', () => {
    expect(applyJsonPatch({ metadata: { labels: { 'app.kubernetes.io/name': 'x', 'a~b': 'y' } } }, [
      { op: 'remove', path: '/metadata/labels/app.kubernetes.io~1name' },
      { op: 'replace', path: '/metadata/labels/a~0b', value: 'z' },
    ])).toEqual(ok({ metadata: { labels: { 'a~b': 'z' } } }))
  })

  it('a passing test lets the patch apply; a failing one refuses it with 422', () => {
    expect(applyJsonPatch({ baz: 'qux', foo: ['a', 2, 'c'] }, [{ op: 'test', path: '/baz', value: 'qux' }, { op: 'test', path: '/foo/1', value: 2 }])).toEqual(
      ok({ baz: 'qux', foo: ['a', 2, 'c'] }),
    )
    const r = applyJsonPatch({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }, { op: 'add', path: '/x', value: 1 }])
    expect(r).toMatchObject({ ok: false, code: 422, reason: 'Invalid' })
  })

  it('errors: missing target, out-of-bounds index, malformed patches', () => {
    expect(applyJsonPatch({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }])).toMatchObject({ ok: false, code: 422 })
    expect(applyJsonPatch({ foo: 'bar' }, [{ op: 'replace', path: '/nope', value: 1 }])).toMatchObject({ ok: false, code: 422 })
    expect(applyJsonPatch({ foo: [1] }, [{ op: 'remove', path: '/foo/3' }])).toMatchObject({ ok: false, code: 422 })
    expect(applyJsonPatch({}, { op: 'add' })).toMatchObject({ ok: false, code: 400 })
    expect(applyJsonPatch({}, [{ op: 'frob', path: '/a' }])).toMatchObject({ ok: false, code: 400 })
    expect(applyJsonPatch({}, [{ op: 'add', path: 'a', value: 1 }])).toMatchObject({ ok: false, code: 400 })
  })

  it('kubectl rollout undo: replace template and annotations; original untouched', () => {
    const d = { metadata: { annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { template: { spec: { containers: [{ name: 'n', image: 'v2' }] } } } }
    const r = applyJsonPatch(d, [
      { op: 'replace', path: '/spec/template', value: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'n', image: 'v1' }] } } },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '3' } },
    ])
    expect(r).toEqual(ok({ metadata: { annotations: { 'deployment.kubernetes.io/revision': '3' } }, spec: { template: { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'n', image: 'v1' }] } } } }))
    expect(d.spec.template.spec.containers[0]!.image).toBe('v2')
  })
})
