import type { KObject } from '../../model/meta.js'
import { resourceForKind } from '../../model/resources.js'
import { cronJobPrinter, horizontalPodAutoscalerPrinter, jobPrinter } from './batchColumns.js'
import type { KindPrinter } from './cells.js'
import {
  defaultPrinter,
  endpointsPrinter,
  eventPrinter,
  namespacePrinter,
  nodePrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  servicePrinter,
  storageClassPrinter,
} from './clusterColumns.js'
import {
  configMapPrinter,
  controllerRevisionPrinter,
  endpointSlicePrinter,
  leasePrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './configColumns.js'
import { podPrinter } from './podColumns.js'
import { GET_TABS, tabwrite } from './tabwriter.js'
import {
  daemonSetPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workloadColumns.js'

// ---- registry

const PRINTERS: Readonly<Record<string, KindPrinter>> = {
  Pod: podPrinter,
  Endpoints: endpointsPrinter,
  Deployment: deploymentPrinter,
  ReplicaSet: replicaSetPrinter,
  ReplicationController: replicationControllerPrinter,
  StatefulSet: statefulSetPrinter,
  DaemonSet: daemonSetPrinter,
  Node: nodePrinter,
  Namespace: namespacePrinter,
  Service: servicePrinter,
  Event: eventPrinter,
  PersistentVolumeClaim: persistentVolumeClaimPrinter,
  PersistentVolume: persistentVolumePrinter,
  StorageClass: storageClassPrinter,
  Job: jobPrinter,
  CronJob: cronJobPrinter,
  HorizontalPodAutoscaler: horizontalPodAutoscalerPrinter,
  ConfigMap: configMapPrinter,
  Secret: secretPrinter,
  ServiceAccount: serviceAccountPrinter,
  ControllerRevision: controllerRevisionPrinter,
  EndpointSlice: endpointSlicePrinter,
  Lease: leasePrinter,
}

const printerFor = (kind: string): KindPrinter => PRINTERS[kind] ?? defaultPrinter

/** The `kubectl get` header of a kind (upper-case, as kubectl prints it); wide adds the priority-1 columns. */
export const columnsFor = (kind: string, wide: boolean): readonly string[] => printerFor(kind).columns(wide)

/** One `kubectl get` row of an object, cell for cell under {@link columnsFor}. */
export const rowFor = (obj: KObject, nowMs: number, wide: boolean): readonly string[] =>
  printerFor(obj.kind).row(obj, nowMs, wide)

// ---- tables

/**
 * A table laid out as kubectl get lays it out (Go tabwriter, min width 6, padding 3): every column but
 * the last padded to its widest cell plus 3 spaces. Ends with a newline; lines carry no trailing spaces.
 */
export const printTable = (rows: readonly (readonly string[])[], headers: readonly string[]): string => {
  const text = [headers, ...rows].map((cells) => cells.map(sanitizeCell).join('\t')).join('\n') + '\n'
  return tabwrite(text, GET_TABS)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
}

/** A tab or newline inside a cell would break the layout; kubectl's printer flattens them too. */
const sanitizeCell = (cell: string): string => cell.replace(/[\t\n\f]/g, ' ')

// ---- kubectl get

/** What `kubectl get` was asked for, beyond the objects themselves. */
export interface GetOptions {
  /** Virtual now, for the AGE columns. */
  readonly nowMs: number
  /** `-o wide`. */
  readonly wide: boolean
  /** `-A`: adds a NAMESPACE column to namespaced kinds. */
  readonly allNamespaces: boolean
  /** Several resource types were asked for (`get all`, `get deploy,rs`): names print as `deployment.apps/web`. */
  readonly showKind: boolean
  /** The namespace named in the empty-result message; `default` when absent. */
  readonly namespace?: string
}

/** kubectl's message when nothing matched (it goes to stderr). */
export const noResourcesMessage = (o: Pick<GetOptions, 'allNamespaces' | 'namespace'>): string =>
  o.allNamespaces ? 'No resources found\n' : `No resources found in ${o.namespace ?? 'default'} namespace.\n`

/** `deployment.apps`, or `pod` for the core group: kubectl's `GroupKind.String()` lower-cased. */
const kindPrefix = (kind: string): string => {
  const group = resourceForKind(kind)?.group ?? ''
  return (group === '' ? kind : `${kind}.${group}`).toLowerCase()
}

/** Objects grouped by kind, groups in order of first appearance, objects in the order given. */
const groupByKind = (objects: readonly KObject[]): KObject[][] => {
  const groups = new Map<string, KObject[]>()
  for (const o of objects) {
    const g = groups.get(o.kind)
    if (g) g.push(o)
    else groups.set(o.kind, [o])
  }
  return [...groups.values()]
}

/** One kind's table, with the NAMESPACE column and kind-prefixed names when asked for. */
const printKindTable = (objects: readonly KObject[], o: GetOptions): string => {
  const kind = objects[0]!.kind
  const headers = columnsFor(kind, o.wide)
  const nameAt = headers.indexOf('NAME')
  // kubectl drops NAMESPACE for cluster-scoped kinds even with -A.
  const withNamespace = o.allNamespaces && (resourceForKind(kind)?.namespaced ?? true)
  const prefix = kindPrefix(kind)
  const rows = objects.map((obj) => {
    const cells = [...rowFor(obj, o.nowMs, o.wide)]
    if (o.showKind && nameAt >= 0) cells[nameAt] = `${prefix}/${cells[nameAt] ?? ''}`
    return withNamespace ? [obj.metadata.namespace ?? '', ...cells] : cells
  })
  return printTable(rows, withNamespace ? ['NAMESPACE', ...headers] : headers)
}

/**
 * What `kubectl get` prints for these objects: one table per kind, in order of first appearance,
 * separated by a blank line. Returns {@link noResourcesMessage} when there are no objects; the caller
 * prints that to stderr.
 */
export const printGet = (objects: readonly KObject[], o: GetOptions): string =>
  objects.length === 0
    ? noResourcesMessage(o)
    : groupByKind(objects)
        .map((group) => printKindTable(group, o))
        .join('\n')
