import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configMap, deployment, serve, type Served } from './serve.js'

let s: Served
beforeAll(async () => {
  s = await serve()
  await s.call('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'))
})
afterAll(async () => s?.close())

const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments'

/** Calls, and checks the refusal wrote nothing. */
const refused = async (...args: Parameters<Served['call']>) => {
  const before = s.head()
  const r = await s.call(...args)
  expect(s.head()).toBe(before)
  expect(r.json.kind).toBe('Status')
  expect(r.json.status).toBe('Failure')
  expect(r.json.code).toBe(r.code)
  return r
}

describe('refusals over HTTP carry upstream codes and messages, and write nothing', () => {
  it('400 for a body that is not JSON', async () => {
    const r = await refused('POST', '/api/v1/namespaces/default/configmaps', '{"kind": ', { 'content-type': 'application/json' })
    expect(r.code).toBe(400)
    expect(r.json.reason).toBe('BadRequest')
    expect(r.json.message).toMatch(/^couldn't get version\/kind; json parse error: /)
  })

  it('400 for a bad label selector', async () => {
    const r = await refused('GET', `${DEPLOYS}?labelSelector=${encodeURIComponent('a in (b')}`)
    expect(r.code).toBe(400)
    expect(r.json.reason).toBe('BadRequest')
    expect(r.json.message).toMatch(/^unable to parse requirement: /)
  })

  it('400 when the body names another object than the URL', async () => {
    const r = await refused('PUT', `${DEPLOYS}/web`, deployment('other'))
    expect(r.code).toBe(400)
    expect(r.json.message).toBe('the name of the object (other) does not match the name on the URL (web)')
  })

  it('400 when the body names another namespace than the URL', async () => {
    const r = await refused('POST', '/api/v1/namespaces/default/configmaps', { ...configMap('x'), metadata: { name: 'x', namespace: 'kube-system' } })
    expect(r.code).toBe(400)
    expect(r.json.message).toBe('the namespace of the provided object does not match the namespace sent on the request')
  })

  it('404 NotFound names the resource and the object', async () => {
    const r = await refused('GET', '/api/v1/namespaces/default/pods/x')
    expect(r.code).toBe(404)
    expect(r.json.reason).toBe('NotFound')
    expect(r.json.message).toBe('pods "x" not found')
    expect(r.json.details).toEqual({ name: 'x', group: '', kind: 'pods' })
    const d = await refused('DELETE', `${DEPLOYS}/nope`)
    expect(d.json.message).toBe('deployments.apps "nope" not found')
    expect(d.json.details).toEqual({ name: 'nope', group: 'apps', kind: 'deployments' })
  })

  it('404 for a path Reel does not serve, with empty details', async () => {
    const r = await refused('GET', '/apis/nope.io/v1/things')
    expect(r.code).toBe(404)
    expect(r.json.message).toBe('the server could not find the requested resource')
    expect(r.json.details).toEqual({})
  })

  it('405 MethodNotAllowed for a verb the URL does not take', async () => {
    const r = await refused('POST', `${DEPLOYS}/web`, deployment('web'))
    expect(r.code).toBe(405)
    expect(r.json.reason).toBe('MethodNotAllowed')
    expect(r.json.message).toBe('the server does not allow this method on the requested resource')
    expect((await refused('PUT', DEPLOYS, deployment('web'))).code).toBe(405)
  })

  it('409 AlreadyExists for a POST of an existing name', async () => {
    const r = await refused('POST', DEPLOYS, deployment('web'))
    expect(r.code).toBe(409)
    expect(r.json.reason).toBe('AlreadyExists')
    expect(r.json.message).toBe('deployments.apps "web" already exists')
  })

  it('409 Conflict for a PUT with a stale resourceVersion', async () => {
    const current = (await s.call('GET', `${DEPLOYS}/web`)).json
    const stale = { ...current, metadata: { ...current.metadata, resourceVersion: '1' }, spec: { ...current.spec, replicas: 5 } }
    const r = await refused('PUT', `${DEPLOYS}/web`, stale)
    expect(r.code).toBe(409)
    expect(r.json.reason).toBe('Conflict')
    expect(r.json.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    )
    expect(r.json.details).toEqual({ name: 'web', group: 'apps', kind: 'deployments' })
  })

  it('415 for a body in a format Reel does not read', async () => {
    const r = await refused('POST', DEPLOYS, 'x', { 'content-type': 'application/cbor' })
    expect(r.code).toBe(415)
    expect(r.json.reason).toBe('UnsupportedMediaType')
    expect(r.json.message).toMatch(/^the body of the request was in an unknown format - accepted media types include: application\/json/)
    const p = await refused('PATCH', `${DEPLOYS}/web`, '{}', { 'content-type': 'application/json' })
    expect(p.code).toBe(415)
    expect(p.json.message).toContain('application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml')
  })

  it('422 Invalid carries the Kind and one cause per field path', async () => {
    const bad = { ...deployment('bad'), spec: { replicas: -1, template: deployment('bad').spec.template } }
    const r = await refused('POST', DEPLOYS, bad)
    expect(r.code).toBe(422)
    expect(r.json.reason).toBe('Invalid')
    expect(r.json.message).toMatch(/^Deployment\.apps "bad" is invalid: \[/)
    expect(r.json.details.kind).toBe('Deployment')
    expect(r.json.details.group).toBe('apps')
    const fields = r.json.details.causes.map((c: { field: string }) => c.field)
    expect(fields).toEqual(expect.arrayContaining(['spec.replicas', 'spec.selector']))
    expect(r.json.details.causes.find((c: { field: string }) => c.field === 'spec.selector').reason).toBe('FieldValueRequired')
  })

  it('a dry run writes nothing either', async () => {
    const before = s.head()
    const r = await s.call('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', configMap('dry'))
    expect(r.code).toBe(201)
    expect(s.head()).toBe(before)
    expect((await s.call('GET', '/api/v1/namespaces/default/configmaps/dry')).code).toBe(404)
  })
})
