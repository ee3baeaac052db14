import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../../src/runtime/engine.js'
import { buildServer } from '../../../src/server/server.js'
import { openMemoryEngine } from './engine.js'

let app: FastifyInstance
let engine: Engine
let base = ''

beforeAll(async () => {
  engine = await openMemoryEngine()
  app = buildServer(engine)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const addr = app.server.address()
  base = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`
})
afterAll(async () => {
  await app?.close()
  await engine?.log.close()
})

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } })
const post = async (o: object): Promise<{ metadata: { resourceVersion: string } }> =>
  (await (await fetch(`${base}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(o) })).json()) as { metadata: { resourceVersion: string } }

describe('watch over HTTP', () => {
  it('from a past resourceVersion replays every change since then, in order, then closes at timeoutSeconds', async () => {
    const a = await post(configMap('a'))
    await post(configMap('b'))
    await post(configMap('c'))
    const res = await fetch(`${base}/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${a.metadata.resourceVersion}&timeoutSeconds=1`)
    expect(res.status).toBe(200)
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } })
    expect(lines.map((l) => `${l.type} ${l.object.metadata.name}`)).toEqual(['ADDED b', 'ADDED c'])
  })

  it('without a resourceVersion starts with the current objects as ADDED, then live changes', async () => {
    const res = fetch(`${base}/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1`)
    await new Promise((r) => setTimeout(r, 100))
    await post(configMap('d'))
    const lines = (await (await res).text()).trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } })
    expect(lines.map((l) => `${l.type} ${l.object.metadata.name}`)).toEqual(['ADDED a', 'ADDED b', 'ADDED c', 'ADDED d'])
  })
})
