import { describe, expect, it } from 'vitest'
import { computeHash } from '../../../../src/controllers/deployment/templateHash.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { Deployment, ReplicaSet } from '../../../../src/model/workloads.js'
import { appliedAll, aReplicaSet, givenObjects, stored } from '../../../support/builders.js'
import { aDeploymentWith, anOwnedReplicaSet, objectsOf, reconcileD, verbs, writtenStatus } from './builders.js'

const annotations = {
  'kubernetes.io/change-cause': 'kubectl create',
  'kubectl.kubernetes.io/last-applied-configuration': '{}',
}

describe('creating the new ReplicaSet (getNewReplicaSet, workloads.md §3.4)', () => {
  const s = givenObjects({ ...aDeploymentWith('web', 4, { annotations, minReadySeconds: 5 }) })
  const d = stored<Deployment>(s, 'Deployment', 'web')
  const hash = computeHash(d.spec.template, undefined)
  const r = reconcileD(s)
  const [rs] = objectsOf<ReplicaSet>(r, 'create', 'ReplicaSet')

  it('names it <deployment>-<hash> and labels it, its selector and its template with the hash', () => {
    expect(rs?.metadata.name).toBe(`web-${hash}`)
    expect(rs?.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash })
    expect(rs?.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } })
    expect(rs?.spec.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash })
    expect(rs?.spec.minReadySeconds).toBe(5)
  })

  it('copies annotations but the skipped ones, and adds revision and replicas annotations', () => {
    expect(rs?.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'kubectl create',
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    })
  })

  it('records the scale-up and writes revision and NewReplicaSetCreated through /status', () => {
    expect(r.commands[0]?.record).toEqual({
      type: 'Normal', reason: 'ScalingReplicaSet', message: `Scaled up replica set web-${hash} from 0 to 4`,
      involved: { kind: 'Deployment', namespace: 'default', name: 'web' },
    })
    expect(verbs(r)).toEqual([`create ReplicaSet/web-${hash}`, 'updateStatus Deployment/web'])
    const written = objectsOf<Deployment>(r, 'updateStatus', 'Deployment')[0]
    expect(written?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1')
    expect(writtenStatus(r).conditions?.[0]).toMatchObject({ type: 'Progressing', reason: 'NewReplicaSetCreated', message: `Created new replica set "web-${hash}"` })
  })
})

describe('a hash collision', () => {
  const first = givenObjects(aDeploymentWith('web', 1))
  const d = stored<Deployment>(first, 'Deployment', 'web')
  const hash = computeHash(d.spec.template, undefined)
  const squatter = aReplicaSet(`web-${hash}`, 0, { labels: { app: 'other' }, image: 'busybox' })
  const s = givenObjects(aDeploymentWith('web', 1), squatter)

  it('bumps status.collisionCount and creates nothing', () => {
    const r = reconcileD(s)
    expect(objectsOf(r, 'create', 'ReplicaSet')).toEqual([])
    expect(writtenStatus(r).collisionCount).toBe(1)
  })

  it('then creates the set under the hash of the new collisionCount', () => {
    const next = appliedAll(s, reconcileD(s).commands)
    const [rs] = objectsOf<KObject>(reconcileD(next), 'create', 'ReplicaSet')
    expect(rs?.metadata.name).toBe(`web-${computeHash(d.spec.template, 1)}`)
  })
})

describe('an existing new ReplicaSet', () => {
  it('adopts a matching orphan instead of creating one', () => {
    const s = givenObjects(aDeploymentWith('web', 2), { ...anOwnedReplicaSet('web', 2, { revision: 1 }), metadata: { ...anOwnedReplicaSet('web', 2).metadata, ownerReferences: [] } })
    const r = reconcileD(s)
    expect(verbs(r)[0]).toBe('update ReplicaSet/web-hnginx125')
    expect(objectsOf<ReplicaSet>(r, 'update', 'ReplicaSet')[0]?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true })
    expect(objectsOf(r, 'create', 'ReplicaSet')).toEqual([])
  })

  it('syncs the deployment revision to the set; FoundNewReplicaSet gives way to ReplicaSetUpdated on progress', () => {
    const s = givenObjects(aDeploymentWith('web', 2), anOwnedReplicaSet('web', 2, { revision: 3, available: 0 }))
    const r = reconcileD(s)
    expect(verbs(r)).toEqual(['updateStatus Deployment/web'])
    expect(objectsOf<Deployment>(r, 'updateStatus', 'Deployment')[0]?.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '3' })
    expect(writtenStatus(r).conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-hnginx125" is progressing.',
    })
  })
})
