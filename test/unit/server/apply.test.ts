import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployment, serve, type Served } from './serve.js'

let s: Served
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments'
const APPLY = { 'content-type': 'application/apply-patch+yaml' }
beforeAll(async () => {
  s = await serve()
})
afterAll(async () => s?.close())

const managers = (o: { metadata: { managedFields?: { manager: string; operation: string }[] } }) =>
  (o.metadata.managedFields ?? []).map((e) => `${e.manager}/${e.operation}`)

describe('server-side apply over HTTP', () => {
  it('422 without fieldManager, or with force on another patch type (upstream ValidatePatchOptions); nothing written', async () => {
    const before = s.head()
    const r = await s.call('PATCH', `${DEPLOYS}/ssa`, deployment('ssa'), APPLY)
    expect(r.code).toBe(422)
    expect(r.json.reason).toBe('Invalid')
    expect(r.json.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch')
    const forced = await s.call('PATCH', `${DEPLOYS}/ssa?force=true`, {}, { 'content-type': 'application/merge-patch+json' })
    expect(forced.json.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch')
    const long = await s.call('POST', DEPLOYS + `?fieldManager=${'m'.repeat(129)}`, deployment('long'))
    expect(long.code).toBe(422)
    expect(long.json.message).toBe('CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes')
    expect(s.head()).toBe(before)
  })

  it('creates when absent (201) with one Apply entry; YAML bodies are read too', async () => {
    const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ssa\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: ssa}\n  template:\n    metadata:\n      labels: {app: ssa}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.24\n'
    const r = await s.call('PATCH', `${DEPLOYS}/ssa?fieldManager=alice`, yaml, APPLY)
    expect(r.code).toBe(201)
    expect(managers(r.json)).toEqual(['alice/Apply'])
    expect(r.json.metadata.managedFields[0]).toMatchObject({ apiVersion: 'apps/v1', fieldsType: 'FieldsV1', time: '2024-01-01T00:00:00Z' })
    expect(r.json.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas']).toEqual({})
  })

  it('an apply that changes a field it owns writes it; the same apply again writes nothing', async () => {
    const r = await s.call('PATCH', `${DEPLOYS}/ssa?fieldManager=alice`, deployment('ssa'), APPLY)
    expect(r.code).toBe(200)
    expect(r.json.spec.template.spec.containers[0].image).toBe('nginx:1.25')
    const mid = s.head()
    const live = (await s.call('GET', `${DEPLOYS}/ssa`)).json
    const again = await s.call('PATCH', `${DEPLOYS}/ssa?fieldManager=alice`, deployment('ssa'), APPLY)
    expect(again.code).toBe(200)
    expect(again.json).toEqual(live)
    expect(s.head()).toBe(mid)
  })

  it('409 Conflict with FieldManagerConflict causes when another manager changes an owned field; force wins', async () => {
    const before = s.head()
    const r = await s.call('PATCH', `${DEPLOYS}/ssa?fieldManager=bob`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa' }, spec: { replicas: 5 } }, APPLY)
    expect(r.code).toBe(409)
    expect(r.json.reason).toBe('Conflict')
    expect(r.json.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas')
    expect(r.json.details.causes).toEqual([{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }])
    expect(s.head()).toBe(before)
    const forced = await s.call('PATCH', `${DEPLOYS}/ssa?fieldManager=bob&force=true`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa' }, spec: { replicas: 5 } }, APPLY)
    expect(forced.code).toBe(200)
    expect(forced.json.spec.replicas).toBe(5)
    expect(managers(forced.json)).toEqual(['alice/Apply', 'bob/Apply'])
    const alice = forced.json.metadata.managedFields.find((e: { manager: string }) => e.manager === 'alice')
    expect(alice.fieldsV1['f:spec']['f:replicas']).toBeUndefined()
  })

  it('PUT and PATCH record an Update entry under fieldManager, or the User-Agent prefix', async () => {
    const current = (await s.call('GET', `${DEPLOYS}/ssa`)).json
    const put = await s.call('PUT', `${DEPLOYS}/ssa?fieldManager=kubectl-edit`, { ...current, spec: { ...current.spec, minReadySeconds: 3 } })
    expect(put.code).toBe(200)
    expect(managers(put.json)).toContain('kubectl-edit/Update')
    const patched = await s.call('PATCH', `${DEPLOYS}/ssa`, { metadata: { labels: { tier: 'web' } } }, { 'content-type': 'application/merge-patch+json', 'user-agent': 'kubectl/v1.32.5 (linux/amd64) kubernetes/9894294' })
    expect(patched.code).toBe(200)
    const entry = patched.json.metadata.managedFields.find((e: { manager: string }) => e.manager === 'kubectl')
    expect(entry).toMatchObject({ operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:tier': {} } } } })
  })

  it('an Update owner conflicts by name and apiVersion', async () => {
    const r = await s.call('PATCH', `${DEPLOYS}/ssa?fieldManager=alice`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa' }, spec: { minReadySeconds: 9 } }, APPLY)
    expect(r.code).toBe(409)
    expect(r.json.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-edit" using apps/v1: .spec.minReadySeconds')
  })

  it('fields an applier drops that nobody else owns are removed', async () => {
    await s.call('PATCH', `${DEPLOYS}/ssa?fieldManager=carol`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa', annotations: { a: '1', b: '2' } } }, APPLY)
    const r = await s.call('PATCH', `${DEPLOYS}/ssa?fieldManager=carol`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa', annotations: { a: '1' } } }, APPLY)
    expect(r.code).toBe(200)
    expect(r.json.metadata.annotations.a).toBe('1')
    expect(r.json.metadata.annotations.b).toBeUndefined()
  })
})
