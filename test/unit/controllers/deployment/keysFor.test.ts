import { describe, expect, it } from 'vitest'
import { deploymentController } from '../../../../src/controllers/deployment/deploymentController.js'
import type { ObjectEvent } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { ClusterState } from '../../../../src/state/clusterState.js'
import { aPod, aReplicaSet, givenObjects, stored } from '../../../support/builders.js'
import { aDeploymentWith, anOwnedReplicaSet } from './builders.js'

const event = (type: ObjectEvent['type'], object: KObject): ObjectEvent => ({ seq: 999, at: 0, type, v: 1, actor: 'user:test', data: { object } }) as ObjectEvent
/** Deployments adopt by the set's own labels (apps/v1 does not default them from the template). */
const withLabels = (o: KObject, labels: Record<string, string>): KObject => ({ ...o, metadata: { ...o.metadata, labels } })
const keys = (s: ClusterState, type: ObjectEvent['type'], o: KObject) => [...deploymentController.keysFor(event(type, o), s)].sort()

const s = givenObjects(
  aDeploymentWith('web', 2),
  aDeploymentWith('web2', 1, { labels: { app: 'web' } }),
  aDeploymentWith('api', 1),
  aDeploymentWith('old', 1, { strategy: 'Recreate' }),
  anOwnedReplicaSet('web', 2),
  anOwnedReplicaSet('old', 1, { image: 'x' }),
  withLabels(aReplicaSet('orphan', 1, { labels: { app: 'web' } }), { app: 'web' }),
  aPod('p-web', { owner: 'web-hnginx125', labels: { app: 'web', 'pod-template-hash': 'hnginx125' } }),
  aPod('p-old', { owner: 'old-hx', labels: { app: 'old', 'pod-template-hash': 'hx' } }),
)
const orphan = stored(s, 'ReplicaSet', 'orphan')

describe('deployment keysFor (the informer handlers)', () => {
  it('a Deployment event dirties that deployment', () => {
    expect(keys(s, 'object/updated', stored(s, 'Deployment', 'api'))).toEqual(['default/api'])
  })

  it('a ReplicaSet event dirties its controller, found by uid', () => {
    expect(keys(s, 'object/updated', stored(s, 'ReplicaSet', 'web-hnginx125'))).toEqual(['default/web'])
    expect(keys(s, 'object/deleted', stored(s, 'ReplicaSet', 'web-hnginx125'))).toEqual(['default/web'])
  })

  it('a new orphan dirties every deployment whose selector matches its labels', () => {
    expect(keys(s, 'object/created', { ...orphan, metadata: { ...orphan.metadata, name: 'fresh' } })).toEqual(['default/web', 'default/web2'])
  })

  it('an orphan update matters only when its labels change', () => {
    expect(keys(s, 'object/updated', { ...orphan, status: { replicas: 1 } })).toEqual([])
    expect(keys(s, 'object/updated', { ...orphan, metadata: { ...orphan.metadata, labels: { app: 'api' } } })).toEqual(['default/api'])
  })

  it('a set released by its deployment dirties that deployment and the ones now matching it', () => {
    const owned = stored(s, 'ReplicaSet', 'web-hnginx125')
    const released = { ...owned, metadata: { ...owned.metadata, ownerReferences: [] } }
    expect(keys(s, 'object/updated', released)).toEqual(['default/web', 'default/web2'])
  })

  it('a deleted or finished pod dirties its Recreate deployment only', () => {
    const pOld = stored(s, 'Pod', 'p-old')
    expect(keys(s, 'object/deleted', pOld)).toEqual(['default/old'])
    expect(keys(s, 'object/updated', { ...pOld, status: { phase: 'Succeeded' } })).toEqual(['default/old'])
    expect(keys(s, 'object/updated', { ...pOld, status: { phase: 'Running' } })).toEqual([])
    expect(keys(s, 'object/deleted', stored(s, 'Pod', 'p-web'))).toEqual([])
  })

  it('resyncs every deployment', () => {
    expect(deploymentController.resyncKeys(s)).toEqual(['default/api', 'default/old', 'default/web', 'default/web2'])
  })
})
