import * as t from 'io-ts'
import { ObjectMeta } from './meta.js'

export const Namespace = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Namespace'), metadata: ObjectMeta }),
  t.partial({ spec: t.partial({ finalizers: t.array(t.string) }), status: t.partial({ phase: t.string }) }),
])
export type Namespace = t.TypeOf<typeof Namespace>

export const Taint = t.intersection([t.type({ key: t.string, effect: t.string }), t.partial({ value: t.string, timeAdded: t.string })])
export type Taint = t.TypeOf<typeof Taint>

export const Node = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Node'), metadata: ObjectMeta }),
  t.partial({
    spec: t.partial({ unschedulable: t.boolean, taints: t.array(Taint), podCIDR: t.string }),
    status: t.partial({
      capacity: t.record(t.string, t.string),
      allocatable: t.record(t.string, t.string),
      conditions: t.array(t.UnknownRecord),
      addresses: t.array(t.type({ type: t.string, address: t.string })),
      nodeInfo: t.UnknownRecord,
    }),
  }),
])
export type Node = t.TypeOf<typeof Node>

/** The shape of one simulated node, as a scenario or `--nodes` describes it. */
export const NodeShape = t.intersection([
  t.type({ name: t.string }),
  t.partial({ cpu: t.string, memory: t.string, pods: t.number, labels: t.record(t.string, t.string), taints: t.array(Taint) }),
])
export type NodeShape = t.TypeOf<typeof NodeShape>

/** Reel's default node: 4 CPU, 16 GiB, 110 pods. */
export const defaultNodeShapes = (count: number): NodeShape[] =>
  Array.from({ length: count }, (_, i) => ({ name: `node-${i + 1}`, cpu: '4', memory: '16Gi', pods: 110 }))
