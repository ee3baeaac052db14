import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type Served } from './serve.js'

let s: Served
beforeAll(async () => {
  s = await serve()
})
afterAll(async () => s?.close())

const NS = '/api/v1/namespaces/default'
const MERGE = { 'content-type': 'application/merge-patch+json' }

const crud = (plural: string, kind: string, body: Record<string, unknown>, change: Record<string, unknown>, patch: Record<string, unknown>) =>
  it(`${kind}: create, get, list, update, patch, delete`, async () => {
    const url = `${NS}/${plural}`
    const created = await s.call('POST', url, { apiVersion: 'v1', kind, metadata: { name: 'one' }, ...body })
    expect(created.code).toBe(201)
    expect(created.json).toMatchObject({ kind, apiVersion: 'v1', metadata: { name: 'one', namespace: 'default' }, ...body })
    expect(created.json.metadata.uid).toBeDefined()
    expect((await s.call('GET', `${url}/one`)).json).toEqual(created.json)
    const list = await s.call('GET', url)
    expect(list.json.kind).toBe(`${kind}List`)
    expect(list.json.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toContain('one')
    const updated = await s.call('PUT', `${url}/one`, { ...created.json, ...change })
    expect(updated.code).toBe(200)
    expect(updated.json).toMatchObject(change)
    expect(Number(updated.json.metadata.resourceVersion)).toBeGreaterThan(Number(created.json.metadata.resourceVersion))
    const patched = await s.call('PATCH', `${url}/one`, patch, MERGE)
    expect(patched.code).toBe(200)
    expect(patched.json).toMatchObject(patch)
    expect((await s.call('DELETE', `${url}/one`)).code).toBe(200)
    expect((await s.call('GET', `${url}/one`)).code).toBe(404)
  })

describe('core kinds over HTTP', () => {
  crud('configmaps', 'ConfigMap', { data: { a: '1' } }, { data: { a: '2' } }, { data: { b: '3' } })
  crud('secrets', 'Secret', { type: 'Opaque', data: { a: 'MQ==' } }, { data: { a: 'Mg==' } }, { data: { b: 'Mw==' } })
  crud('serviceaccounts', 'ServiceAccount', { automountServiceAccountToken: false }, { automountServiceAccountToken: true }, { imagePullSecrets: [{ name: 'reg' }] })

  it('a Secret\'s stringData is written into data, base64, and never stored', async () => {
    const r = await s.call('POST', `${NS}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'sd' }, data: { a: 'MQ==', b: 'MQ==' }, stringData: { b: 'hello' } })
    expect(r.json.data).toEqual({ a: 'MQ==', b: Buffer.from('hello').toString('base64') })
    expect(r.json.stringData).toBeUndefined()
  })

  it('every namespace has its default ServiceAccount, and a Secret lists by type', async () => {
    expect((await s.call('GET', `${NS}/serviceaccounts/default`)).code).toBe(200)
    await s.call('POST', `${NS}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' } })
    const byType = await s.call('GET', `${NS}/secrets?fieldSelector=type%3Dkubernetes.io%2Ftls`)
    expect(byType.json.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(['tls'])
  })
})
