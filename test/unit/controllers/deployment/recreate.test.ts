import { describe, expect, it } from 'vitest'
import { givenObjects, aPod, applied, stored } from '../../../support/builders.js'
import type { ClusterState } from '../../../../src/state/clusterState.js'
import { aDeploymentWith, anOwnedReplicaSet, convergedWorld, objectsOf, readyAllPods, reconcileD, scalingMessages, setImage, setsOf, verbs } from './builders.js'
import type { ReplicaSet } from '../../../../src/model/workloads.js'

const OLD = { image: 'nginx:1.0', revision: 1 }
const oldPod = (name: string, phase: 'Running' | 'Succeeded' | 'Failed') =>
  aPod(name, { owner: 'web-hnginx10', labels: { app: 'web', 'pod-template-hash': 'hnginx10' }, nodeName: 'node-1', phase })

const recreate = (replicas = 3) => aDeploymentWith('web', replicas, { strategy: 'Recreate' })

describe('Recreate (workloads.md §6)', () => {
  it('first scales every active old set to 0, and creates nothing', () => {
    const s = givenObjects(recreate(), anOwnedReplicaSet('web', 3, OLD))
    const r = reconcileD(s)
    expect(scalingMessages(r)).toEqual(['Scaled down replica set web-hnginx10 from 3 to 0'])
    expect(objectsOf(r, 'create', 'ReplicaSet')).toEqual([])
  })

  it('waits while old sets still report replicas', () => {
    const s = givenObjects(recreate(), anOwnedReplicaSet('web', 0, { ...OLD, statusReplicas: 2 }))
    expect(verbs(reconcileD(s))).toEqual(['updateStatus Deployment/web'])
  })

  it('waits for a terminating old pod: it still blocks until it is gone', () => {
    let s: ClusterState = givenObjects(recreate(), anOwnedReplicaSet('web', 0, { ...OLD, statusReplicas: 0 }), oldPod('old-1', 'Running'))
    s = applied(s, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'old-1' } })
    expect(stored(s, 'Pod', 'old-1').metadata.deletionTimestamp).toBeDefined()
    expect(objectsOf(reconcileD(s), 'create', 'ReplicaSet')).toEqual([])
  })

  it('once old pods are gone (Succeeded and Failed do not block), creates the new set at full size', () => {
    const s = givenObjects(
      recreate(),
      anOwnedReplicaSet('web', 0, { ...OLD, statusReplicas: 0 }),
      oldPod('done-1', 'Succeeded'),
      oldPod('done-2', 'Failed'),
    )
    const r = reconcileD(s)
    const [created] = objectsOf<ReplicaSet>(r, 'create', 'ReplicaSet')
    expect(created?.spec.replicas).toBe(3)
    expect(created?.metadata.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '2',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '3',
    })
    expect(scalingMessages(r)).toEqual([`Scaled up replica set ${created?.metadata.name ?? ''} from 0 to 3`])
  })

  it('in a running cluster, ends with the old set at 0 and the new one at full size, revision 2', () => {
    let w = convergedWorld(recreate())
    const [first] = setsOf(w.state)
    w = readyAllPods(setImage(w, 'nginx:2'))
    const sizes = Object.fromEntries(setsOf(w.state).map((rs) => [rs.metadata.name, rs.spec.replicas]))
    expect(Object.keys(sizes)).toHaveLength(2)
    expect(sizes[first?.metadata.name ?? '']).toBe(0)
    expect(Object.values(sizes).sort()).toEqual([0, 3])
    expect(stored(w.state, 'Deployment', 'web').metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2')
  })
})
