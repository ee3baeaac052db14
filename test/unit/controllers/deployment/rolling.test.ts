import { describe, expect, it } from 'vitest'
import { newRSNewReplicas } from '../../../../src/controllers/deployment/sizing.js'
import type { Deployment, ReplicaSet } from '../../../../src/model/workloads.js'
import { givenObjects } from '../../../support/builders.js'
import { aDeploymentWith, anOwnedReplicaSet, objectsOf, reconcileD, scalingMessages, verbs } from './builders.js'

const rs = (name: string, replicas: number): ReplicaSet =>
  ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas, selector: {} } }) as ReplicaSet

type Strategy = NonNullable<Deployment['spec']['strategy']>

/** The API server's defaults are not applied here: the strategy is spelled out. */
const withStrategy = (replicas: number, strategy: Strategy): Deployment => {
  const base = aDeploymentWith('web', replicas) as Deployment
  return { ...base, spec: { ...base.spec, strategy } }
}

const d = (replicas: number): Deployment => withStrategy(replicas, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } })

describe('newRSNewReplicas (NewRSNewReplicas, workloads.md §4.1)', () => {
  it.each([
    ['first rollout, no old sets', 3, [], 0, 3],
    ['R=10: room for the surge only', 10, [10], 0, 3],
    ['R=10: grows by what maxTotal leaves', 10, [8], 3, 5],
    ['R=10: at maxTotal it keeps its size', 10, [10], 3, 3],
    ['never past replicas', 4, [0], 3, 4],
    ['sums spec sizes of every old set', 10, [4, 4], 2, 5],
  ])('%s', (_what, replicas, olds, current, expected) => {
    const fresh = rs('new', current)
    const all = [...olds.map((n, i) => rs(`old-${i}`, n)), fresh]
    expect(newRSNewReplicas(d(replicas), all, fresh)).toBe(expected)
  })

  it('with maxSurge 0 grows by what the old sets gave up', () => {
    const dep = withStrategy(10, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } })
    const fresh = rs('new', 0)
    expect(newRSNewReplicas(dep, [rs('old', 9), fresh], fresh)).toBe(1)
  })

  it('is replicas for Recreate', () => {
    const fresh = rs('new', 0)
    expect(newRSNewReplicas(withStrategy(5, { type: 'Recreate' }), [rs('old', 5), fresh], fresh)).toBe(5)
  })
})

const NEW = { image: 'nginx:1.25', revision: 2 }
const OLD = { image: 'nginx:1.0', revision: 1 }

describe('one action per pass', () => {
  it('grows the new set and leaves the old one alone, although it could shrink it too', () => {
    const s = givenObjects(aDeploymentWith('web', 10), anOwnedReplicaSet('web', 8, OLD), anOwnedReplicaSet('web', 3, NEW))
    const r = reconcileD(s)
    expect(verbs(r)).toEqual(['update ReplicaSet/web-hnginx125', 'updateStatus Deployment/web'])
    expect(objectsOf<ReplicaSet>(r, 'update', 'ReplicaSet')[0]?.spec.replicas).toBe(5)
    expect(scalingMessages(r)).toEqual(['Scaled up replica set web-hnginx125 from 3 to 5'])
  })

  it('shrinks old sets when the new one cannot grow', () => {
    const s = givenObjects(aDeploymentWith('web', 3), anOwnedReplicaSet('web', 3, OLD), anOwnedReplicaSet('web', 1, NEW))
    const r = reconcileD(s)
    expect(scalingMessages(r)).toEqual(['Scaled down replica set web-hnginx10 from 3 to 2'])
    expect(objectsOf<ReplicaSet>(r, 'update', 'ReplicaSet').map((x) => x.metadata.name)).toEqual(['web-hnginx10'])
  })

  it('scales a new set larger than replicas down to replicas', () => {
    const s = givenObjects(aDeploymentWith('web', 2), anOwnedReplicaSet('web', 5, NEW))
    expect(scalingMessages(reconcileD(s))).toEqual(['Scaled down replica set web-hnginx125 from 5 to 2'])
  })
})

describe('reconcileOldReplicaSets', () => {
  it('first cleans up unhealthy old replicas, then scales down to minAvailable (oldest first)', () => {
    // R=10 (surge 3, unavailable 2): allPods 13, minAvailable 8, maxScaledDown 5.
    const s = givenObjects(
      aDeploymentWith('web', 10),
      anOwnedReplicaSet('web', 8, { ...OLD, available: 5 }),
      anOwnedReplicaSet('web', 5, NEW),
    )
    const r = reconcileD(s)
    expect(scalingMessages(r)).toEqual([
      'Scaled down replica set web-hnginx10 from 8 to 5',
      'Scaled down replica set web-hnginx10 from 5 to 3',
    ])
    const [first, second] = objectsOf<ReplicaSet>(r, 'update', 'ReplicaSet')
    expect(first?.metadata.resourceVersion).toBeDefined()
    expect(second?.metadata.resourceVersion).toBeUndefined()
  })

  it('does nothing when maxScaledDown is not positive (the new set is still unavailable)', () => {
    // allPods 13 − minAvailable 8 − newUnavailable 5 = 0.
    const s = givenObjects(aDeploymentWith('web', 10), anOwnedReplicaSet('web', 8, OLD), anOwnedReplicaSet('web', 5, { ...NEW, available: 0 }))
    expect(scalingMessages(reconcileD(s))).toEqual([])
  })

  it('scales down available − minAvailable, not capped by maxScaledDown', () => {
    // R=10, surge 0: allPods 4+2+4 = 10 (the new set cannot grow), maxScaledDown 10 − 8 = 2. Cleanup
    // takes 2 from the oldest and stops before the stale one; then available 2+4+4 − 8 = 2 more go: 4 in all.
    const s = givenObjects(
      aDeploymentWith('web', 10, { maxSurge: 0, maxUnavailable: 2 }),
      anOwnedReplicaSet('web', 4, { image: 'a', revision: 1, available: 2, creationMs: 0 }),
      anOwnedReplicaSet('web', 2, { image: 'b', revision: 2, available: 4, statusReplicas: 4, creationMs: 1000 }),
      anOwnedReplicaSet('web', 4, { ...NEW, revision: 3, creationMs: 2000 }),
    )
    expect(scalingMessages(reconcileD(s, 2000))).toEqual([
      'Scaled down replica set web-ha from 4 to 2',
      'Scaled down replica set web-ha from 2 to 0',
    ])
  })

  it('skips old sets whose replicas are all available in the cleanup, and stops at minAvailable', () => {
    const s = givenObjects(
      aDeploymentWith('web', 4, { maxSurge: 1, maxUnavailable: 0 }),
      anOwnedReplicaSet('web', 2, { image: 'a', revision: 1, creationMs: 0 }),
      anOwnedReplicaSet('web', 2, { image: 'b', revision: 2, creationMs: 1000 }),
      anOwnedReplicaSet('web', 1, { ...NEW, revision: 3, creationMs: 2000 }),
    )
    // available 5 − minAvailable 4 = 1, from the oldest.
    expect(scalingMessages(reconcileD(s, 2000))).toEqual(['Scaled down replica set web-ha from 2 to 1'])
  })
})
