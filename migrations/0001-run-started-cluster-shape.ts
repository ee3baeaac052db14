import type { Migration } from '../src/log/upcast.js'

/**
 * `run/started` v1 → v2. The first logs recorded only a node count (`{ seed, nodes: 3 }`) and the Reel
 * version (`reelVersion`); v2 records the cluster's full shape so that a scenario's custom nodes
 * (capacity, labels, taints) can be rebuilt by re-simulation. A v1 count becomes that many default
 * nodes, named and sized exactly as v1 created them (`node-N`, 4 CPU, 16Gi, 110 pods).
 */
export const runStartedClusterShape: Migration = {
  id: '0001-run-started-cluster-shape',
  type: 'run/started',
  from: 1,
  up: (data) => {
    const count = typeof data.nodes === 'number' ? data.nodes : 0
    const nodes = Array.from({ length: count }, (_, i) => ({ name: `node-${i + 1}`, cpu: '4', memory: '16Gi', pods: 110 }))
    return {
      seed: data.seed,
      versions: { reel: typeof data.reelVersion === 'string' ? data.reelVersion : '0.0.0', kubernetes: 'v1.32.0' },
      cluster: { nodes },
    }
  },
}
