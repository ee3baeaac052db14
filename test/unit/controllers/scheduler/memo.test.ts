import { describe, expect, it } from 'vitest'
import { replicaSetController } from '../../../../src/controllers/replicaSet/replicaSetController.js'
import { findPlacement } from '../../../../src/controllers/scheduler/reconcile.js'
import { schedulerController } from '../../../../src/controllers/scheduler/schedulerController.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { Pod } from '../../../../src/model/pod.js'
import { listObjects } from '../../../../src/state/clusterState.js'
import { step } from '../../../../src/sim/step.js'
import { ACTOR, aPod, asPod, nodes, worldWith } from './given.js'

// The scheduler memoizes per-node evaluations (by pod shape, validated by state stamps and, inside a step,
// by the draft's node-change journal). These tests schedule many equal pods inside ONE step, where a stale
// memo entry would place pods on a node that has filled up or stopped being the least allocated.

const replicaSet = (replicas: number, cpu: string): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', resources: { requests: { cpu } } }] } },
  },
})

const podsPerNode = (pods: readonly Pod[]): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const p of pods) out[p.spec.nodeName ?? ''] = (out[p.spec.nodeName ?? ''] ?? 0) + 1
  return out
}

const runOneStep = (nodeCount: number, replicas: number, cpu: string): Pod[] => {
  // The ReplicaSet controller creates the pods and the scheduler binds them, all within the request's step.
  const world = worldWith(nodes(nodeCount, { cpu: '4' }), [replicaSetController, schedulerController])
  const out = step(world, { type: 'request', actor: ACTOR, command: { verb: 'create', object: replicaSet(replicas, cpu) } })
  return listObjects<Pod>(out.world.state, 'Pod', 'default')
}

describe('scheduling many equal pods in one step', () => {
  it('spreads them evenly by LeastAllocated (each bind changes the best node)', () => {
    const pods = runOneStep(4, 12, '100m')
    expect(pods).toHaveLength(12)
    expect(podsPerNode(pods)).toEqual({ 'node-1': 3, 'node-2': 3, 'node-3': 3, 'node-4': 3 })
  })

  it('stops placing on a node once it is full, and leaves the rest pending', () => {
    // 4 CPUs per node, 1.5 CPU per pod: two pods fit on each of the 2 nodes; the fifth fits nowhere.
    const pods = runOneStep(2, 5, '1500m')
    expect(podsPerNode(pods)).toEqual({ 'node-1': 2, 'node-2': 2, '': 1 })
  })

  it('gives the same placement from the committed state as from the step that memoized it', () => {
    const world = worldWith(nodes(3, { cpu: '4' }), [replicaSetController, schedulerController])
    const s = step(world, { type: 'request', actor: ACTOR, command: { verb: 'create', object: replicaSet(7, '100m') } }).world.state
    const placement = findPlacement(s, asPod(aPod('extra', { cpu: '100m' })))
    // 7 pods over 3 nodes: 3, 2, 2; the next one goes to the least allocated with the lowest name.
    expect(podsPerNode(listObjects<Pod>(s, 'Pod', 'default'))).toEqual({ 'node-1': 3, 'node-2': 2, 'node-3': 2 })
    expect(placement).toMatchObject({ type: 'bind', nodeName: 'node-2' })
  })
})
