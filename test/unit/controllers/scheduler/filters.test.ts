import { describe, expect, it } from 'vitest'
import {
  filterNodeAffinity,
  filterNodeName,
  filterNodePorts,
  filterNodeResourcesFit,
  filterNodeUnschedulable,
  filterTaintToleration,
  runFilters,
} from '../../../../src/controllers/scheduler/filters.js'
import { hostPortsOf, nodeInfoFor } from '../../../../src/controllers/scheduler/nodeInfo.js'
import { podRequests } from '../../../../src/controllers/scheduler/podRequests.js'
import { toleratesTaint } from '../../../../src/controllers/scheduler/tolerations.js'
import type { Taint } from '../../../../src/model/cluster.js'
import type { Toleration } from '../../../../src/model/pod.js'
import type { KObject } from '../../../../src/model/meta.js'
import { aNode, aPod, asPod, create, nodes, send, storedNode, storedPod, worldWith } from './given.js'

const pod = (shape: Parameters<typeof aPod>[1] = {}) => asPod(aPod('p', shape))

describe('NodeUnschedulable', () => {
  it('passes a schedulable node', () => {
    expect(filterNodeUnschedulable(pod(), aNode('n', { unschedulable: false }))).toBeUndefined()
  })

  it('rejects a cordoned node as unresolvable: "node(s) were unschedulable"', () => {
    expect(filterNodeUnschedulable(pod(), aNode('n', { unschedulable: true }))).toEqual({
      code: 'UnschedulableAndUnresolvable',
      reasons: ['node(s) were unschedulable'],
    })
  })

  it('passes a cordoned node for a pod tolerating node.kubernetes.io/unschedulable:NoSchedule', () => {
    const tolerant = pod({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] })
    expect(filterNodeUnschedulable(tolerant, aNode('n', { unschedulable: true }))).toBeUndefined()
  })
})

describe('NodeName', () => {
  it('passes every node for a pod that names none, and the named node', () => {
    expect(filterNodeName(pod(), aNode('a'))).toBeUndefined()
    expect(filterNodeName(pod({ nodeName: 'a' }), aNode('a'))).toBeUndefined()
  })

  it("rejects other nodes: \"node(s) didn't match the requested node name\"", () => {
    expect(filterNodeName(pod({ nodeName: 'a' }), aNode('b'))?.reasons).toEqual(["node(s) didn't match the requested node name"])
  })
})

describe('toleration matching', () => {
  const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }
  it.each<[string, Toleration, boolean]>([
    ['Equal with key, value and effect', { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, true],
    ['the default operator is Equal', { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'cpu', effect: 'NoSchedule' }, false],
    ['Exists with the key ignores the value', { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, true],
    ['Exists with another key', { key: 'other', operator: 'Exists' }, false],
    ['Exists with an empty key matches every taint', { operator: 'Exists' }, true],
    ['an empty effect matches every effect', { key: 'dedicated', operator: 'Equal', value: 'gpu' }, true],
    ['another effect', { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' }, false],
    ['an unknown operator', { key: 'dedicated', operator: 'Gt', value: 'gpu' }, false],
  ])('%s → %s', (_, toleration, expected) => {
    expect(toleratesTaint(toleration, taint)).toBe(expected)
  })
})

describe('TaintToleration', () => {
  const tainted = aNode('n', {
    taints: [
      { key: 'soft', value: 'x', effect: 'PreferNoSchedule' },
      { key: 'k', value: 'v', effect: 'NoSchedule' },
      { key: 'gone', effect: 'NoExecute' },
    ],
  })

  it('names the first untolerated NoSchedule/NoExecute taint: "node(s) had untolerated taint {k: v}"', () => {
    expect(filterTaintToleration(pod(), tainted)).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {k: v}'] })
  })

  it('prints an empty value for a taint without one', () => {
    const p = pod({ tolerations: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] })
    expect(filterTaintToleration(p, tainted)?.reasons).toEqual(['node(s) had untolerated taint {gone: }'])
  })

  it('ignores PreferNoSchedule taints and passes once the others are tolerated', () => {
    const p = pod({ tolerations: [{ key: 'k', operator: 'Exists' }, { key: 'gone', operator: 'Exists', effect: 'NoExecute' }] })
    expect(filterTaintToleration(p, tainted)).toBeUndefined()
  })

  it('rejects a not-ready node through its taint only', () => {
    const notReady = aNode('n', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] })
    expect(filterTaintToleration(pod(), notReady)?.reasons).toEqual(['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'])
  })
})

describe('NodeAffinity', () => {
  const node = aNode('node-2', { labels: { zone: 'a', disk: 'ssd', cores: '8' } })
  const required = (...terms: unknown[]) => pod({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } })
  const REASON = ["node(s) didn't match Pod's node affinity/selector"]

  it('matches a nodeSelector whose every label is equal, and rejects a missing or different one', () => {
    expect(filterNodeAffinity(pod({ nodeSelector: { zone: 'a', disk: 'ssd' } }), node)).toBeUndefined()
    expect(filterNodeAffinity(pod({ nodeSelector: { zone: 'b' } }), node)?.reasons).toEqual(REASON)
    expect(filterNodeAffinity(pod({ nodeSelector: { gpu: '' } }), node)?.code).toBe('UnschedulableAndUnresolvable')
  })

  it.each<[string, unknown, boolean]>([
    ['In', { key: 'zone', operator: 'In', values: ['a', 'b'] }, true],
    ['In, no value matches', { key: 'zone', operator: 'In', values: ['b'] }, false],
    ['NotIn', { key: 'zone', operator: 'NotIn', values: ['b'] }, true],
    ['NotIn on a missing label', { key: 'gpu', operator: 'NotIn', values: ['x'] }, true],
    ['Exists', { key: 'disk', operator: 'Exists' }, true],
    ['DoesNotExist', { key: 'disk', operator: 'DoesNotExist' }, false],
    ['Gt', { key: 'cores', operator: 'Gt', values: ['4'] }, true],
    ['Gt, not greater', { key: 'cores', operator: 'Gt', values: ['8'] }, false],
    ['Lt', { key: 'cores', operator: 'Lt', values: ['16'] }, true],
    ['Lt on a missing label', { key: 'gpu', operator: 'Lt', values: ['16'] }, false],
  ])('evaluates one %s expression', (_, expr, fits) => {
    expect(filterNodeAffinity(required({ matchExpressions: [expr] }), node) === undefined).toBe(fits)
  })

  it('ANDs the expressions of a term and ORs the terms', () => {
    const zoneB = { key: 'zone', operator: 'In', values: ['b'] }
    const ssd = { key: 'disk', operator: 'In', values: ['ssd'] }
    expect(filterNodeAffinity(required({ matchExpressions: [ssd, zoneB] }), node)?.reasons).toEqual(REASON)
    expect(filterNodeAffinity(required({ matchExpressions: [zoneB] }, { matchExpressions: [ssd] }), node)).toBeUndefined()
  })

  it('matches matchFields metadata.name, and an empty term matches nothing', () => {
    expect(filterNodeAffinity(required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }), node)).toBeUndefined()
    expect(filterNodeAffinity(required({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-2'] }] }), node)?.reasons).toEqual(REASON)
    expect(filterNodeAffinity(required({}), node)?.reasons).toEqual(REASON)
  })

  it('needs both the nodeSelector and the required affinity', () => {
    const both = pod({ nodeSelector: { zone: 'b' }, nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }] } } })
    expect(filterNodeAffinity(both, node)?.reasons).toEqual(REASON)
  })
})

describe('given node-1 running a pod that holds 3 CPU, 8Gi and hostPort 8080', () => {
  const world = create(worldWith(nodes(1, { pods: 2 })), aPod('big', { nodeName: 'node-1', cpu: '3', memory: '8Gi', hostPort: 8080 }))
  const info = nodeInfoFor(world.state, storedNode(world.state, 'node-1'))
  const fit = (shape: Parameters<typeof aPod>[1]) => filterNodeResourcesFit(podRequests(pod(shape)), info)

  it('counts the bound pod in the node info', () => {
    expect(info).toMatchObject({ podCount: 1, requested: { cpu: 3000, memory: 8 * 2 ** 30 }, allocatable: { cpu: 4000, pods: 2 } })
    expect(info.usedPorts).toEqual([{ ip: '0.0.0.0', protocol: 'TCP', port: 8080 }])
  })

  it('fits a pod asking for exactly what is left', () => {
    expect(fit({ cpu: '1', memory: '8Gi' })).toBeUndefined()
  })

  it('rejects with "Insufficient cpu", resolvable by preemption', () => {
    expect(fit({ cpu: '1001m' })).toEqual({ code: 'Unschedulable', reasons: ['Insufficient cpu'] })
  })

  it('lists every insufficient resource, extended ones included', () => {
    expect(fit({ cpu: '2', memory: '9Gi', requests: { 'example.com/gpu': '1' } })?.reasons).toEqual([
      'Insufficient cpu',
      'Insufficient memory',
      'Insufficient example.com/gpu',
    ])
  })

  it('uses the limit as the request when only a limit is given', () => {
    expect(fit({ limits: { cpu: '2' } })?.reasons).toEqual(['Insufficient cpu'])
  })

  it('counts a pod without requests as asking for nothing', () => {
    expect(fit({})).toBeUndefined()
  })

  it('rejects with "Too many pods" once allocatable.pods is reached', () => {
    const full = create(world, aPod('second', { nodeName: 'node-1' }))
    const fullInfo = nodeInfoFor(full.state, storedNode(full.state, 'node-1'))
    expect(filterNodeResourcesFit(podRequests(pod({ cpu: '2' })), fullInfo)?.reasons).toEqual(['Too many pods', 'Insufficient cpu'])
  })

  it('rejects a pod wanting the same hostPort, and passes another port', () => {
    expect(filterNodePorts(hostPortsOf(pod({ hostPort: 8080 })), info)).toEqual({
      code: 'Unschedulable',
      reasons: ["node(s) didn't have free ports for the requested pod ports"],
    })
    expect(filterNodePorts(hostPortsOf(pod({ hostPort: 8081 })), info)).toBeUndefined()
  })

  it('no longer counts the pod once it is terminal', () => {
    const done = send(world, { verb: 'updateStatus', object: { ...storedPod(world.state, 'big'), status: { phase: 'Succeeded' } } as unknown as KObject })
    expect(nodeInfoFor(done.state, storedNode(done.state, 'node-1'))).toMatchObject({ podCount: 0, requested: {}, usedPorts: [] })
  })

  it('still counts it while it is being deleted', () => {
    const deleting = send(world, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'big' } })
    expect(storedPod(deleting.state, 'big').metadata.deletionTimestamp).toBeDefined()
    expect(nodeInfoFor(deleting.state, storedNode(deleting.state, 'node-1')).podCount).toBe(1)
  })
})

describe('runFilters', () => {
  it('stops at the first failing filter, in upstream order', () => {
    const node = aNode('n', { unschedulable: true, taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] })
    const world = worldWith(nodes(1))
    const info = { ...nodeInfoFor(world.state, storedNode(world.state, 'node-1')), node }
    const p = pod({ nodeSelector: { x: 'y' } })
    expect(runFilters({ pod: p, request: {}, hostPorts: [] }, info)?.reasons).toEqual(['node(s) were unschedulable'])
    const uncordoned = { ...info, node: { ...node, spec: { ...node.spec, unschedulable: false } } }
    expect(runFilters({ pod: p, request: {}, hostPorts: [] }, uncordoned)?.reasons).toEqual(['node(s) had untolerated taint {k: v}'])
  })
})
