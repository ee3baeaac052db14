import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { numRuns } from '../arbitraries.js'
import { availabilityBound, recreateExclusive, surgeBound } from './invariants.js'
import { runScenario, type Observe } from './run.js'
import { type Scenario, scenario, type ScenarioOptions } from './scenario.js'

/** Runs scenarios with one checker looking at every state the log passes through; no request is refused. */
const holdsThroughout = (options: ScenarioOptions, checker: () => Observe, runs: number, byPass = false): void =>
  fc.assert(
    fc.property(scenario(options), (sc: Scenario) => {
      const { refusals } = runScenario(sc, { observe: checker(), byPass })
      expect(refusals).toEqual([])
    }),
    { numRuns: numRuns(runs) },
  )

// Safety of rollouts (STYLE.md, Tests: "a Deployment never exceeds replicas + maxSurge or drops below
// replicas − maxUnavailable"), checked after every event of random histories of image updates, scale
// changes, pause/resume and clock advances. invariants.ts gives each exact formulation and why.
describe('deployment rollout bounds', () => {
  it('no ReplicaSet grows while the sum of their spec.replicas exceeds replicas + maxSurge', () => {
    holdsThroughout({}, surgeBound, 500, true)
  })

  it('proportional scaling passes through Σ above the bound between its writes, as upstream does, and ends within it', () => {
    // replicas 7, maxSurge 100%, maxUnavailable 3, set image, then scale to 6 mid-rollout (new 7, old 4).
    const path = '1778:0:0:0:0:0:0:0:0:0:0:0:0:0:0:0:7:6:6:7:7:9:8:14:12'
    const sc = fc.sample(scenario({}), { seed: -995055432, path, numRuns: 1 })[0]!
    expect(() => runScenario(sc, { observe: surgeBound() })).toThrow(/web-\w+ grew and Σ spec.replicas = 13 > replicas 6 \+ maxSurge 6/)
    expect(runScenario(sc, { observe: surgeBound(), byPass: true }).refusals).toEqual([])
  })

  // minReadySeconds 0 only: above it, upstream's deletion ranking may dip below the bound (invariants.ts).
  it('RollingUpdate: once replicas − maxUnavailable pods are available, never fewer until replicas changes', () => {
    holdsThroughout({ strategy: 'RollingUpdate', minReadyMax: 0 }, availabilityBound, 500)
  })

  // Without pause: a paused Deployment takes upstream's scaling path (workloads.md §5), whose
  // FindActiveOrLatest scales the newest set to `replicas` whatever the strategy — mid-Recreate too.
  it('Recreate: pods of two templates never coexist, terminating ones included', () => {
    holdsThroughout({ strategy: 'Recreate', pauses: false }, recreateExclusive, 300)
  })
})
