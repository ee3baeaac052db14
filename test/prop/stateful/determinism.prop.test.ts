import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventToJson } from '../../../src/log/encoding.js'
import { numRuns } from '../arbitraries.js'
import { runScenario } from './run.js'
import { scenario } from './scenario.js'

// Determinism (DESIGN.md rule 4) with StatefulSets, storage and node faults: the same seed and history,
// run twice to the end of a settle, give byte-identical logs.
describe('statefulset determinism', () => {
  it('the same seed and history give identical logs', () => {
    fc.assert(
      fc.property(scenario(), (sc) => {
        const a = runScenario(sc, { settle: true }).events.map(eventToJson)
        const b = runScenario(sc, { settle: true }).events.map(eventToJson)
        expect(b).toEqual(a)
      }),
      { numRuns: numRuns(120) },
    )
  })
})
