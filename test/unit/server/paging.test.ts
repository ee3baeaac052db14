import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeContinue, encodeContinue } from '../../../src/server/paging.js'
import { configMap, serve, type Served } from './serve.js'

let s: Served
const CMS = '/api/v1/namespaces/paging/configmaps'
beforeAll(async () => {
  s = await serve()
  await s.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'paging' } })
  for (const n of ['c1', 'c2', 'c3', 'c4', 'c5']) await s.call('POST', CMS, configMap(n))
})
afterAll(async () => s?.close())

const names = (r: { json: { items: { metadata: { name: string } }[] } }) => r.json.items.map((o) => o.metadata.name)

describe('limit and continue', () => {
  it('a token round-trips and is upstream-shaped base64 JSON', () => {
    const t = encodeContinue({ rv: 12, start: 'ns/a' })
    expect(JSON.parse(Buffer.from(t, 'base64').toString())).toEqual({ v: 'meta.k8s.io/v1', rv: 12, start: 'ns/a' })
    expect(decodeContinue(t)).toEqual({ rv: 12, start: 'ns/a' })
  })

  it('pages are consistent: later pages come from the state at the first page, while the cluster changes', async () => {
    const first = await s.call('GET', `${CMS}?limit=2`)
    expect(names(first)).toEqual(['c1', 'c2'])
    expect(first.json.metadata.remainingItemCount).toBe(3)
    const rv = first.json.metadata.resourceVersion
    // The cluster moves on: one object removed from the remainder, one added after it, one changed.
    await s.call('DELETE', `${CMS}/c3`)
    await s.call('POST', CMS, configMap('c6'))
    await s.call('PUT', `${CMS}/c4`, { ...configMap('c4', { k: 'changed' }) })
    const second = await s.call('GET', `${CMS}?limit=2&continue=${encodeURIComponent(first.json.metadata.continue)}`)
    expect(names(second)).toEqual(['c3', 'c4'])
    expect(second.json.items[1].data).toEqual({ k: 'c4' })
    expect(second.json.metadata.resourceVersion).toBe(rv)
    expect(second.json.metadata.remainingItemCount).toBe(1)
    const third = await s.call('GET', `${CMS}?limit=2&continue=${encodeURIComponent(second.json.metadata.continue)}`)
    expect(names(third)).toEqual(['c5'])
    expect(third.json.metadata.continue).toBeUndefined()
    expect(third.json.metadata.remainingItemCount).toBeUndefined()
    // A fresh list sees the present.
    expect(names(await s.call('GET', CMS))).toEqual(['c1', 'c2', 'c4', 'c5', 'c6'])
  })

  it('Tables carry the continue token too (kubectl get follows it)', async () => {
    const r = await s.call('GET', `${CMS}?limit=4`, undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })
    expect(r.json.kind).toBe('Table')
    expect(r.json.rows).toHaveLength(4)
    expect(typeof r.json.metadata.continue).toBe('string')
    const rest = await s.call('GET', `${CMS}?limit=4&continue=${encodeURIComponent(r.json.metadata.continue)}`, undefined, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' })
    expect(rest.json.rows.map((row: { cells: string[] }) => row.cells[0])).toEqual(['c6'])
  })

  it('limit=500 (what kubectl get sends) returns everything in one page', async () => {
    const r = await s.call('GET', `${CMS}?limit=500`)
    expect(names(r)).toHaveLength(5)
    expect(r.json.metadata.continue).toBeUndefined()
  })

  it('no remainingItemCount when a selector filters the list (as upstream)', async () => {
    const r = await s.call('GET', `${CMS}?limit=1&fieldSelector=metadata.name!%3Dc1`)
    expect(names(r)).toEqual(['c2'])
    expect(r.json.metadata.continue).toBeDefined()
    expect(r.json.metadata.remainingItemCount).toBeUndefined()
  })

  it('400 for a malformed token, 410 Expired for a seq outside the log; nothing written', async () => {
    const before = s.head()
    const bad = await s.call('GET', `${CMS}?limit=1&continue=not-a-token!`)
    expect(bad.code).toBe(400)
    expect(bad.json.message).toMatch(/^continue key is not valid: /)
    const future = await s.call('GET', `${CMS}?limit=1&continue=${encodeURIComponent(encodeContinue({ rv: before + 1000, start: 'paging/c1' }))}`)
    expect(future.code).toBe(410)
    expect(future.json.reason).toBe('Expired')
    expect(future.json.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\./)
    expect(s.head()).toBe(before)
  })

  it('resourceVersionMatch=Exact lists the cluster as of that resourceVersion', async () => {
    const c1 = (await s.call('GET', `${CMS}/c1`)).json.metadata.resourceVersion
    const r = await s.call('GET', `${CMS}?resourceVersion=${c1}&resourceVersionMatch=Exact`)
    expect(names(r)).toEqual(['c1'])
    expect(r.json.metadata.resourceVersion).toBe(c1)
  })
})
