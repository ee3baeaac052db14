import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderDiff } from '../../src/history/diff.js'
import { resimulate } from '../../src/history/resimulate.js'
import { CONTROLLERS } from '../../src/sim/controllers.js'
import { history, numRuns, runOnEngine, seed } from './arbitraries.js'

// Re-simulation (DESIGN.md §2): feeding a recorded log's external inputs back through the same
// controllers reproduces every recorded event, so any divergence is a change in behaviour.
describe('re-simulation', () => {
  it('a log recorded by the engine re-simulates with no divergence and no state difference', async () => {
    await fc.assert(
      fc.asyncProperty(seed, history(), async (s, actions) => {
        const { log } = await runOnEngine(s, actions)
        const r = await resimulate(log, CONTROLLERS)
        expect(r.firstDivergence, 'first divergence').toBeUndefined()
        expect(renderDiff(r.stateDiff)).toEqual([])
        expect(r.resimulatedEvents).toBe(r.recordedEvents)
        expect(r.recordedEvents).toBe(log.head())
        await log.close()
      }),
      { numRuns: numRuns(200) },
    )
  })
})
