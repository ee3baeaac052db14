import { describe, expect, it } from 'vitest'
import { proportionOf, replicaSetFraction, roundHalfAwayFromZero } from '../../../../src/controllers/deployment/scaling.js'
import type { Deployment, ReplicaSet } from '../../../../src/model/workloads.js'
import { givenObjects } from '../../../support/builders.js'
import { aDeploymentWith, anOwnedReplicaSet, objectsOf, reconcileD, scalingMessages, verbs, writtenStatus } from './builders.js'

const replicasAnnotations = (desired: number, max: number) => ({
  'deployment.kubernetes.io/desired-replicas': String(desired),
  'deployment.kubernetes.io/max-replicas': String(max),
})

describe('proportional scaling of a rollout in flight (workloads.md §5)', () => {
  it('R 10 → 20 (surge 3): sizes grow by round(size × 23 / 13), larger set first', () => {
    const s = givenObjects(
      aDeploymentWith('web', 20, { maxSurge: 3, maxUnavailable: 2 }),
      anOwnedReplicaSet('web', 8, { image: 'nginx:1.0', revision: 1, annotations: replicasAnnotations(10, 13) }),
      anOwnedReplicaSet('web', 5, { image: 'nginx:1.25', revision: 2, annotations: replicasAnnotations(10, 13), available: 2 }),
    )
    const r = reconcileD(s)
    expect(scalingMessages(r)).toEqual([
      'Scaled up replica set web-hnginx10 from 8 to 14',
      'Scaled up replica set web-hnginx125 from 5 to 9',
    ])
    expect(objectsOf<ReplicaSet>(r, 'update', 'ReplicaSet').map((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas'])).toEqual(['23', '23'])
    expect(objectsOf(r, 'create', 'ReplicaSet')).toEqual([])
  })

  it('gives the leftover to the first set in order — the newest of equal sizes when scaling up', () => {
    const s = givenObjects(
      aDeploymentWith('web', 4, { maxSurge: 0, maxUnavailable: 1 }),
      anOwnedReplicaSet('web', 1, { image: 'a', revision: 1, annotations: replicasAnnotations(3, 3), creationMs: 0 }),
      anOwnedReplicaSet('web', 1, { image: 'b', revision: 2, annotations: replicasAnnotations(3, 3), creationMs: 1000 }),
      anOwnedReplicaSet('web', 1, { image: 'nginx:1.25', revision: 3, annotations: replicasAnnotations(3, 3), creationMs: 2000 }),
    )
    const r = reconcileD(s, 2000)
    expect(scalingMessages(r)).toEqual(['Scaled up replica set web-hnginx125 from 1 to 2'])
    // The unchanged sets still get their desired/max annotations refreshed, without an event.
    expect(verbs(r)).toEqual(['update ReplicaSet/web-hnginx125', 'update ReplicaSet/web-hb', 'update ReplicaSet/web-ha', 'updateStatus Deployment/web'])
    expect(objectsOf<ReplicaSet>(r, 'update', 'ReplicaSet').every((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'] === '4')).toBe(true)
  })

  it('takes the leftover from the oldest of equal sizes when scaling down, clamped at 0', () => {
    const s = givenObjects(
      aDeploymentWith('web', 2, { maxSurge: 0, maxUnavailable: 1 }),
      anOwnedReplicaSet('web', 1, { image: 'a', revision: 1, annotations: replicasAnnotations(3, 3), creationMs: 0 }),
      anOwnedReplicaSet('web', 1, { image: 'b', revision: 2, annotations: replicasAnnotations(3, 3), creationMs: 1000 }),
      anOwnedReplicaSet('web', 1, { image: 'nginx:1.25', revision: 3, annotations: replicasAnnotations(3, 3), creationMs: 2000 }),
    )
    expect(scalingMessages(reconcileD(s, 2000))).toEqual(['Scaled down replica set web-ha from 1 to 0'])
  })

  it('retires the old sets when the new one is saturated', () => {
    const s = givenObjects(
      aDeploymentWith('web', 10),
      anOwnedReplicaSet('web', 3, { image: 'nginx:1.0', revision: 1, annotations: replicasAnnotations(8, 10) }),
      anOwnedReplicaSet('web', 10, { image: 'nginx:1.25', revision: 2, annotations: replicasAnnotations(10, 13) }),
    )
    expect(scalingMessages(reconcileD(s))).toEqual(['Scaled down replica set web-hnginx10 from 3 to 0'])
  })

  it('scales the only active set straight to replicas (kubectl scale)', () => {
    const s = givenObjects(aDeploymentWith('web', 5), anOwnedReplicaSet('web', 3, { revision: 1, annotations: replicasAnnotations(3, 4) }))
    const r = reconcileD(s)
    expect(scalingMessages(r)).toEqual(['Scaled up replica set web-hnginx125 from 3 to 5'])
    // The scaling path estimates no progress: Progressing only says the new set was found.
    expect(writtenStatus(r).conditions?.map((c) => [c.type, c.reason, c.message])).toEqual([
      ['Progressing', 'FoundNewReplicaSet', 'Found new replica set "web-hnginx125"'],
      ['Available', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'],
    ])
  })
})

describe('paused deployments', () => {
  it('do not create a new set for a changed template; only the paused condition is written', () => {
    const s = givenObjects(
      aDeploymentWith('web', 3, { image: 'nginx:2', paused: true }),
      anOwnedReplicaSet('web', 3, { revision: 1, annotations: replicasAnnotations(3, 4) }),
    )
    const r = reconcileD(s)
    expect(verbs(r)).toEqual(['updateStatus Deployment/web'])
    expect(writtenStatus(r).conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused',
    })
  })

  it('still scale', () => {
    const s = givenObjects(
      aDeploymentWith('web', 1, { image: 'nginx:2', paused: true }),
      anOwnedReplicaSet('web', 3, { revision: 1, annotations: replicasAnnotations(3, 4) }),
    )
    expect(scalingMessages(reconcileD(s))).toEqual(['Scaled down replica set web-hnginx125 from 3 to 1'])
  })
})

describe('the proportion of one set', () => {
  const d = (replicas: number, statusReplicas = 0): Deployment =>
    ({
      ...(aDeploymentWith('web', replicas, { maxSurge: 0, maxUnavailable: 1 }) as Deployment),
      status: statusReplicas > 0 ? { replicas: statusReplicas } : {},
    }) as Deployment
  const rs = (replicas: number, max?: string): ReplicaSet =>
    ({ metadata: { annotations: max === undefined ? {} : { 'deployment.kubernetes.io/max-replicas': max } }, spec: { replicas } }) as ReplicaSet

  it('rounds half away from zero (Go math.Round)', () => {
    expect([2.5, -2.5, 0.5, -0.5, 1.49].map(roundHalfAwayFromZero)).toEqual([3, -3, 1, -1, 1])
    expect(replicaSetFraction(rs(1, '2'), d(5))).toBe(2) // 1 × 5 / 2 = 2.5 → 3
  })

  it('falls back to status.replicas without (or with a 0) max-replicas, and to no change when that is 0', () => {
    expect(replicaSetFraction(rs(2), d(6, 4))).toBe(1)
    expect(replicaSetFraction(rs(2, '0'), d(6, 4))).toBe(1)
    expect(replicaSetFraction(rs(2, 'x'), d(6))).toBe(0)
  })

  it('removes everything when the deployment goes to 0', () => {
    expect(replicaSetFraction(rs(4, '5'), d(0))).toBe(-4)
  })

  it('is limited by what is left to add or remove', () => {
    expect(proportionOf(rs(4, '4'), d(8), 1, 0)).toBe(1)
    expect(proportionOf(rs(4, '4'), d(1), -1, 0)).toBe(-1)
    expect(proportionOf(rs(4, '4'), d(8), 3, 3)).toBe(0)
  })
})
