import { Packr } from 'msgpackr'
import { describe, expect, it } from 'vitest'
import { decodeSnapshot, encodeSnapshot } from '../../../src/history/snapshot.js'
import type { KObject } from '../../../src/model/meta.js'
import { emptyState, type ClusterState } from '../../../src/state/clusterState.js'
import { StateDraft } from '../../../src/state/stateDraft.js'
import { expectSameState } from '../../prop/sameState.js'

const pod = (name: string, node?: string, owner?: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'default',
    uid: `uid-${name}`,
    resourceVersion: '7',
    labels: { app: 'web' },
    ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: `uid-${owner}`, controller: true, blockOwnerDeletion: true }] } : {}),
  },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...(node ? { nodeName: node } : {}) },
  status: { phase: node ? 'Running' : 'Pending' },
})

const stateOf = (objects: readonly KObject[]): ClusterState => {
  const d = new StateDraft(emptyState())
  for (const o of objects) d.put(o)
  d.seq = 42
  d.atMs = 9_000
  d.seed = 3
  return d.commit()
}

const objects = [pod('a', 'node-1', 'rs'), pod('b', undefined, 'rs'), pod('c', 'node-2'), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'uid-node-1' } } as KObject]

describe('snapshot formats', () => {
  it('loads the lazy format (0x03) as the same state, objects and indexes', () => {
    const payload = encodeSnapshot(stateOf(objects))
    expect(payload[0]).toBe(0x03)
    expectSameState(decodeSnapshot(payload), stateOf(objects), 'lazy snapshot')
  })

  it('decodes each object only when read: a damaged object fails its own read, not the load or the others', () => {
    const payload = Buffer.from(encodeSnapshot(stateOf(objects)))
    // The objects are packed last, in the state's order; cutting the payload damages only the last one.
    const order = [...stateOf(objects).objects.keys()]
    const damaged = decodeSnapshot(payload.subarray(0, payload.length - 5))
    expect([...damaged.objects.keys()]).toEqual(order)
    expect(damaged.byNode.get('node-1')).toEqual(new Set(['Pod/default/a']))
    for (const key of order.slice(0, -1)) expect(damaged.objects.get(key)).toEqual(stateOf(objects).objects.get(key))
    expect(() => damaged.objects.get(order[order.length - 1]!)).toThrow()
  })

  it('lets a fold replace or delete objects not decoded yet without decoding them, indexes kept right', () => {
    const payload = Buffer.from(encodeSnapshot(stateOf(objects)))
    const order = [...stateOf(objects).objects.keys()]
    const last = order[order.length - 1]!
    // The damaged (last) object is replaced, moved to another node and re-owned; another is deleted.
    const damaged = decodeSnapshot(payload.subarray(0, payload.length - 5))
    const replaced = { ...stateOf(objects).objects.get(last)!, spec: { nodeName: 'node-9' } } as KObject
    const d = new StateDraft(damaged)
    d.put(replaced)
    d.remove(order[0]!)
    const after = d.commit()
    const expected = new StateDraft(stateOf(objects))
    expected.put(replaced)
    expected.remove(order[0]!)
    expectSameState(after, expected.commit(), 'fold over a lazy snapshot')
  })

  it('still loads the eager binary format (0x02) and JSON snapshots written by earlier versions', () => {
    const body = { seq: 42, atMs: 9_000, seed: 3, cluster: { nodes: [] }, faults: {}, volumes: {}, objects }
    const eager = Buffer.concat([Buffer.from([0x02]), new Packr({ useRecords: true }).pack(body)])
    expectSameState(decodeSnapshot(eager), stateOf(objects), '0x02 snapshot')
    expectSameState(decodeSnapshot(Buffer.from(JSON.stringify(body))), stateOf(objects), 'JSON snapshot')
  })
})
