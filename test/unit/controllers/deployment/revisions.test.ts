import { describe, expect, it } from 'vitest'
import { appendRevisionHistory, setNewReplicaSetAnnotations } from '../../../../src/controllers/deployment/newReplicaSet.js'
import { historyToDelete } from '../../../../src/controllers/deployment/revisions.js'
import type { Deployment, ReplicaSet } from '../../../../src/model/workloads.js'
import type { World } from '../../../../src/sim/world.js'
import { givenObjects } from '../../../support/builders.js'
import { aDeploymentWith, anOwnedReplicaSet, convergedWorld, deploymentIn, readyAllPods, reconcileD, setImage, setsOf, verbs } from './builders.js'

const rolledTo = (w: World, image: string): World => {
  let out = setImage(w, image)
  for (let i = 0; i < 10; i++) out = readyAllPods(out)
  return out
}

const revisions = (w: World): Record<string, [string | undefined, string | undefined]> =>
  Object.fromEntries(
    setsOf(w.state).map((rs) => [
      rs.spec.template?.spec.containers[0]?.image ?? '',
      [rs.metadata.annotations?.['deployment.kubernetes.io/revision'], rs.metadata.annotations?.['deployment.kubernetes.io/revision-history']],
    ]),
  )

describe('revisions across rollouts and rollbacks (workloads.md §8.2 table)', () => {
  let w = convergedWorld(aDeploymentWith('web', 2))
  w = rolledTo(rolledTo(w, 'nginx:2'), 'nginx:3')

  it('numbers three rollouts 1, 2, 3', () => {
    expect(revisions(w)).toEqual({ 'nginx:1.25': ['1', undefined], 'nginx:2': ['2', undefined], 'nginx:3': ['3', undefined] })
    expect(deploymentIn(w.state).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3')
  })

  it('reuses the old set on a rollback, bumping its revision and recording the old one', () => {
    const back = rolledTo(w, 'nginx:2')
    expect(setsOf(back.state)).toHaveLength(3)
    expect(revisions(back)['nginx:2']).toEqual(['4', '2'])
    const again = rolledTo(rolledTo(back, 'nginx:1.25'), 'nginx:2')
    expect(revisions(again)).toEqual({ 'nginx:1.25': ['5', '1'], 'nginx:2': ['6', '2,4'], 'nginx:3': ['3', undefined] })
    expect(deploymentIn(again.state).metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('6')
    // Revision annotations go through /status: generation moved only for the three template changes.
    expect(deploymentIn(again.state).metadata.generation).toBe(6)
  })
})

describe('appendRevisionHistory', () => {
  it('starts, appends, and drops the oldest entries past the cap', () => {
    expect(appendRevisionHistory('', '1')).toBe('1')
    expect(appendRevisionHistory('1,2', '3')).toBe('1,2,3')
    expect(appendRevisionHistory('1,2,3', '4', 6)).toBe('2,3,4')
    const long = Array.from({ length: 500 }, (_, i) => String(1000 + i)).join(',')
    const next = appendRevisionHistory(long, '9999')
    // 2499 + 1 + 4 = 2504 characters: the 101 oldest entries (5 characters each) go, leaving 1999.
    expect(next.length).toBe(1999)
    expect(next.endsWith(',9999')).toBe(true)
    expect(next.startsWith('1101,')).toBe(true)
  })
})

describe('setNewReplicaSetAnnotations', () => {
  const d = {
    ...(aDeploymentWith('web', 3, {
      annotations: {
        'kubernetes.io/change-cause': 'kubectl set image',
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'deployment.kubernetes.io/revision': '7',
        team: 'a',
      },
    }) as Deployment),
  }
  const rs = (revision?: string): ReplicaSet =>
    ({ metadata: { name: 'web-x', annotations: revision === undefined ? {} : { 'deployment.kubernetes.io/revision': revision } }, spec: { selector: {} } }) as ReplicaSet

  it('copies the deployment annotations except the skip list, change-cause included', () => {
    const out = setNewReplicaSetAnnotations(d, rs('3'), '3', true)
    expect(out.rs.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '3', 'kubernetes.io/change-cause': 'kubectl set image', team: 'a' })
    expect(out.changed).toBe(true)
  })

  it('only ever raises the revision', () => {
    const out = setNewReplicaSetAnnotations({ ...d, metadata: { name: 'web' } }, rs('5'), '3', true)
    expect(out).toEqual({ rs: rs('5'), changed: false })
  })

  it('gives a set about to be created the desired and max replicas', () => {
    expect(setNewReplicaSetAnnotations({ ...d, metadata: { name: 'web' } }, rs(), '1', false).rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '3',
    })
  })
})

describe('history cleanup candidates (workloads.md §8.4)', () => {
  const old = (name: string, revision: number, replicas = 0): ReplicaSet =>
    ({
      metadata: { name, generation: 1, annotations: { 'deployment.kubernetes.io/revision': String(revision) } },
      spec: { replicas, selector: {} },
      status: { replicas, observedGeneration: 1 },
    }) as unknown as ReplicaSet
  const four = [old('c', 3), old('a', 1), old('d', 4), old('b', 2)]

  it('deletes the lowest revisions beyond the limit', () => {
    expect(historyToDelete(four, 2).map((rs) => rs.metadata.name)).toEqual(['a', 'b'])
  })

  it('skips a non-empty candidate without replacing it by a later one', () => {
    expect(historyToDelete([old('a', 1, 1), old('b', 2), old('c', 3), old('d', 4)], 2).map((rs) => rs.metadata.name)).toEqual(['b'])
  })

  it('does nothing within the limit, or with no limit (nil or MaxInt32)', () => {
    expect(historyToDelete(four, 4)).toEqual([])
    expect(historyToDelete(four, undefined)).toEqual([])
    expect(historyToDelete(four, 2147483647)).toEqual([])
  })

  it('deletes only once the rollout is complete', () => {
    const sets = [1, 2, 3].map((n) => anOwnedReplicaSet('web', 0, { image: `v${n}`, revision: n, creationMs: n * 1000 }))
    const current = anOwnedReplicaSet('web', 2, { revision: 4, creationMs: 4000 })
    const complete = { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }
    const done = givenObjects({ ...aDeploymentWith('web', 2, { revisionHistoryLimit: 1 }), status: complete }, ...sets, current)
    expect(verbs(reconcileD(done, 4000)).filter((v) => v.startsWith('delete'))).toEqual(['delete ReplicaSet/web-hv1', 'delete ReplicaSet/web-hv2'])
    const running = givenObjects(aDeploymentWith('web', 2, { revisionHistoryLimit: 1 }), ...sets, current)
    expect(verbs(reconcileD(running, 4000)).filter((v) => v.startsWith('delete'))).toEqual([])
  })
})
