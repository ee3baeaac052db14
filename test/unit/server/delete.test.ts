import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configMap, serve, type Served } from './serve.js'

let s: Served
const PODS = '/api/v1/namespaces/default/pods'
const CMS = '/api/v1/namespaces/default/configmaps'
const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'c:1' }] } })
const settle = () => s.app.inject({ method: 'POST', url: '/reel/v1/clock/settle' })

beforeAll(async () => {
  s = await serve()
  for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) await s.call('POST', PODS, pod(n))
  await settle()
})
afterAll(async () => s?.close())

describe('DELETE with DeleteOptions in the body or the query', () => {
  it('a running pod is deleted gracefully: 200 with the pod marked, gone after its grace period', async () => {
    const r = await s.call('DELETE', `${PODS}/p1`, { propagationPolicy: 'Background' })
    expect(r.code).toBe(200)
    expect(r.json.kind).toBe('Pod')
    expect(r.json.metadata.deletionGracePeriodSeconds).toBe(30)
    await settle()
    expect((await s.call('GET', `${PODS}/p1`)).code).toBe(404)
  })

  it('gracePeriodSeconds=0 in the body (kubectl --force --grace-period=0) removes at once', async () => {
    const r = await s.call('DELETE', `${PODS}/p2`, { gracePeriodSeconds: 0, propagationPolicy: 'Background' })
    expect(r.code).toBe(200)
    expect((await s.call('GET', `${PODS}/p2`)).code).toBe(404)
  })

  it('gracePeriodSeconds in the query (client-node) wins', async () => {
    await s.call('DELETE', `${PODS}/p3?gracePeriodSeconds=0`)
    expect((await s.call('GET', `${PODS}/p3`)).code).toBe(404)
  })

  it('preconditions: a stale uid or resourceVersion is a 409 with upstream wording, nothing written', async () => {
    const before = s.head()
    const uid = await s.call('DELETE', `${PODS}/p4`, { preconditions: { uid: 'nope' } })
    expect(uid.code).toBe(409)
    expect(uid.json.reason).toBe('Conflict')
    expect(uid.json.message).toMatch(/^Operation cannot be fulfilled on pods "p4": Precondition failed: UID in precondition: nope, UID in object meta: /)
    const rv = await s.call('DELETE', `${PODS}/p4`, { preconditions: { resourceVersion: '1' } })
    expect(rv.code).toBe(409)
    expect(rv.json.message).toMatch(/ResourceVersion in precondition: 1, ResourceVersion in object meta: \d+$/)
    expect(s.head()).toBe(before)
    const current = (await s.call('GET', `${PODS}/p4`)).json
    const ok = await s.call('DELETE', `${PODS}/p4`, { gracePeriodSeconds: 0, preconditions: { uid: current.metadata.uid, resourceVersion: current.metadata.resourceVersion } })
    expect(ok.code).toBe(200)
  })

  it('dryRun (body or query) answers as the delete would and writes nothing', async () => {
    await s.call('POST', CMS, configMap('keep'))
    const before = s.head()
    const body = await s.call('DELETE', `${CMS}/keep`, { dryRun: ['All'] })
    expect(body.code).toBe(200)
    expect(body.json).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'keep', kind: 'configmaps' } })
    const query = await s.call('DELETE', `${PODS}/p5?dryRun=All`)
    expect(query.json.metadata.deletionTimestamp).toBeDefined()
    expect(s.head()).toBe(before)
    expect((await s.call('GET', `${CMS}/keep`)).code).toBe(200)
    expect((await s.call('GET', `${PODS}/p5`)).json.metadata.deletionTimestamp).toBeUndefined()
  })

  it('422 for an unknown propagationPolicy', async () => {
    const r = await s.call('DELETE', `${CMS}/keep`, { propagationPolicy: 'Sideways' })
    expect(r.code).toBe(422)
    expect(r.json.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan"')
  })
})

describe('deletecollection', () => {
  it('deletes what the selectors match and answers with the list of deleted objects', async () => {
    for (const [n, tier] of [['dc1', 'x'], ['dc2', 'x'], ['dc3', 'y']] as const) await s.call('POST', CMS, { ...configMap(n), metadata: { name: n, labels: { tier } } })
    const r = await s.call('DELETE', `${CMS}?labelSelector=tier%3Dx`)
    expect(r.code).toBe(200)
    expect(r.json.kind).toBe('ConfigMapList')
    expect(r.json.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(['dc1', 'dc2'])
    expect((await s.call('GET', `${CMS}/dc1`)).code).toBe(404)
    expect((await s.call('GET', `${CMS}/dc3`)).code).toBe(200)
  })

  it('405 across namespaces for a namespaced kind', async () => {
    expect((await s.call('DELETE', '/api/v1/configmaps')).code).toBe(405)
  })
})

describe('pods/eviction', () => {
  const eviction = (name: string, deleteOptions: object = {}) => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' }, deleteOptions })

  it('201 Status Success, and the pod is deleted gracefully with the Eviction deleteOptions', async () => {
    await s.call('POST', PODS, pod('ev1'))
    await s.call('POST', PODS, pod('ev2'))
    await settle()
    const r = await s.call('POST', `${PODS}/ev1/eviction`, eviction('ev1'))
    expect(r.code).toBe(201)
    expect(r.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 })
    expect((await s.call('GET', `${PODS}/ev1`)).json.metadata.deletionTimestamp).toBeDefined()
    await s.call('POST', `${PODS}/ev2/eviction`, eviction('ev2', { gracePeriodSeconds: 0 }))
    expect((await s.call('GET', `${PODS}/ev2`)).code).toBe(404)
  })

  it('404 for a missing pod, 400 for a name mismatch; nothing written', async () => {
    const before = s.head()
    const missing = await s.call('POST', `${PODS}/nope/eviction`, eviction('nope'))
    expect(missing.code).toBe(404)
    expect(missing.json.message).toBe('pods "nope" not found')
    const mismatch = await s.call('POST', `${PODS}/p5/eviction`, eviction('other'))
    expect(mismatch.code).toBe(400)
    expect(mismatch.json.message).toBe('name in URL does not match name in Eviction object')
    expect(s.head()).toBe(before)
  })
})
