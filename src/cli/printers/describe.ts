import type { KObject } from '../../model/meta.js'
import type { ClusterState } from '../../state/clusterState.js'
import { describeNode } from './describeNode.js'
import { describePod } from './describePod.js'
import { describeDeployment, describeReplicaSet, describeReplicationController } from './describeWorkloads.js'
import { DescribeWriter, selectEventsFor, writeAnnotations, writeEvents, writeLabels } from './describeWriter.js'

type Describer = (obj: KObject, state: ClusterState, nowMs: number) => string

const DESCRIBERS: Readonly<Record<string, Describer>> = {
  Pod: describePod,
  Deployment: describeDeployment,
  ReplicaSet: describeReplicaSet,
  ReplicationController: describeReplicationController,
  Node: describeNode,
}

/**
 * What `kubectl describe` prints for one object: the kind's own page for Pod, Deployment, ReplicaSet,
 * ReplicationController and Node, otherwise kubectl's generic page (metadata, then every other field).
 * Events come from `state` (core/v1 Events whose involvedObject.uid is the object's). Ends with a newline.
 */
export const describeObject = (obj: KObject, state: ClusterState, nowMs: number): string =>
  (DESCRIBERS[obj.kind] ?? describeGeneric)(obj, state, nowMs)

// ---- generic

/** Acronyms kubectl's `smartLabelFor` keeps upper-case. */
const ACRONYMS = new Set(['api', 'cidr', 'cpu', 'dns', 'http', 'https', 'id', 'ip', 'ips', 'json', 'os', 'tls', 'uid', 'url', 'uuid'])

/** `smartLabelFor`: `apiVersion` → `API Version`, `clusterIP` → `Cluster IP`. */
const labelFor = (key: string): string =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((w) => w !== '')
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ')

const isScalar = (v: unknown): boolean => v === null || typeof v !== 'object'

const scalarText = (v: unknown): string => (v === null ? '<nil>' : String(v))

/** `printUnstructuredContent`: nested maps indent by one level, scalars print as `Key:\tvalue`. */
const writeValue = (w: DescribeWriter, level: number, label: string, value: unknown): void => {
  if (isScalar(value)) {
    w.line(level, `${label}:\t${scalarText(value)}`)
    return
  }
  w.line(level, `${label}:`)
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isScalar(item)) w.line(level + 1, scalarText(item))
      else writeFields(w, level + 1, item as Record<string, unknown>)
    }
    return
  }
  writeFields(w, level + 1, value as Record<string, unknown>)
}

const writeFields = (w: DescribeWriter, level: number, fields: Readonly<Record<string, unknown>>): void => {
  for (const key of Object.keys(fields).sort()) writeValue(w, level, labelFor(key), fields[key])
}

/** kubectl's generic describer: metadata summary, then every top-level field but metadata, sorted. */
const describeGeneric: Describer = (obj, state, nowMs) => {
  const w = new DescribeWriter()
  w.line(0, `Name:\t${obj.metadata.name ?? ''}`)
  if (obj.metadata.namespace !== undefined) w.line(0, `Namespace:\t${obj.metadata.namespace}`)
  writeLabels(w, 'Labels', obj.metadata.labels)
  writeAnnotations(w, 'Annotations', obj.metadata.annotations)
  const { metadata: _metadata, ...rest } = obj
  writeFields(w, 0, rest)
  writeEvents(w, selectEventsFor(state, obj), nowMs)
  return w.render()
}
