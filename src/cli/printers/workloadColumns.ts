import type { KObject } from '../../model/meta.js'
import { type KindPrinter, ageOf, containerCells, formatLabels, labelSelectorCell, num, ratio, rec, strMap } from './cells.js'

// Mirrors kubernetes pkg/printers/internalversion printDeployment, printReplicaSet,
// printReplicationController, printStatefulSet and printDaemonSet.

const spec = (o: KObject) => rec(o.spec)
const status = (o: KObject) => rec(o.status)
const name = (o: KObject): string => o.metadata.name ?? ''

/** The wide tail most workloads share: CONTAINERS, IMAGES, SELECTOR. */
const wideTail = (o: KObject, selector: string): string[] => [...containerCells(spec(o).template), selector]

/** `kubectl get deployments`. */
export const deploymentPrinter: KindPrinter = {
  columns: (wide) => [
    'NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE',
    ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : []),
  ],
  row: (o, nowMs, wide) => {
    const st = status(o)
    const base = [
      name(o),
      ratio(num(st.readyReplicas), num(spec(o).replicas)),
      String(num(st.updatedReplicas)),
      String(num(st.availableReplicas)),
      ageOf(o, nowMs),
    ]
    return wide ? [...base, ...wideTail(o, labelSelectorCell(spec(o).selector))] : base
  },
}

/** The DESIRED CURRENT READY row shared by ReplicaSet and ReplicationController. */
const replicaRow = (o: KObject, nowMs: number): string[] => [
  name(o),
  String(num(spec(o).replicas)),
  String(num(status(o).replicas)),
  String(num(status(o).readyReplicas)),
  ageOf(o, nowMs),
]

const replicaColumns = (wide: boolean): string[] => [
  'NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE',
  ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : []),
]

/** `kubectl get replicasets`. */
export const replicaSetPrinter: KindPrinter = {
  columns: replicaColumns,
  row: (o, nowMs, wide) =>
    wide ? [...replicaRow(o, nowMs), ...wideTail(o, labelSelectorCell(spec(o).selector))] : replicaRow(o, nowMs),
}

/** `kubectl get replicationcontrollers`: the selector is an equality map. */
export const replicationControllerPrinter: KindPrinter = {
  columns: replicaColumns,
  row: (o, nowMs, wide) =>
    wide
      ? [...replicaRow(o, nowMs), ...wideTail(o, formatLabels(strMap(spec(o).selector)))]
      : replicaRow(o, nowMs),
}

/** `kubectl get statefulsets`: NAME READY AGE (wide adds CONTAINERS IMAGES). */
export const statefulSetPrinter: KindPrinter = {
  columns: (wide) => ['NAME', 'READY', 'AGE', ...(wide ? ['CONTAINERS', 'IMAGES'] : [])],
  row: (o, nowMs, wide) => {
    const base = [name(o), ratio(num(status(o).readyReplicas), num(spec(o).replicas)), ageOf(o, nowMs)]
    return wide ? [...base, ...containerCells(spec(o).template)] : base
  },
}

/** `kubectl get daemonsets`. */
export const daemonSetPrinter: KindPrinter = {
  columns: (wide) => [
    'NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE',
    ...(wide ? ['CONTAINERS', 'IMAGES', 'SELECTOR'] : []),
  ],
  row: (o, nowMs, wide) => {
    const st = status(o)
    const nodeSelector = strMap(rec(rec(spec(o).template).spec).nodeSelector)
    const base = [
      name(o),
      String(num(st.desiredNumberScheduled)),
      String(num(st.currentNumberScheduled)),
      String(num(st.numberReady)),
      String(num(st.updatedNumberScheduled)),
      String(num(st.numberAvailable)),
      formatLabels(nodeSelector),
      ageOf(o, nowMs),
    ]
    return wide ? [...base, ...wideTail(o, labelSelectorCell(spec(o).selector))] : base
  },
}
