import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type Served } from './serve.js'

// A watch in a legacy version sends objects labelled with that version, as GET and list answer them.
let s: Served
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
}
beforeAll(async () => {
  s = await serve()
  expect((await s.call('POST', '/apis/apps/v1/namespaces/default/deployments', deployment)).code).toBe(201)
})
afterAll(async () => s?.close())

const watchedVersions = async (gv: string): Promise<string[]> =>
  (await s.app.inject({ method: 'GET', url: `/apis/${gv}/namespaces/default/deployments?watch=true&timeoutSeconds=1` })).body
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { object: { apiVersion: string } }).object.apiVersion)

describe('watches in a legacy apiVersion', () => {
  it('apps/v1beta1 objects come as apps/v1beta1; apps/v1 ones as apps/v1', async () => {
    expect(await watchedVersions('apps/v1beta1')).toEqual(['apps/v1beta1'])
    expect(await watchedVersions('apps/v1')).toEqual(['apps/v1'])
  })
})
