import { describe, expect, it } from 'vitest'
import type { Deployment } from '../../../../src/model/workloads.js'
import { givenObjects } from '../../../support/builders.js'
import { aDeploymentWith, anOwnedReplicaSet, objectsOf, reconcileD } from './builders.js'

const ROLLBACK_TO = 'deprecated.deployment.rollback.to'

const withRollbackTo = (revision: string) =>
  aDeploymentWith('web', 2, { annotations: { [ROLLBACK_TO]: revision, 'deployment.kubernetes.io/revision': '2' } })

describe('the legacy rollback annotation (workloads.md §8.3)', () => {
  it('copies the template and annotations of the requested revision and clears the annotation', () => {
    const s = givenObjects(
      withRollbackTo('1'),
      anOwnedReplicaSet('web', 0, { image: 'nginx:1.0', revision: 1, annotations: { 'kubernetes.io/change-cause': 'v1' } }),
      anOwnedReplicaSet('web', 2, { revision: 2 }),
    )
    const r = reconcileD(s)
    const [updated] = objectsOf<Deployment>(r, 'update', 'Deployment')
    expect(updated?.spec.template.spec.containers[0]?.image).toBe('nginx:1.0')
    expect(updated?.spec.template.metadata?.labels).toEqual({ app: 'web' })
    expect(updated?.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2', 'kubernetes.io/change-cause': 'v1' })
    expect(r.commands.at(-1)?.record).toMatchObject({ type: 'Normal', reason: 'DeploymentRollback', message: 'Rolled back deployment "web" to revision 1' })
  })

  it('rolls back to the previous revision for 0, and warns when there is none', () => {
    const two = givenObjects(withRollbackTo('0'), anOwnedReplicaSet('web', 0, { image: 'a', revision: 1 }), anOwnedReplicaSet('web', 2, { revision: 2 }))
    expect(objectsOf<Deployment>(reconcileD(two), 'update', 'Deployment')[0]?.spec.template.spec.containers[0]?.image).toBe('a')
    const one = givenObjects(withRollbackTo('0'), anOwnedReplicaSet('web', 2, { revision: 2 }))
    const r = reconcileD(one)
    expect(r.commands.at(-1)?.record).toMatchObject({ type: 'Warning', reason: 'DeploymentRollbackRevisionNotFound', message: 'Unable to find last revision.' })
    expect(objectsOf<Deployment>(r, 'update', 'Deployment')[0]?.metadata.annotations?.[ROLLBACK_TO]).toBeUndefined()
  })

  it('warns when the revision is unknown or its template is the current one', () => {
    const unknown = givenObjects(withRollbackTo('7'), anOwnedReplicaSet('web', 2, { revision: 2 }))
    expect(reconcileD(unknown).commands.at(-1)?.record?.message).toBe('Unable to find the revision to rollback to.')
    const same = givenObjects(withRollbackTo('2'), anOwnedReplicaSet('web', 2, { revision: 2 }))
    expect(reconcileD(same).commands.at(-1)?.record).toMatchObject({
      type: 'Warning', reason: 'DeploymentRollbackTemplateUnchanged', message: 'The rollback revision contains the same template as current deployment "web"',
    })
  })
})
