import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CowMap } from '../../../src/kernel/cowMap.js'

type Op = { readonly op: 'set'; readonly key: string; readonly value: number } | { readonly op: 'delete'; readonly key: string }

// A small key space so sets overwrite and deletes hit existing keys; long keys spread over shards.
const key = fc.oneof(fc.constantFrom('a', 'b', 'c', 'Pod/default/web', 'Pod/default/web-1'), fc.string({ maxLength: 3 }))
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ op: fc.constant('delete' as const), key }),
)
/** Several drafts, each a list of ops then a commit; `reuse` keeps using the same draft after its commit. */
const session = fc.array(fc.record({ ops: fc.array(op, { maxLength: 30 }), reuse: fc.boolean() }), {
  minLength: 1,
  maxLength: 8,
})
const initial = fc.array(fc.tuple(key, fc.integer()), { maxLength: 20 })

const sorted = <V>(entries: Iterable<readonly [string, V]>): [string, V][] =>
  [...entries].map(([k, v]): [string, V] => [k, v]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/** Everything a reader can observe of a CowMap, compared with the model. */
const expectSame = (actual: CowMap<number>, model: ReadonlyMap<string, number>): void => {
  expect(actual.size).toBe(model.size)
  expect(sorted(actual.entries())).toEqual(sorted(model.entries()))
  expect([...actual.keys()].sort()).toEqual([...model.keys()].sort())
  expect([...actual.values()].sort((x, y) => x - y)).toEqual([...model.values()].sort((x, y) => x - y))
  for (const [k, v] of model) {
    expect(actual.has(k)).toBe(true)
    expect(actual.get(k)).toBe(v)
  }
}

describe('CowMap', () => {
  it('behaves like a Map under random set/delete sequences across several commits', () => {
    fc.assert(
      fc.property(initial, session, (init, drafts) => {
        const model = new Map<string, number>(init)
        let current = CowMap.from(init)
        expectSame(current, model)
        let draft = current.draft()
        for (const { ops, reuse } of drafts) {
          if (!reuse) draft = current.draft()
          for (const o of ops) {
            if (o.op === 'set') {
              draft.set(o.key, o.value)
              model.set(o.key, o.value)
            } else {
              draft.delete(o.key)
              model.delete(o.key)
            }
            // The draft reads its own writes.
            expect(draft.size).toBe(model.size)
            expect(draft.has(o.key)).toBe(model.has(o.key))
            expect(draft.get(o.key)).toBe(model.get(o.key))
          }
          current = draft.commit()
          expectSame(current, model)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('leaves every earlier committed map unchanged by later drafts (persistence)', () => {
    fc.assert(
      fc.property(initial, session, (init, drafts) => {
        const history: [CowMap<number>, Map<string, number>][] = []
        const model = new Map<string, number>(init)
        let current = CowMap.from(init)
        history.push([current, new Map(model)])
        let draft = current.draft()
        for (const { ops, reuse } of drafts) {
          // A fresh draft of the latest commit, or the same draft written to again after committing.
          if (!reuse) draft = current.draft()
          for (const o of ops) {
            if (o.op === 'set') {
              draft.set(o.key, o.value)
              model.set(o.key, o.value)
            } else {
              draft.delete(o.key)
              model.delete(o.key)
            }
          }
          current = draft.commit()
          history.push([current, new Map(model)])
        }
        // Write to a draft of the first version and never commit it.
        const stray = history[0]![0].draft()
        for (const k of ['a', 'b', 'c', 'Pod/default/web']) stray.set(k, -1)
        for (const [k] of history[0]![1]) stray.delete(k)
        for (const [map, snapshot] of history) expectSame(map, snapshot)
      }),
      { numRuns: 300 },
    )
  })

  it('does not change a committed map when the draft it came from keeps writing', () => {
    const d = CowMap.empty<number>().draft()
    d.set('a', 1)
    const first = d.commit()
    d.set('a', 2)
    d.set('b', 3)
    d.delete('a')
    const second = d.commit()
    expect(sorted(first.entries())).toEqual([['a', 1]])
    expect(first.size).toBe(1)
    expect(sorted(second.entries())).toEqual([['b', 3]])
    expect(second.size).toBe(1)
  })

  it('counts a delete of a missing key and a set of an existing key correctly', () => {
    const d = CowMap.from<number>([['a', 1]]).draft()
    d.delete('zzz')
    d.set('a', 2)
    expect(d.size).toBe(1)
    expect(d.commit().get('a')).toBe(2)
  })
})
