import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Controller } from '../../src/controllers/controller.js'
import { replicaSetController, replicationControllerController } from '../../src/controllers/replicaSet/replicaSetController.js'
import { controllerRefOf, type KObject } from '../../src/model/meta.js'
import { isPodActive, type Pod } from '../../src/model/pod.js'
import type { ReplicaSetStatus } from '../../src/model/workloads.js'
import { step } from '../../src/sim/step.js'
import type { World } from '../../src/sim/world.js'
import { listObjects, selectOwnedBy } from '../../src/state/clusterState.js'
import { ACTOR, type Action, history, numRuns, runHistory, seed, SETTLE_MAX_MS } from './arbitraries.js'

const SETS: readonly { readonly kind: string; readonly controller: Controller }[] = [
  { kind: 'ReplicaSet', controller: replicaSetController },
  { kind: 'ReplicationController', controller: replicationControllerController },
]

const keyOfSet = (o: KObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`

/** A history, then `settle`: the world every quiescence check starts from. */
const settled = (s: number, actions: readonly Action[]): World => {
  const { world } = runHistory(s, actions)
  const out = step(world, { type: 'settle', maxMs: SETTLE_MAX_MS, actor: ACTOR })
  expect(out.reply).toMatchObject({ type: 'clock', quiescent: true })
  return out.world
}

// Quiescence and convergence (STYLE.md, Tests): once settled, level-triggered reconciles have nothing to do.
describe('quiescence', () => {
  it('after a settle, no ReplicaSet or RC reconcile issues a command, and each live set owns spec.replicas active pods', () => {
    fc.assert(
      fc.property(seed, history(), (s, actions) => {
        const world = settled(s, actions)
        const ctx = { nowMs: world.nowMs, seed: world.state.seed }
        for (const { kind, controller } of SETS) {
          for (const set of listObjects(world.state, kind)) {
            const key = keyOfSet(set)
            const result = controller.reconcile(world.state, key, ctx)
            expect(result.commands, `${kind} ${key} still has work`).toEqual([])
            if (set.metadata.deletionTimestamp !== undefined) continue
            const owned = selectOwnedBy<Pod>(world.state, set.metadata.uid ?? '').filter(
              (p) => p.kind === 'Pod' && controllerRefOf(p)?.uid === set.metadata.uid && isPodActive(p),
            )
            const spec = set.spec as { replicas?: number }
            const status = set.status as ReplicaSetStatus | undefined
            expect(owned.length, `${kind} ${key} owned active pods`).toBe(spec.replicas ?? 1)
            expect(status?.replicas ?? 0, `${kind} ${key} status.replicas`).toBe(spec.replicas ?? 1)
            expect(status?.observedGeneration, `${kind} ${key} status.observedGeneration`).toBe(set.metadata.generation)
          }
        }
      }),
      { numRuns: numRuns(150) },
    )
  })

  it('after a settle, a resync appends nothing', () => {
    fc.assert(
      fc.property(seed, history(), (s, actions) => {
        const world = settled(s, actions)
        const out = step(world, { type: 'resync' })
        expect(out.appended).toEqual([])
      }),
      { numRuns: numRuns(120) },
    )
  })
})
