import { describe, expect, it } from 'vitest'
import type { World } from '../../../../src/sim/world.js'
import {
  advance,
  aDeploymentWith,
  controllersWorld,
  convergedWorld,
  deploymentIn,
  eventMessages,
  onePass,
  readyAllPods,
  reconcileD,
  send,
  setImage,
  setsOf,
  trajectory,
} from './builders.js'
import type { DeploymentSpecOptions } from './builders.js'

/** A converged R-replica deployment whose template then changes, with no controller reacting yet. */
const rolloutOf = (replicas: number, opts: DeploymentSpecOptions = {}): World => {
  const w = convergedWorld(aDeploymentWith('web', replicas, opts))
  return { ...setImage({ ...w, controllers: [] }, 'nginx:1.26'), controllers: w.controllers }
}

describe('rolling update trajectories (workloads.md §4.3: one pass, then every pod available)', () => {
  it('R=3, 25%/25%: (1,3) → (1,2) → (2,2) → (2,1) → (3,1) → (3,0)', () => {
    expect(trajectory(rolloutOf(3))).toEqual([[1, 3], [1, 2], [2, 2], [2, 1], [3, 1], [3, 0]])
  })

  it('R=10, 25%/25%: creation and a scale-down in one pass, then (5,8) → (5,3) → (10,3) → (10,0)', () => {
    expect(trajectory(rolloutOf(10))).toEqual([[3, 8], [5, 8], [5, 3], [10, 3], [10, 0]])
  })

  it('R=10, maxSurge 0, maxUnavailable 1: (0,9) → (1,9) → (1,8) → … → (9,0) → (10,0)', () => {
    const expected: [number, number][] = [[0, 9]]
    for (let i = 1; i <= 9; i++) expected.push([i, 10 - i], [i, 9 - i])
    expected.push([10, 0])
    expect(trajectory(rolloutOf(10, { maxSurge: 0, maxUnavailable: 1 }), 80)).toEqual(expected)
  })

  it('R=4, maxSurge 1, maxUnavailable 0: (1,4) → (1,3) → … → (4,1) → (4,0)', () => {
    expect(trajectory(rolloutOf(4, { maxSurge: 1, maxUnavailable: 0 }))).toEqual([
      [1, 4], [1, 3], [2, 3], [2, 2], [3, 2], [3, 1], [4, 1], [4, 0],
    ])
  })
})

describe('the lifecycle of a fresh Deployment (workloads.md §4.4), R=3 with defaults', () => {
  const created = send({ ...controllersWorld(), controllers: [] }, { verb: 'create', object: aDeploymentWith('web', 3) })
  const first = onePass({ ...created, controllers: controllersWorld().controllers }).world

  it('sync #1 creates web-<hash> at 3 with revision 1, desired 3, max 4, owned by the deployment', () => {
    const [rs] = setsOf(first.state)
    expect(rs?.metadata.name).toMatch(/^web-[4-9bcdf]{1,10}$/)
    expect(rs?.spec.replicas).toBe(3)
    expect(rs?.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    })
    expect(rs?.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deploymentIn(first.state).metadata.uid, controller: true, blockOwnerDeletion: true },
    ])
  })

  it('writes revision 1 through /status (no generation bump) and the first conditions', () => {
    const d = deploymentIn(first.state)
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' })
    expect(d.metadata.generation).toBe(1)
    expect(d.status).toMatchObject({ observedGeneration: 1, unavailableReplicas: 3 })
    expect(d.status?.replicas).toBeUndefined()
    const rs = setsOf(first.state)[0]?.metadata.name ?? ''
    expect(d.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${rs}"`],
      ['Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'],
    ])
  })

  it('ends [Available, Progressing NewReplicaSetAvailable], keeping Progressing lastTransitionTime', () => {
    let w = send(controllersWorld(), { verb: 'create', object: aDeploymentWith('web', 3) })
    const rs = setsOf(w.state)[0]?.metadata.name ?? ''
    expect(deploymentIn(w.state).status?.conditions?.map((c) => c.reason)).toEqual(['MinimumReplicasUnavailable', 'ReplicaSetUpdated'])
    w = readyAllPods(advance(w, 5000))
    const conditions = deploymentIn(w.state).status?.conditions
    expect(conditions).toEqual([
      {
        type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.',
        lastUpdateTime: '2024-01-01T00:00:05Z', lastTransitionTime: '2024-01-01T00:00:05Z',
      },
      {
        type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs}" has successfully progressed.`,
        lastUpdateTime: '2024-01-01T00:00:05Z', lastTransitionTime: '2024-01-01T00:00:00Z',
      },
    ])
    expect(deploymentIn(w.state).status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 })
  })

  it('is quiescent once converged: no commands, no requeue', () => {
    const w = convergedWorld(aDeploymentWith('web', 3))
    expect(reconcileD(w.state, w.nowMs)).toEqual({ commands: [] })
  })

  it('rolls a template change out with the upstream ScalingReplicaSet events and revision 2', () => {
    let w = convergedWorld(aDeploymentWith('web', 3))
    const [h1] = setsOf(w.state).map((rs) => rs.metadata.name)
    w = setImage(w, 'nginx:1.26')
    for (let i = 0; i < 10; i++) w = readyAllPods(w)
    const h2 = setsOf(w.state).find((rs) => rs.metadata.name !== h1)?.metadata.name
    expect(eventMessages(w.state, 'ScalingReplicaSet')).toEqual([
      `Scaled up replica set ${h1} from 0 to 3`,
      `Scaled up replica set ${h2} from 0 to 1`,
      `Scaled down replica set ${h1} from 3 to 2`,
      `Scaled up replica set ${h2} from 1 to 2`,
      `Scaled down replica set ${h1} from 2 to 1`,
      `Scaled up replica set ${h2} from 2 to 3`,
      `Scaled down replica set ${h1} from 1 to 0`,
    ])
    expect(deploymentIn(w.state).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2')
    expect(Object.fromEntries(setsOf(w.state).map((rs) => [rs.metadata.name, rs.spec.replicas]))).toEqual({ [h1 ?? '']: 0, [h2 ?? '']: 3 })
    expect(reconcileD(w.state, w.nowMs)).toEqual({ commands: [] })
  })
})
