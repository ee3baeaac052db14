import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseFieldSelector, matchesFields } from '../../../src/server/fieldSelector.js'
import type { KObject } from '../../../src/model/meta.js'
import { configMap, serve, type Served } from './serve.js'

const pod = (name: string, nodeName: string | undefined, phase: string): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { ...(nodeName !== undefined ? { nodeName } : {}), schedulerName: 'default-scheduler', containers: [] },
  status: { phase, podIP: '10.0.0.1' },
})

describe('parseFieldSelector', () => {
  it('reads =, == and != terms joined by commas (AND)', () => {
    const reqs = parseFieldSelector('Pod', 'spec.nodeName=node-1,status.phase!=Failed,metadata.name==a')
    expect(reqs).toEqual([
      { field: 'spec.nodeName', equal: true, value: 'node-1' },
      { field: 'status.phase', equal: false, value: 'Failed' },
      { field: 'metadata.name', equal: true, value: 'a' },
    ])
    if (!Array.isArray(reqs)) throw new Error('parsed')
    expect(matchesFields(reqs, pod('a', 'node-1', 'Running'))).toBe(true)
    expect(matchesFields(reqs, pod('a', 'node-1', 'Failed'))).toBe(false)
    expect(matchesFields(reqs, pod('b', 'node-1', 'Running'))).toBe(false)
  })

  it('compares an absent field as "" (unscheduled pods: spec.nodeName=)', () => {
    const reqs = parseFieldSelector('Pod', 'spec.nodeName=')
    if (!Array.isArray(reqs)) throw new Error('parsed')
    expect(matchesFields(reqs, pod('a', undefined, 'Pending'))).toBe(true)
    expect(matchesFields(reqs, pod('a', 'node-1', 'Pending'))).toBe(false)
  })

  it('refuses a field the kind is not selectable on, with upstream message', () => {
    expect(parseFieldSelector('ConfigMap', 'spec.nodeName=x')).toMatchObject({ code: 400, reason: 'BadRequest', message: 'field label not supported: spec.nodeName' })
    expect(parseFieldSelector('Pod', 'involvedObject.name=x')).toMatchObject({ message: 'field label not supported: involvedObject.name' })
  })

  it('refuses a term without an operator', () => {
    expect(parseFieldSelector('Pod', 'spec.nodeName')).toMatchObject({ code: 400, message: "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'" })
  })
})

let s: Served
beforeAll(async () => {
  s = await serve()
  for (const n of ['a', 'b', 'c']) await s.call('POST', '/api/v1/namespaces/default/configmaps', configMap(n))
  await s.call('POST', '/api/v1/namespaces/kube-system/configmaps', configMap('a'))
})
afterAll(async () => s?.close())

const names = (r: { json: { items: { metadata: { name: string; namespace: string } }[] } }) => r.json.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)

describe('fieldSelector over HTTP', () => {
  it('filters lists by metadata.name and metadata.namespace, with != and AND', async () => {
    expect(names(await s.call('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3Da'))).toEqual(['default/a', 'kube-system/a'])
    expect(names(await s.call('GET', '/api/v1/configmaps?fieldSelector=metadata.name%3Da,metadata.namespace!%3Ddefault'))).toEqual(['kube-system/a'])
    const notA = names(await s.call('GET', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name!%3Da'))
    expect(notA).toEqual(expect.arrayContaining(['default/b', 'default/c']))
    expect(notA).not.toContain('default/a')
  })

  it('selects Events by involvedObject, type and reason', async () => {
    const ev = (name: string, kind: string, type: string) => ({
      apiVersion: 'v1', kind: 'Event', metadata: { name }, involvedObject: { kind, name: 'web', namespace: 'default', uid: 'u1' }, reason: 'Created', type, message: 'm',
    })
    await s.call('POST', '/api/v1/namespaces/default/events', ev('e1', 'Pod', 'Normal'))
    await s.call('POST', '/api/v1/namespaces/default/events', ev('e2', 'Deployment', 'Warning'))
    const q = (sel: string) => s.call('GET', `/api/v1/namespaces/default/events?fieldSelector=${encodeURIComponent(sel)}`)
    expect(names(await q('involvedObject.kind=Pod,involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u1'))).toEqual(['default/e1'])
    expect(names(await q('type=Warning,reason=Created'))).toEqual(['default/e2'])
  })

  it('selects pods by spec.nodeName, status.phase and spec.schedulerName', async () => {
    const all = (await s.call('GET', '/api/v1/pods?fieldSelector=spec.schedulerName%3Ddefault-scheduler,status.phase!%3DFailed')).json
    expect(all.kind).toBe('PodList')
    expect((await s.call('GET', '/api/v1/pods?fieldSelector=spec.nodeName%3Dno-such-node')).json.items).toEqual([])
  })

  it('400 for an unsupported field, on lists and on watches, writing nothing', async () => {
    const before = s.head()
    const r = await s.call('GET', '/api/v1/namespaces/default/configmaps?fieldSelector=spec.foo%3Dx')
    expect(r.code).toBe(400)
    expect(r.json.message).toBe('field label not supported: spec.foo')
    const w = await s.call('GET', '/api/v1/namespaces/default/configmaps?watch=1&fieldSelector=status.phase%3DRunning')
    expect(w.code).toBe(400)
    expect(w.json.message).toBe('field label not supported: status.phase')
    expect(s.head()).toBe(before)
  })

  it('applies to watches: only matching objects are sent', async () => {
    const res = s.app.inject({ method: 'GET', url: '/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&fieldSelector=metadata.name%3Db' })
    const body = (await res).body.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } })
    expect(body.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b'])
  })
})

describe('a filtered watch follows objects into and out of the selection', () => {
  it('label change: ADDED when it starts matching, DELETED when it stops, also replayed from a past resourceVersion', async () => {
    const url = '/api/v1/namespaces/default/configmaps'
    const created = await s.call('POST', url, { ...configMap('moving'), metadata: { name: 'moving', labels: { tier: 'a' } } })
    const from = created.json.metadata.resourceVersion
    const watching = s.app.inject({ method: 'GET', url: `${url}?watch=1&timeoutSeconds=1&labelSelector=tier%3Db` })
    await new Promise((r) => setTimeout(r, 50))
    const merge = { 'content-type': 'application/merge-patch+json' }
    await s.call('PATCH', `${url}/moving`, { metadata: { labels: { tier: 'b' } } }, merge)
    await s.call('PATCH', `${url}/moving`, { data: { k: 'v2' } }, merge)
    await s.call('PATCH', `${url}/moving`, { metadata: { labels: { tier: 'c' } } }, merge)
    const seen = (body: string) =>
      body.trim().split('\n').map((l) => {
        const e = JSON.parse(l) as { type: string; object: { metadata: { labels: Record<string, string> } } }
        return `${e.type} ${e.object.metadata.labels.tier}`
      })
    expect(seen((await watching).body)).toEqual(['ADDED b', 'MODIFIED b', 'DELETED c'])
    const replay = await s.app.inject({ method: 'GET', url: `${url}?watch=1&timeoutSeconds=1&labelSelector=tier%3Db&resourceVersion=${from}` })
    expect(seen(replay.body)).toEqual(['ADDED b', 'MODIFIED b', 'DELETED c'])
  })
})
