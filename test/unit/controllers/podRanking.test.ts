import { describe, expect, it } from 'vitest'
import { replicaSetController } from '../../../src/controllers/replicaSet/replicaSetController.js'
import { compareForDeletion } from '../../../src/controllers/replicaSet/podRanking.js'
import { toTimestamp } from '../../../src/kernel/brand.js'
import type { Pod } from '../../../src/model/pod.js'
import { aPod, aReplicaSet, givenObjects, type PodOptions } from '../../support/builders.js'

/** workloads.md §10.3: "pod a should be deleted before pod b". */

interface RankedPod {
  readonly uid?: string
  readonly name?: string
  readonly nodeName?: string
  readonly phase?: string
  readonly ready?: boolean
  readonly readySinceMs?: number
  readonly creationMs?: number
  readonly restarts?: number
  readonly cost?: string
}

/** A pod value for the pure comparator; fields left out are what a fresh pod has. */
const pod = (p: RankedPod): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: p.name ?? 'p',
    uid: p.uid ?? 'uid',
    ...(p.creationMs !== undefined ? { creationTimestamp: toTimestamp(p.creationMs) } : {}),
    ...(p.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': p.cost } } : {}),
  },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...(p.nodeName !== undefined ? { nodeName: p.nodeName } : {}) },
  status: {
    ...(p.phase !== undefined ? { phase: p.phase } : {}),
    conditions: [
      {
        type: 'Ready',
        status: p.ready === true ? 'True' : 'False',
        ...(p.readySinceMs !== undefined ? { lastTransitionTime: toTimestamp(p.readySinceMs) } : {}),
      },
    ],
    containerStatuses: [{ name: 'app', ready: p.ready === true, restartCount: p.restarts ?? 0 }],
  },
})

const NOW = 1_000_000
const noRank = (): number => 0
const running = { nodeName: 'n1', phase: 'Running' } as const
const readyRunning = { ...running, ready: true, readySinceMs: 0 } as const

describe('compareForDeletion', () => {
  // Each row: [rule, first to delete, the other]. The names and uids are chosen so that the final
  // tie-breakers would pick the other pod: only the rule under test can make the row pass.
  it.each<[string, RankedPod, RankedPod]>([
    ['unscheduled before scheduled', { phase: 'Running' }, { nodeName: 'n1', phase: 'Pending' }],
    ['Pending before Running', { nodeName: 'n1', phase: 'Pending' }, running],
    ['Pending before Unknown', { nodeName: 'n1', phase: 'Pending' }, { nodeName: 'n1', phase: 'Unknown' }],
    ['Unknown before Running', { nodeName: 'n1', phase: 'Unknown' }, running],
    ['no phase counts as Pending', { nodeName: 'n1' }, { nodeName: 'n1', phase: 'Unknown' }],
    ['not ready before ready', { ...running, restarts: 0 }, { ...readyRunning, restarts: 9 }],
    ['lower deletion cost first', { ...readyRunning, cost: '-5' }, { ...readyRunning, cost: '10' }],
    ['a missing deletion cost counts as 0', readyRunning, { ...readyRunning, cost: '1' }],
    ['an invalid deletion cost counts as 0', { ...readyRunning, cost: 'lots' }, { ...readyRunning, cost: '1' }],
    ['more recently ready first (different log2 buckets)', { ...running, ready: true, readySinceMs: 900_000 }, { ...running, ready: true, readySinceMs: 0 }],
    ['a zero ready time counts as most recent', { ...running, ready: true }, { ...running, ready: true, readySinceMs: 900_000 }],
    ['more restarts first', { ...running, restarts: 3 }, { ...running, restarts: 1 }],
    ['newer first (different log2 buckets)', { ...running, creationMs: 900_000 }, { ...running, creationMs: 0 }],
    ['a zero creationTimestamp counts as newest', running, { ...running, creationMs: 900_000 }],
  ])('%s', (_rule, first, other) => {
    const a = pod({ ...first, name: 'z', uid: 'z' })
    const b = pod({ ...other, name: 'a', uid: 'a' })
    expect(compareForDeletion(a, b, noRank, NOW)).toBeLessThan(0)
    expect(compareForDeletion(b, a, noRank, NOW)).toBeGreaterThan(0)
  })

  it('deletes pods doubled up with more siblings on one node first (higher rank)', () => {
    const a = pod({ ...running, name: 'z', uid: 'z', nodeName: 'crowded' })
    const b = pod({ ...running, name: 'a', uid: 'a', nodeName: 'quiet' })
    const rank = (p: Pod): number => (p.spec.nodeName === 'crowded' ? 3 : 1)
    expect(compareForDeletion(a, b, rank, NOW)).toBeLessThan(0)
    expect(compareForDeletion(b, a, rank, NOW)).toBeGreaterThan(0)
  })

  it('cost outranks co-location rank', () => {
    const a = pod({ ...running, name: 'z', uid: 'z', nodeName: 'quiet', cost: '-1' })
    const b = pod({ ...running, name: 'a', uid: 'a', nodeName: 'crowded' })
    const rank = (p: Pod): number => (p.spec.nodeName === 'crowded' ? 3 : 1)
    expect(compareForDeletion(a, b, rank, NOW)).toBeLessThan(0)
  })

  it('ready times in the same log2 bucket: the smaller uid goes first and restarts are never compared', () => {
    // now − t = 999s and 998s: both floor(log2(ns)) = 39.
    const many = pod({ ...running, ready: true, readySinceMs: 1_000, restarts: 9, uid: 'uid-b', name: 'a' })
    const few = pod({ ...running, ready: true, readySinceMs: 2_000, restarts: 0, uid: 'uid-a', name: 'b' })
    expect(compareForDeletion(few, many, noRank, NOW)).toBeLessThan(0)
    expect(compareForDeletion(many, few, noRank, NOW)).toBeGreaterThan(0)
  })

  it('creation times in the same log2 bucket: the smaller uid goes first', () => {
    const older = pod({ ...running, creationMs: 1_000, uid: 'uid-a', name: 'b' })
    const newer = pod({ ...running, creationMs: 2_000, uid: 'uid-b', name: 'a' })
    expect(compareForDeletion(older, newer, noRank, NOW)).toBeLessThan(0)
  })

  it('pods equal on every rule fall back to name order (Reel makes the order total)', () => {
    expect(compareForDeletion(pod({ ...running, name: 'a' }), pod({ ...running, name: 'b' }), noRank, NOW)).toBeLessThan(0)
    expect(compareForDeletion(pod({ ...running, name: 'a' }), pod({ ...running, name: 'a' }), noRank, NOW)).toBe(0)
  })
})

describe('given a ReplicaSet with replicas=1 and two pods, reconcile deletes by the ranking', () => {
  const labels = { app: 'web' }
  const base: PodOptions = { labels, owner: 'web', nodeName: 'node-1', phase: 'Running' }
  // [rule, the pod to delete, the pod to keep]; the kept one is named to sort first by name.
  it.each<[string, PodOptions, PodOptions]>([
    ['unscheduled before scheduled', { labels, owner: 'web' }, { ...base, phase: 'Pending' }],
    ['Pending before Running', { ...base, phase: 'Pending' }, base],
    ['not ready before ready', { ...base, ready: false }, { ...base, ready: true }],
    ['lower pod-deletion-cost first', { ...base, ready: true, deletionCost: -1 }, { ...base, ready: true }],
    ['more restarts first', { ...base, restarts: 4 }, { ...base, restarts: 1 }],
    ['newer first', { ...base, creationMs: 100_000 }, { ...base, creationMs: 0 }],
  ])('%s', (_rule, victim, keeper) => {
    const pods = [aPod('z-victim', victim), aPod('a-keeper', keeper)].sort(
      (x, y) => (x.metadata.creationTimestamp ?? '').localeCompare(y.metadata.creationTimestamp ?? ''),
    )
    const s = givenObjects(aReplicaSet('web', 1), ...pods)
    const deletes = replicaSetController
      .reconcile(s, 'default/web', { nowMs: 200_000, seed: 1 })
      .commands.filter((c) => c.verb === 'delete')
    expect(deletes.map((c) => (c.verb === 'delete' ? c.ref.name : ''))).toEqual(['z-victim'])
  })
})
