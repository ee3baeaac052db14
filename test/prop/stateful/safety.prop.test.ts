import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { numRuns } from '../arbitraries.js'
import { exclusiveBinding, orderedCreation, retainedClaims, uniqueIdentity } from './invariants.js'
import { type Observe, runScenario } from './run.js'
import { type Scenario, scenario } from './scenario.js'

/** Runs random histories with one checker looking at every event; no request is refused. */
const holdsThroughout = (checker: (sc: Scenario) => Observe, runs: number): void =>
  fc.assert(
    fc.property(scenario(), (sc) => {
      const { refusals } = runScenario(sc, { observe: checker(sc) })
      expect(refusals).toEqual([])
    }),
    { numRuns: numRuns(runs) },
  )

// Safety of StatefulSets and volume binding (stateful-storage-nodes.md §1–2), checked after every event of
// random histories of scaling, image changes, pod deletions (graceful and forced), node faults, clock
// advances and set deletions, with dynamic provisioning and static PVs. invariants.ts gives each rule.
describe('statefulset safety', () => {
  it('never two non-terminating pods with the same set and ordinal', () => {
    holdsThroughout(() => uniqueIdentity(), 300)
  })

  it('OrderedReady: pod N+1 is created only while pod N is Running and Ready', () => {
    holdsThroughout(() => orderedCreation(), 300)
  })

  it('a PV is bound to at most one claim', () => {
    holdsThroughout(() => exclusiveBinding(), 300)
  })

  it('Retain/Retain: no claim of the set is ever deleted or marked for deletion', () => {
    holdsThroughout(retainedClaims, 300)
  })
})
