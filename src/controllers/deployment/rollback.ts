import type { Deployment, ReplicaSet } from '../../model/workloads.js'
import type { ClusterState } from '../../state/clusterState.js'
import type { RecordedEvent } from '../controller.js'
import { syncReplicaSetsAndRevision } from './newReplicaSet.js'
import type { Pass } from './pass.js'
import { ANNOTATIONS_TO_SKIP, lastRevision, parseIntStrict, revisionOf, ROLLBACK_TO_ANNOTATION } from './replicaSets.js'
import { equalIgnoreHash, withoutHashLabel } from './templateHash.js'

/** `getRollbackTo`: the revision of the legacy `deprecated.deployment.rollback.to` annotation, if it parses. */
export const rollbackTo = (d: Deployment): number | undefined => {
  const v = d.metadata.annotations?.[ROLLBACK_TO_ANNOTATION]
  return v === undefined || v === '' ? undefined : parseIntStrict(v)
}

const withoutRollbackTo = (annotations: Readonly<Record<string, string>>): Record<string, string> => {
  const { [ROLLBACK_TO_ANNOTATION]: _r, ...rest } = annotations
  return rest
}

/**
 * `rollbackToTemplate` + `SetDeploymentAnnotationsTo`: the deployment with the set's template (hash label
 * removed) and the set's annotations, keeping only the skip-list keys of its own.
 */
const rolledBack = (d: Deployment, rs: ReplicaSet): Deployment => {
  const annotations: Record<string, string> = {}
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v
  const template = rs.spec.template === undefined ? d.spec.template : withoutHashLabel(rs.spec.template)
  return { ...d, metadata: { ...d.metadata, annotations }, spec: { ...d.spec, template } }
}

/**
 * The legacy controller-side rollback (workloads.md §8.3): copy the template of the set with the
 * requested revision (0 = the previous one) into the deployment and clear the annotation, with
 * `DeploymentRollback` or a Warning (`DeploymentRollbackRevisionNotFound`,
 * `DeploymentRollbackTemplateUnchanged`) recorded on the deployment.
 */
export const rollback = (pass: Pass, s: ClusterState, rsList: readonly ReplicaSet[], revision: number): void => {
  const synced = syncReplicaSetsAndRevision(pass, s, rsList, true)
  if (synced.collision) return
  const allRSs = synced.newRS !== undefined ? [...synced.oldRSs, synced.newRS] : synced.oldRSs
  const d = pass.d
  const name = d.metadata.name ?? ''
  const event = (type: 'Normal' | 'Warning', reason: string, message: string): RecordedEvent => ({ type, reason, message, involved: pass.involved })
  const clear = (o: Deployment, record: RecordedEvent): void => {
    pass.specUpdate = { object: { ...o, metadata: { ...o.metadata, annotations: withoutRollbackTo(o.metadata.annotations ?? {}) } }, record }
  }
  const target = revision === 0 ? lastRevision(allRSs) : revision
  if (target === 0) return clear(d, event('Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find last revision.'))
  const rs = allRSs.find((x) => revisionOf(x) === target)
  if (rs === undefined) return clear(d, event('Warning', 'DeploymentRollbackRevisionNotFound', 'Unable to find the revision to rollback to.'))
  if (equalIgnoreHash(d.spec.template, rs.spec.template))
    return clear(d, event('Warning', 'DeploymentRollbackTemplateUnchanged', `The rollback revision contains the same template as current deployment "${name}"`))
  clear(rolledBack(d, rs), event('Normal', 'DeploymentRollback', `Rolled back deployment "${name}" to revision ${target}`))
}
