import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import { type LabelSelector, fromLabelSelector, selectorToString } from '../../model/selector.js'
import { type ClusterState, selectOwnedBy } from '../../state/clusterState.js'
import { formatLabels, num, rec, str, strMap } from './cells.js'
import { writePodTemplate } from './describeContainers.js'
import {
  DescribeWriter,
  controlledBy,
  formatRFC1123Z,
  intOrString,
  selectEventsFor,
  writeAnnotations,
  writeEvents,
  writeLabels,
  writeWorkloadConditions,
} from './describeWriter.js'

// Mirrors kubectl pkg/describe describeDeployment, describeReplicaSet and describeReplicationController.

const HASH_LABEL = 'pod-template-hash'

/** `metav1.LabelSelectorAsSelector(...).String()`; an invalid selector prints as its error text. */
const selectorText = (sel: unknown): string => {
  const parsed = fromLabelSelector(sel as LabelSelector | undefined)
  return typeof parsed === 'string' ? parsed : selectorToString(parsed)
}

/** Objects of `kind` whose controller ownerReference names `owner`, sorted by name (the API list order). */
const selectControlled = (state: ClusterState, owner: KObject, kind: string): KObject[] => {
  const uid = owner.metadata.uid ?? ''
  return selectOwnedBy(state, uid)
    .filter((o) => o.kind === kind && o.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === uid))
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))
}

/** A pod template without the label the deployment controller adds, for `EqualIgnoreHash`. */
const withoutHash = (template: unknown): unknown => {
  const t = rec(template)
  const meta = rec(t.metadata)
  const labels = { ...strMap(meta.labels) }
  delete labels[HASH_LABEL]
  return { ...t, metadata: { ...meta, labels } }
}

/** `FindNewReplicaSet`: the oldest owned RS whose template equals the deployment's, ignoring the hash. */
const findNewReplicaSet = (deployment: KObject, owned: readonly KObject[]): KObject | undefined => {
  const want = withoutHash(rec(deployment.spec).template)
  return [...owned]
    .sort((a, b) => str(a.metadata.creationTimestamp).localeCompare(str(b.metadata.creationTimestamp)))
    .find((rs) => deepEqual(withoutHash(rec(rs.spec).template), want))
}

/** `printReplicaSetsByLabels`: `web-abc (3/3 replicas created), …`, or `<none>`. */
const replicaSetsCell = (sets: readonly KObject[]): string =>
  sets.length === 0
    ? '<none>'
    : sets.map((rs) => `${rs.metadata.name ?? ''} (${num(rec(rs.status).replicas)}/${num(rec(rs.spec).replicas)} replicas created)`).join(', ')

const writeHeader = (w: DescribeWriter, o: KObject): void => {
  w.line(0, `Name:\t${o.metadata.name ?? ''}`).line(0, `Namespace:\t${o.metadata.namespace ?? ''}`)
}

/** `kubectl describe deployment`. */
export const describeDeployment = (d: KObject, state: ClusterState, nowMs: number): string => {
  const w = new DescribeWriter()
  const spec = rec(d.spec)
  const status = rec(d.status)
  const strategy = rec(spec.strategy)
  writeHeader(w, d)
  w.line(0, `CreationTimestamp:\t${formatRFC1123Z(d.metadata.creationTimestamp)}`)
  writeLabels(w, 'Labels', d.metadata.labels)
  writeAnnotations(w, 'Annotations', d.metadata.annotations)
  w.line(0, `Selector:\t${selectorText(spec.selector)}`)
  w.line(
    0,
    `Replicas:\t${num(spec.replicas)} desired | ${num(status.updatedReplicas)} updated | ${num(status.replicas)} total | ` +
      `${num(status.availableReplicas)} available | ${num(status.unavailableReplicas)} unavailable`,
  )
  w.line(0, `StrategyType:\t${str(strategy.type)}`).line(0, `MinReadySeconds:\t${num(spec.minReadySeconds)}`)
  if (strategy.rollingUpdate !== undefined) {
    const ru = rec(strategy.rollingUpdate)
    w.line(0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge`)
  }
  writePodTemplate(w, spec.template)
  writeWorkloadConditions(w, d.status)
  const owned = selectControlled(state, d, 'ReplicaSet')
  const newRS = findNewReplicaSet(d, owned)
  if (owned.length > 0) {
    w.line(0, `OldReplicaSets:\t${replicaSetsCell(owned.filter((rs) => rs !== newRS))}`)
    w.line(0, `NewReplicaSet:\t${replicaSetsCell(newRS ? [newRS] : [])}`)
  }
  writeEvents(w, selectEventsFor(state, d), nowMs)
  return w.render()
}

/** `getPodStatusForController`: pods the controller owns, counted by phase. */
const podsStatusLine = (state: ClusterState, owner: KObject): string => {
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 }
  for (const pod of selectControlled(state, owner, 'Pod')) {
    const phase = str(rec(pod.status).phase)
    if (phase in counts) counts[phase as keyof typeof counts]++
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`
}

/** The part of describe ReplicaSet and ReplicationController after the selector and metadata. */
const writeReplicaBody = (w: DescribeWriter, o: KObject, state: ClusterState, nowMs: number): string => {
  w.line(0, `Replicas:\t${num(rec(o.status).replicas)} current / ${num(rec(o.spec).replicas)} desired`)
  w.line(0, `Pods Status:\t${podsStatusLine(state, o)}`)
  writePodTemplate(w, rec(o.spec).template)
  writeWorkloadConditions(w, o.status)
  writeEvents(w, selectEventsFor(state, o), nowMs)
  return w.render()
}

/** `kubectl describe replicaset`. */
export const describeReplicaSet = (rs: KObject, state: ClusterState, nowMs: number): string => {
  const w = new DescribeWriter()
  writeHeader(w, rs)
  // metav1.FormatLabelSelector prints an empty selector as <none>.
  w.line(0, `Selector:\t${selectorText(rec(rs.spec).selector) || '<none>'}`)
  writeLabels(w, 'Labels', rs.metadata.labels)
  writeAnnotations(w, 'Annotations', rs.metadata.annotations)
  const owner = controlledBy(rs)
  if (owner !== undefined) w.line(0, `Controlled By:\t${owner}`)
  return writeReplicaBody(w, rs, state, nowMs)
}

/** `kubectl describe replicationcontroller`. */
export const describeReplicationController = (rc: KObject, state: ClusterState, nowMs: number): string => {
  const w = new DescribeWriter()
  writeHeader(w, rc)
  w.line(0, `Selector:\t${formatLabels(strMap(rec(rc.spec).selector))}`)
  writeLabels(w, 'Labels', rc.metadata.labels)
  writeAnnotations(w, 'Annotations', rc.metadata.annotations)
  return writeReplicaBody(w, rc, state, nowMs)
}
