import { Packr } from 'msgpackr'
import { describe, expect, it } from 'vitest'
import { decodeSnapshot, encodeSnapshot } from '../../../src/history/snapshot.js'
import type { KObject } from '../../../src/model/meta.js'
import { emptyState, getObject, listObjects, selectOwnedBy, selectPodsOnNode } from '../../../src/state/clusterState.js'
import { evolveBatch } from '../../../src/state/evolve.js'
import { indexViewOf, lazyObject, materialize } from '../../../src/state/lazyObject.js'
import { StateDraft } from '../../../src/state/stateDraft.js'
import { PodWorkload } from '../../bench/fixtures.js'

const podState = () => {
  const w = new PodWorkload(200, { seed: 3 })
  let s = emptyState()
  for (let i = 0; i < 6; i++) s = evolveBatch(s, w.batch(200))
  return { s, w }
}

describe('lazy snapshot objects', () => {
  it('a lazy object reads, serializes, clones, spreads and compares as the object it stands for', () => {
    const original = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'ns' }, spec: { nodeName: 'n1' } }
    let decodes = 0
    const decode = () => {
      decodes++
      return [original.apiVersion, original.kind, structuredClone(original.metadata), structuredClone(original.spec)]
    }
    const make = () => lazyObject(original as unknown as KObject, Object.keys(original), new Uint8Array(0), decode)
    expect(Object.keys(make())).toEqual(['apiVersion', 'kind', 'metadata', 'spec'])
    expect(decodes).toBe(0)
    expect(JSON.stringify(make())).toBe(JSON.stringify(original))
    expect(structuredClone(make())).toEqual(original)
    expect({ ...make() }).toEqual(original)
    expect(make()).toEqual(original)
    const o = make() as unknown as Record<string, unknown>
    o['kind'] = 'Other'
    expect(o['kind']).toBe('Other')
    expect(o['apiVersion']).toBe('v1')
    const before = decodes
    materialize(o)
    expect(decodes).toBe(before)
  })

  it('a loaded snapshot answers every selector as the state it was written from, decoding only what is read', () => {
    const { s } = podState()
    const loaded = decodeSnapshot(encodeSnapshot(s))
    const someKey = [...s.objects.keys()][7]!
    const [kind, ns, name] = someKey.split('/') as [string, string, string]
    expect(getObject(loaded, kind, ns, name)).toEqual(getObject(s, kind, ns, name))
    const pod = getObject(s, kind, ns, name)!
    const node = (pod.spec as { nodeName?: string }).nodeName ?? ''
    expect(selectPodsOnNode(loaded, node)).toEqual(selectPodsOnNode(s, node))
    const owner = pod.metadata.ownerReferences?.[0]?.uid ?? ''
    expect(selectOwnedBy(loaded, owner)).toEqual(selectOwnedBy(s, owner))
    expect(listObjects(loaded, 'Pod', 'default')).toEqual(listObjects(s, 'Pod', 'default'))
    expect(JSON.stringify([...loaded.objects.entries()])).toBe(JSON.stringify([...s.objects.entries()]))
  })

  it('folding writes and deletes over a loaded snapshot does not decode the objects they replace', () => {
    const { s, w } = podState()
    const loaded = decodeSnapshot(encodeSnapshot(s))
    const pending = () => [...loaded.objects.values()].filter((o) => indexViewOf(o) !== o).length
    expect(pending()).toBe(loaded.objects.size)
    const tail = w.batch(300)
    const d = new StateDraft(loaded)
    for (const e of tail) {
      if (e.type === 'object/deleted') d.remove(`${e.data.object.kind}/${e.data.object.metadata.namespace ?? ''}/${e.data.object.metadata.name ?? ''}`)
      else if (e.type === 'object/created' || e.type === 'object/updated') d.put(e.data.object)
    }
    const folded = d.commit()
    // The snapshot's versions of the replaced and deleted objects were never decoded: still pending.
    const touched = tail.flatMap((e) => ('object' in e.data ? [e.data.object as KObject] : [])).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`)
    const replaced = touched.filter((k) => loaded.objects.has(k))
    expect(replaced.length).toBeGreaterThan(50)
    expect(replaced.filter((k) => indexViewOf(loaded.objects.get(k)!) !== loaded.objects.get(k)).length).toBe(replaced.length)
    const expected = evolveBatch(s, tail)
    expect(JSON.stringify(listObjects(folded, 'Pod', 'default'))).toBe(JSON.stringify(listObjects(expected, 'Pod', 'default')))
    for (const [k, set] of expected.byNode.entries()) expect([...(folded.byNode.get(k) ?? [])].sort()).toEqual([...set].sort())
    expect(folded.byNode.size).toBe(expected.byNode.size)
  })

  it('loads the 0x02 snapshots written before (one MessagePack body)', () => {
    const { s } = podState()
    const body = new Packr({ useRecords: true }).pack({ seq: s.seq, atMs: s.atMs, seed: 5, cluster: s.cluster, faults: {}, volumes: {}, objects: [...s.objects.values()] })
    const old = decodeSnapshot(Buffer.concat([Buffer.from([0x02]), body]))
    expect(old.seed).toBe(5)
    expect(JSON.stringify(listObjects(old, 'Pod', 'default'))).toBe(JSON.stringify(listObjects(s, 'Pod', 'default')))
  })
})
