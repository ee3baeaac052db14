import { describe, expect, it } from 'vitest'
import type { ControllerRevision } from '../../../../src/controllers/daemonSet/daemonSet.js'
import type { Pod } from '../../../../src/model/pod.js'
import { listObjects } from '../../../../src/state/clusterState.js'
import { aDaemonSet, aNode, eventsAbout, livePods, nodes, podsPerNode, reconcileOnce, send, settle, storedDs, worldWith } from './given.js'

const DAEMON_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
]

describe('given three nodes, when a DaemonSet is created and time passes', () => {
  const created = send(worldWith(nodes(3)), { verb: 'create', object: aDaemonSet('agent') })
  const { world } = settle(created)
  const s = world.state
  const pods = livePods(s)
  const revision = listObjects<ControllerRevision>(s, 'ControllerRevision', 'default')

  it('runs exactly one pod per node, bound by the scheduler', () => {
    expect(podsPerNode(s)).toEqual({ 'node-1': 1, 'node-2': 1, 'node-3': 1 })
  })

  it('pins each pod to its node with matchFields metadata.name In [node], never nodeName at creation', () => {
    const pinned = pods.map((p) => {
      const terms = (p.spec.affinity as { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: unknown[] } } })
        .nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms
      return [p.spec.nodeName, terms]
    })
    for (const [node, terms] of pinned) expect(terms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }])
  })

  it('adds the daemon tolerations (NoExecute ones without tolerationSeconds) and no 300 s defaults', () => {
    expect(pods[0]!.spec.tolerations).toEqual(DAEMON_TOLERATIONS)
  })

  it('labels pods with controller-revision-hash (the bare hash) and pod-template-generation', () => {
    const hash = revision[0]!.metadata.labels!['controller-revision-hash']!
    expect(revision.map((r) => [r.metadata.name, r.revision])).toEqual([[`agent-${hash}`, 1]])
    for (const p of pods) expect(p.metadata.labels).toEqual({ app: 'agent', 'controller-revision-hash': hash, 'pod-template-generation': '1' })
    expect(pods[0]!.metadata.name).toMatch(/^agent-[a-z0-9]{5}$/)
  })

  it('stores the template as a $patch: replace revision owned by the set', () => {
    expect(revision[0]!.data).toEqual({ spec: { template: { ...storedDs(s).spec.template, $patch: 'replace' } } })
    expect(revision[0]!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent', controller: true })
  })

  it('reports the counts once every pod is ready', () => {
    expect(storedDs(s).status).toEqual({
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
      numberUnavailable: 0,
    })
  })

  it('records SuccessfulCreate "Created pod: <name>" per pod', () => {
    expect(eventsAbout(s, 'agent').filter((e) => e.startsWith('SuccessfulCreate')).sort()).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name ?? ''}`).sort())
  })

  it('is quiescent: reconciling again issues no command', () => {
    expect(reconcileOnce(s)).toEqual({ commands: [] })
  })
})

describe('given a running DaemonSet on two nodes', () => {
  const base = settle(send(worldWith(nodes(2)), { verb: 'create', object: aDaemonSet('agent') })).world

  it('creates a pod on a node that joins', () => {
    const s = settle(send(base, { verb: 'create', object: aNode('node-3', 2) })).world.state
    expect(podsPerNode(s)).toEqual({ 'node-1': 1, 'node-2': 1, 'node-3': 1 })
    expect(storedDs(s).status?.numberReady).toBe(3)
  })

  it('removes the pod of a node that leaves and counts one node fewer', () => {
    const s = settle(send(base, { verb: 'delete', ref: { kind: 'Node', name: 'node-2' } })).world.state
    expect(listObjects<Pod>(s, 'Pod', 'default').map((p) => p.spec.nodeName)).toEqual(['node-1'])
    expect(storedDs(s).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberAvailable: 1 })
  })

  it('keeps the pod of a cordoned node (unschedulable taint is tolerated) and still fills a cordoned newcomer', () => {
    const cordon = { spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } }
    let w = send(base, { verb: 'patch', ref: { kind: 'Node', name: 'node-1' }, patch: cordon })
    w = send(w, { verb: 'create', object: aNode('node-3', 2, { taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }) })
    w = send(w, { verb: 'patch', ref: { kind: 'Node', name: 'node-3' }, patch: { spec: { unschedulable: true } } })
    const s = settle(w).world.state
    expect(podsPerNode(s)).toEqual({ 'node-1': 1, 'node-2': 1, 'node-3': 1 })
  })

  it('keeps the pod on a node tainted NoSchedule, but does not replace it once deleted', () => {
    let w = send(base, { verb: 'patch', ref: { kind: 'Node', name: 'node-1' }, patch: { spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } } })
    w = settle(w).world
    expect(podsPerNode(w.state)).toEqual({ 'node-1': 1, 'node-2': 1 })
    expect(storedDs(w.state).status).toMatchObject({ desiredNumberScheduled: 1, numberMisscheduled: 1 })
    const victim = livePods(w.state).find((p) => p.spec.nodeName === 'node-1')!
    w = settle(send(w, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: victim.metadata.name ?? '' } })).world
    expect(podsPerNode(w.state)).toEqual({ 'node-2': 1 })
    expect(storedDs(w.state).status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0 })
  })

  it('evicts its pod from a node tainted NoExecute, with SuccessfulDelete', () => {
    const w = send(base, { verb: 'patch', ref: { kind: 'Node', name: 'node-2' }, patch: { spec: { taints: [{ key: 'maintenance', effect: 'NoExecute' }] } } })
    const doomed = listObjects<Pod>(w.state, 'Pod', 'default').find((p) => p.spec.nodeName === 'node-2')!
    expect(doomed.metadata.deletionTimestamp).toBeDefined()
    expect(eventsAbout(w.state, 'agent')).toContain(`SuccessfulDelete: Deleted pod: ${doomed.metadata.name ?? ''}`)
    const s = settle(w).world.state
    expect(podsPerNode(s)).toEqual({ 'node-1': 1 })
  })

  it('survives the node-failure taints (not-ready / unreachable NoExecute are tolerated forever)', () => {
    const taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]
    const s = settle(send(base, { verb: 'patch', ref: { kind: 'Node', name: 'node-2' }, patch: { spec: { taints } } })).world.state
    expect(podsPerNode(s)).toEqual({ 'node-1': 1, 'node-2': 1 })
    expect(storedDs(s).status).toMatchObject({ desiredNumberScheduled: 1, numberMisscheduled: 1 })
  })
})
