import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { statefulSetController } from '../../../src/controllers/statefulSet/statefulSetController.js'
import type { StatefulSet } from '../../../src/controllers/statefulSet/types.js'
import { controllerRefOf } from '../../../src/model/meta.js'
import { isPodReady, type Pod } from '../../../src/model/pod.js'
import { listObjects } from '../../../src/state/clusterState.js'
import { numRuns } from '../arbitraries.js'
import { runScenario } from './run.js'
import { DEFAULT_CLASS, NAMESPACE, type Scenario, scenario } from './scenario.js'

// Liveness and quiescence (STYLE.md, Tests) of the StatefulSet controller with the whole simulated cluster:
// after any history, every node back up, pods stuck terminating on a node that was down or cut off
// force-deleted (as an operator would, §1.5), and `settle` (at most an hour).
/**
 * Every claim can bind: a default class that provisions, claims of no class or of it. A pod whose
 * Immediate claim never binds stays Pending, as upstream's VolumeBinding keeps it (checked below).
 */
const bindable = (sc: Scenario): Scenario => ({
  ...sc,
  defaultClass: true,
  sets: sc.sets.map((set) => (set.claimClass === undefined || set.claimClass === DEFAULT_CLASS ? set : { ...set, claimClass: DEFAULT_CLASS })),
})

describe('statefulset convergence', () => {
  it('a set whose claims can never bind keeps ordinal 0 Pending (unbound immediate claims) and creates no further ordinal', () => {
    const sc: Scenario = {
      seed: 1,
      nodes: 2,
      images: [0, 1, 2].map(() => ({ pullS: 0, startS: 0, okAfterS: undefined })),
      defaultClass: false,
      volumes: [],
      sets: [{ name: 'web', replicas: 2, parallel: false, update: { type: 'RollingUpdate', partition: 0 }, start: undefined, image: 0, probe: false, claimGi: 1, claimClass: undefined, whenDeleted: 'Retain', whenScaled: 'Retain' }],
      actions: [],
    }
    const run = runScenario(sc, { settle: true })
    expect(run.refusals).toEqual([])
    const pods = listObjects<Pod>(run.world.state, 'Pod', NAMESPACE)
    expect(pods.map((p) => [p.metadata.name, p.status?.phase, p.spec.nodeName])).toEqual([['web-0', 'Pending', undefined]])
    expect(pods[0]!.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: expect.stringContaining('pod has unbound immediate PersistentVolumeClaims') }),
    )
  })

  it('after any history and settle, each live set has exactly its ordinals Running and Ready, and its reconcile has nothing to do', () => {
    fc.assert(
      fc.property(scenario().map(bindable), (sc) => {
        const run = runScenario(sc, { settle: true })
        expect(run.refusals).toEqual([])
        expect(run.settled).toMatchObject({ type: 'clock', quiescent: true })
        const s = run.world.state
        const ctx = { nowMs: run.world.nowMs, seed: s.seed }
        for (const set of listObjects<StatefulSet>(s, 'StatefulSet', NAMESPACE)) {
          if (set.metadata.deletionTimestamp !== undefined) continue
          const name = set.metadata.name ?? ''
          const start = set.spec.ordinals?.start ?? 0
          const pods = listObjects<Pod>(s, 'Pod', NAMESPACE).filter((p) => controllerRefOf(p)?.uid === set.metadata.uid)
          const expected = Array.from({ length: set.spec.replicas ?? 1 }, (_, i) => `${name}-${start + i}`)
          expect(pods.map((p) => p.metadata.name ?? '').sort(), `pods of ${name}`).toEqual([...expected].sort())
          for (const p of pods) {
            expect(p.metadata.deletionTimestamp, `${p.metadata.name ?? ''} terminating`).toBeUndefined()
            expect([p.status?.phase, isPodReady(p)], `${p.metadata.name ?? ''} phase and readiness`).toEqual(['Running', true])
          }
          expect(statefulSetController.reconcile(s, `${NAMESPACE}/${name}`, ctx), `reconcile ${name}`).toEqual({ commands: [] })
        }
      }),
      { numRuns: numRuns(250) },
    )
  })
})
