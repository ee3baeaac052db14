import type { FastifyInstance } from 'fastify'
import type { Engine } from '../../../src/runtime/engine.js'
import { buildServer } from '../../../src/server/server.js'
import { openMemoryEngine } from '../../e2e/serve/engine.js'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** An in-memory engine behind the HTTP API (not listening), and the calls the server tests make. */
export interface Served {
  readonly engine: Engine
  readonly app: FastifyInstance
  /** The log's head: a refusal must leave it where it was. */
  readonly head: () => number
  /** One request; a body object is sent as JSON unless a content type says otherwise. */
  readonly call: (method: Method, url: string, body?: unknown, headers?: Record<string, string>) => Promise<{ code: number; json: any; text: string }>
  readonly close: () => Promise<void>
}

export const serve = async (): Promise<Served> => {
  const engine = await openMemoryEngine()
  const app = buildServer(engine)
  await app.ready()
  return {
    engine,
    app,
    head: () => engine.log.head(),
    call: async (method, url, body, headers = {}) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
      const res =
        payload !== undefined
          ? await app.inject({ method, url, payload, headers: { 'content-type': 'application/json', ...headers } })
          : await app.inject({ method, url, headers })
      let json: any
      try {
        json = JSON.parse(res.body)
      } catch {
        json = undefined
      }
      return { code: res.statusCode, json, text: res.body }
    },
    close: async () => {
      await app.close()
      await engine.log.close()
    },
  }
}

export const configMap = (name: string, data: Record<string, string> = { k: name }) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data })

export const deployment = (name: string, replicas = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
  },
})
