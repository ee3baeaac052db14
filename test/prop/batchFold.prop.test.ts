import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Event } from '../../src/log/events.js'
import { type ClusterState, emptyState } from '../../src/state/clusterState.js'
import { evolve, evolveBatch } from '../../src/state/evolve.js'
import { history, numRuns, runHistory, seed } from './arbitraries.js'
import { expectSameState, fingerprint } from './sameState.js'

/** Cuts `events` into consecutive batches whose sizes cycle through `sizes` (a size 0 gives an empty batch). */
const split = (events: readonly Event[], sizes: readonly number[]): Event[][] => {
  const out: Event[][] = []
  let i = 0
  for (let k = 0; i < events.length; k++) {
    const n = sizes[k % sizes.length]!
    out.push(events.slice(i, i + n))
    i += n
  }
  return out
}

// evolveBatch ≡ fold(evolve) (STYLE.md, Tests): the hot path may batch, the meaning may not change.
describe('evolveBatch', () => {
  it('equals events.reduce(evolve, s) for any split into batches, and leaves earlier states untouched', () => {
    fc.assert(
      fc.property(
        seed,
        history(),
        fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 1, maxLength: 8 }).filter((xs) => xs.some((x) => x > 0)),
        (s, actions, sizes) => {
          const { events } = runHistory(s, actions)
          const batches = split(events, sizes)
          const captured: { state: ClusterState; prefix: number; before: ReturnType<typeof fingerprint> }[] = []
          let state = emptyState()
          let prefix = 0
          for (const batch of batches) {
            captured.push({ state, prefix, before: fingerprint(state) })
            const next = evolveBatch(state, batch)
            if (batch.length === 0) expect(next).toBe(state)
            state = next
            prefix += batch.length
          }
          expectSameState(state, events.reduce(evolve, emptyState()), 'evolveBatch vs fold')
          // Persistence: every state handed out before is still the fold of its prefix, unchanged by later batches.
          for (const c of captured) {
            expectSameState(c.state, events.slice(0, c.prefix).reduce(evolve, emptyState()), `state after ${c.prefix} events`)
            expect(fingerprint(c.state)).toEqual(c.before)
          }
        },
      ),
      { numRuns: numRuns(100) },
    )
  })

  it('folding one batch on top of a fold by evolve equals the fold of the whole list', () => {
    fc.assert(
      fc.property(seed, history(), fc.nat(), (s, actions, cut) => {
        const { events } = runHistory(s, actions)
        const at = cut % (events.length + 1)
        const base = events.slice(0, at).reduce(evolve, emptyState())
        const baseBefore = fingerprint(base)
        const whole = evolveBatch(base, events.slice(at))
        expectSameState(whole, events.reduce(evolve, emptyState()), `evolveBatch after ${at} events`)
        expect(fingerprint(base)).toEqual(baseBefore)
      }),
      { numRuns: numRuns(60) },
    )
  })
})
