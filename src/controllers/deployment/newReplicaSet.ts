import { toTimestamp } from '../../kernel/brand.js'
import { controllerRefOf } from '../../model/meta.js'
import type { Deployment, ReplicaSet } from '../../model/workloads.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'
import { deploymentControllerRef } from './claim.js'
import { FOUND_NEW_RS_REASON, getCondition, hasProgressDeadline, NEW_RS_REASON, newCondition, PROGRESSING, setCondition } from './conditions.js'
import { desiredReplicas, maxSurge } from './fenceposts.js'
import type { Pass } from './pass.js'
import {
  ANNOTATIONS_TO_SKIP,
  DESIRED_REPLICAS_ANNOTATION,
  findNewReplicaSet,
  findOldReplicaSets,
  MAX_REPLICAS_ANNOTATION,
  maxRevision,
  parseIntStrict,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
} from './replicaSets.js'
import { newRSNewReplicas } from './sizing.js'
import { computeHash, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL } from './templateHash.js'

/** `maxRevHistoryLengthInChars`: the cap on the revision-history annotation. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000

/** Appends `old` to a comma-separated revision history, dropping the oldest entries past the cap. */
export const appendRevisionHistory = (history: string, old: string, capChars = MAX_REV_HISTORY_LENGTH_IN_CHARS): string => {
  const parts = history.split(',')
  if ((parts[0] ?? '').length === 0) return old
  let total = history.length + old.length + 1
  let start = 0
  while (total > capChars && start < parts.length) {
    total -= (parts[start] ?? '').length + 1
    start++
  }
  return total <= capChars ? [...parts.slice(start), old].join(',') : history
}

/**
 * `SetNewReplicaSetAnnotations` (workloads.md §3.4): copy the deployment's annotations except the skip
 * list, raise the revision to `newRevision` only when larger (appending the old one to the history when
 * it existed: a rollback), and for a set about to be created the desired/max-replicas annotations.
 */
export const setNewReplicaSetAnnotations = (
  d: Deployment,
  rs: ReplicaSet,
  newRevision: string,
  exists: boolean,
): { readonly rs: ReplicaSet; readonly changed: boolean } => {
  const ann: Record<string, string> = { ...(rs.metadata.annotations ?? {}) }
  let changed = false
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || ann[k] === v) continue
    ann[k] = v
    changed = true
  }
  const oldRevision = ann[REVISION_ANNOTATION]
  const parsedOld = parseIntStrict(oldRevision)
  if (parsedOld === undefined && oldRevision !== undefined && oldRevision !== '') return { rs, changed: false }
  const oldInt = parsedOld ?? 0
  const newInt = parseIntStrict(newRevision)
  if (newInt === undefined) return { rs, changed: false }
  if (oldInt < newInt) {
    ann[REVISION_ANNOTATION] = newRevision
    changed = true
    if (oldRevision !== undefined) ann[REVISION_HISTORY_ANNOTATION] = appendRevisionHistory(ann[REVISION_HISTORY_ANNOTATION] ?? '', oldRevision)
  }
  if (!exists) {
    const desired = String(desiredReplicas(d))
    const max = String(desiredReplicas(d) + maxSurge(d))
    if (ann[DESIRED_REPLICAS_ANNOTATION] !== desired || ann[MAX_REPLICAS_ANNOTATION] !== max) changed = true
    ann[DESIRED_REPLICAS_ANNOTATION] = desired
    ann[MAX_REPLICAS_ANNOTATION] = max
  }
  return { rs: { ...rs, metadata: { ...rs.metadata, annotations: ann } }, changed }
}

const withMinReadySeconds = (spec: ReplicaSet['spec'], seconds: number): ReplicaSet['spec'] => {
  const { minReadySeconds: _m, ...rest } = spec
  return seconds === 0 ? rest : { ...rest, minReadySeconds: seconds }
}

/** The set a Deployment would create for its current template: name, labels, selector, template, owner. */
export const replicaSetFor = (d: Deployment, hash: string): ReplicaSet => {
  const template = d.spec.template
  const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash }
  const selector = d.spec.selector ?? {}
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name ?? ''}-${hash}`,
      namespace: d.metadata.namespace ?? 'default',
      labels,
      ownerReferences: [deploymentControllerRef(d)],
    },
    spec: withMinReadySeconds(
      {
        replicas: 0,
        selector: { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } },
        template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
      },
      d.spec.minReadySeconds ?? 0,
    ),
  }
}

/** What `getAllReplicaSetsAndSyncRevision` found: the new set (if any) and all old ones, or a hash collision. */
export type SyncedReplicaSets =
  | { readonly collision: false; readonly newRS: ReplicaSet | undefined; readonly oldRSs: ReplicaSet[] }
  | { readonly collision: true }

const existingNewReplicaSet = (pass: Pass, existing: ReplicaSet, newRevision: string): ReplicaSet => {
  const d = pass.d
  const { rs: copy, changed } = setNewReplicaSetAnnotations(d, existing, newRevision, true)
  const minReady = d.spec.minReadySeconds ?? 0
  // Annotations or minReadySeconds out of date: update the set; the deployment is synced on a later pass.
  if (changed || (copy.spec.minReadySeconds ?? 0) !== minReady)
    return pass.update({ ...copy, spec: withMinReadySeconds(copy.spec, minReady) })
  pass.setRevision(copy.metadata.annotations?.[REVISION_ANNOTATION] ?? '')
  if (hasProgressDeadline(d) && getCondition(pass.status, 'Progressing') === undefined) {
    const msg = `Found new replica set "${copy.metadata.name ?? ''}"`
    pass.status = setCondition(pass.status, newCondition(PROGRESSING, 'True', FOUND_NEW_RS_REASON, msg, pass.nowMs))
  }
  return copy
}

/**
 * `getAllReplicaSetsAndSyncRevision` + `getNewReplicaSet` (workloads.md §3.4): find the new set and sync
 * its annotations and revision (`max(old) + 1`, only ever raised), or create it when asked: named
 * `<deployment>-<hash>`, sized by {@link newRSNewReplicas}, with a `ScalingReplicaSet` event and the
 * `NewReplicaSetCreated` condition. A name taken by another template is a hash collision:
 * `status.collisionCount` goes up and the pass stops (the status write requeues the deployment).
 */
export const syncReplicaSetsAndRevision = (
  pass: Pass,
  s: ClusterState,
  rsList: readonly ReplicaSet[],
  createIfNotExisted: boolean,
): SyncedReplicaSets => {
  const d = pass.d
  const found = findNewReplicaSet(d, rsList)
  const oldRSs = findOldReplicaSets(rsList, found)
  const newRevision = String(maxRevision(oldRSs) + 1)
  if (found !== undefined) return { collision: false, newRS: existingNewReplicaSet(pass, found, newRevision), oldRSs }
  if (!createIfNotExisted) return { collision: false, newRS: undefined, oldRSs }

  const hash = computeHash(d.spec.template, d.status?.collisionCount)
  const draft = replicaSetFor(d, hash)
  const sized: ReplicaSet = { ...draft, spec: { ...draft.spec, replicas: newRSNewReplicas(d, [...oldRSs, draft], draft) } }
  const candidate = setNewReplicaSetAnnotations(d, sized, newRevision, false).rs
  const name = candidate.metadata.name ?? ''
  const clash = getObject<ReplicaSet>(s, 'ReplicaSet', candidate.metadata.namespace, name)
  let created: ReplicaSet
  if (clash !== undefined) {
    if (controllerRefOf(clash)?.uid !== d.metadata.uid || !equalIgnoreHash(clash.spec.template, d.spec.template)) {
      pass.status = { ...pass.status, collisionCount: (pass.status.collisionCount ?? 0) + 1 }
      return { collision: true }
    }
    created = clash
  } else {
    const replicas = candidate.spec.replicas ?? 0
    const record = replicas > 0 ? pass.scalingEvent(`Scaled up replica set ${name} from 0 to ${replicas}`) : undefined
    created = pass.create({ ...candidate, metadata: { ...candidate.metadata, creationTimestamp: toTimestamp(pass.nowMs) } }, record)
  }
  pass.setRevision(newRevision)
  if (clash === undefined && hasProgressDeadline(d))
    pass.status = setCondition(pass.status, newCondition(PROGRESSING, 'True', NEW_RS_REASON, `Created new replica set "${name}"`, pass.nowMs))
  return { collision: false, newRS: created, oldRSs }
}
