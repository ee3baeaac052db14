import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { numRuns } from '../arbitraries.js'
import { availabilityBound, recreateExclusive, surgeBound } from './invariants.js'
import { runScenario, type Observe } from './run.js'
import { type Scenario, scenario, type ScenarioOptions } from './scenario.js'

/** Runs scenarios with one checker looking at every state the log passes through; no request is refused. */
const holdsThroughout = (options: ScenarioOptions, checker: () => Observe, runs: number): void =>
  fc.assert(
    fc.property(scenario(options), (sc: Scenario) => {
      const { refusals } = runScenario(sc, { observe: checker() })
      expect(refusals).toEqual([])
    }),
    { numRuns: numRuns(runs) },
  )

// Safety of rollouts (STYLE.md, Tests: "a Deployment never exceeds replicas + maxSurge or drops below
// replicas − maxUnavailable"), checked after every event of random histories of image updates, scale
// changes, pause/resume and clock advances. invariants.ts gives each exact formulation and why.
describe('deployment rollout bounds', () => {
  it('no ReplicaSet grows while the sum of their spec.replicas exceeds replicas + maxSurge', () => {
    holdsThroughout({}, surgeBound, 500)
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
