import { describe, expect, it } from 'vitest'
import { nodeShouldRunDaemonPod } from '../../../../src/controllers/daemonSet/nodeShouldRun.js'
import type { Node, Taint } from '../../../../src/model/cluster.js'
import { aDaemonSet, type DaemonSetOptions } from './given.js'

const node = (opts: { labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean } = {}): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1', ...(opts.labels ?? {}) } },
  spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
})

const affinityTo = (zone: string) => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: [zone] }] }] } },
})

const cases: { name: string; ds: DaemonSetOptions; node: Node; run: boolean; stay: boolean }[] = [
  { name: 'a plain node', ds: {}, node: node(), run: true, stay: true },
  { name: 'nodeSelector matches', ds: { nodeSelector: { disk: 'ssd' } }, node: node({ labels: { disk: 'ssd' } }), run: true, stay: true },
  { name: 'nodeSelector does not match', ds: { nodeSelector: { disk: 'ssd' } }, node: node({ labels: { disk: 'hdd' } }), run: false, stay: false },
  { name: 'required affinity matches', ds: { affinity: affinityTo('a') }, node: node({ labels: { zone: 'a' } }), run: true, stay: true },
  { name: 'required affinity does not match', ds: { affinity: affinityTo('a') }, node: node({ labels: { zone: 'b' } }), run: false, stay: false },
  { name: 'template nodeName names another node', ds: { nodeName: 'node-9' }, node: node(), run: false, stay: false },
  { name: 'template nodeName names this node', ds: { nodeName: 'node-1' }, node: node(), run: true, stay: true },
  { name: 'untolerated NoSchedule taint', ds: {}, node: node({ taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }), run: false, stay: true },
  { name: 'untolerated NoExecute taint', ds: {}, node: node({ taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }] }), run: false, stay: false },
  { name: 'PreferNoSchedule taint only', ds: {}, node: node({ taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }), run: true, stay: true },
  {
    name: 'NoExecute taint tolerated by the template',
    ds: { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute' }] },
    node: node({ taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }] }),
    run: true,
    stay: true,
  },
  { name: 'not-ready NoSchedule (a NotReady node)', ds: {}, node: node({ taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] }), run: false, stay: true },
  { name: 'not-ready NoExecute (tolerated forever)', ds: {}, node: node({ taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }), run: true, stay: true },
  { name: 'unreachable NoExecute (tolerated forever)', ds: {}, node: node({ taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }), run: true, stay: true },
  { name: 'memory-pressure NoSchedule', ds: {}, node: node({ taints: [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }] }), run: true, stay: true },
  { name: 'network-unavailable without hostNetwork', ds: {}, node: node({ taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }), run: false, stay: true },
  {
    name: 'cordoned (unschedulable + its taint)',
    ds: {},
    node: node({ unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }),
    run: true,
    stay: true,
  },
]

describe('nodeShouldRunDaemonPod', () => {
  it.each(cases)('$name → shouldRun $run, shouldContinueRunning $stay', ({ ds, node: n, run, stay }) => {
    expect(nodeShouldRunDaemonPod(n, aDaemonSet('agent', ds))).toEqual({ shouldRun: run, shouldContinueRunning: stay })
  })
})
