import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rolloutStatus, withoutHash } from '../../../src/client/rollout.js'
import { deploymentController } from '../../../src/controllers/deployment/deploymentController.js'
import { replicaSetController } from '../../../src/controllers/replicaSet/replicaSetController.js'
import { isPodAvailable } from '../../../src/controllers/replicaSet/status.js'
import { deepEqual } from '../../../src/kernel/deepEqual.js'
import { step } from '../../../src/sim/step.js'
import type { World } from '../../../src/sim/world.js'
import { numRuns } from '../arbitraries.js'
import { podsOf, replicaSetsOf } from './invariants.js'
import { deploymentIn, runScenario } from './run.js'
import { KEY, NAME, type Scenario, scenario } from './scenario.js'

/** The scenario, a resume if it ended paused, then `settle` (at most an hour), which must end quiescent. */
const converged = (sc: Scenario): World => {
  const run = runScenario(sc, { settle: true })
  expect(run.refusals).toEqual([])
  expect(run.settled).toMatchObject({ type: 'clock', quiescent: true })
  return run.world
}

// Liveness and quiescence (STYLE.md, Tests) of the Deployment controller with the whole simulated cluster.
describe('deployment convergence', () => {
  it('after any history, settle rolls out: replicas pods of the newest template, all available, old sets at 0', () => {
    fc.assert(
      fc.property(scenario(), (sc) => {
        const world = converged(sc)
        const d = deploymentIn(world.state)!
        const replicas = d.spec.replicas ?? 1
        expect(rolloutStatus(d).message).toBe(`deployment "${NAME}" successfully rolled out`)
        const sets = replicaSetsOf(world.state, d)
        const current = sets.filter((rs) => deepEqual(withoutHash(rs.spec.template), withoutHash(d.spec.template)))
        expect(current.length, 'ReplicaSets with the Deployment template').toBe(1)
        const newRS = current[0]!
        expect(newRS.spec.replicas).toBe(replicas)
        for (const rs of sets) if (rs !== newRS) expect(rs.spec.replicas, `old ${rs.metadata.name ?? ''}`).toBe(0)
        const pods = sets.flatMap((rs) => podsOf(world.state, rs))
        expect(pods.length, 'pods of all the Deployment sets, terminating included').toBe(replicas)
        for (const p of pods) {
          expect(podsOf(world.state, newRS)).toContain(p)
          expect(p.metadata.deletionTimestamp).toBeUndefined()
          expect(isPodAvailable(p, d.spec.minReadySeconds ?? 0, world.nowMs), `${p.metadata.name ?? ''} available`).toBe(true)
        }
        // Zero counts are omitted from a status, as Go's omitempty does.
        const st = d.status ?? {}
        expect([st.observedGeneration, st.replicas ?? 0, st.updatedReplicas ?? 0, st.readyReplicas ?? 0, st.availableReplicas ?? 0]).toEqual([
          d.metadata.generation,
          replicas,
          replicas,
          replicas,
          replicas,
        ])
      }),
      { numRuns: numRuns(250) },
    )
  })

  it('once converged, the deployment and replicaset reconciles have nothing to do, and a resync appends nothing', () => {
    fc.assert(
      fc.property(scenario(), (sc) => {
        const world = converged(sc)
        const ctx = { nowMs: world.nowMs, seed: world.state.seed }
        expect(deploymentController.reconcile(world.state, KEY, ctx)).toEqual({ commands: [] })
        for (const rs of replicaSetsOf(world.state, deploymentIn(world.state)!)) {
          const key = `${rs.metadata.namespace ?? ''}/${rs.metadata.name ?? ''}`
          expect(replicaSetController.reconcile(world.state, key, ctx), `ReplicaSet ${key}`).toEqual({ commands: [] })
        }
        expect(step(world, { type: 'resync' }).appended).toEqual([])
      }),
      { numRuns: numRuns(200) },
    )
  })
})
