import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { parse as parseYaml } from 'yaml'
import { parseDurationMs } from '../kernel/duration.js'
import { badRequest } from '../model/status.js'
import type { ClockMode } from '../runtime/clock.js'
import type { Engine } from '../runtime/engine.js'
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroupList,
  apiVersions,
  openapiDocument,
  openapiIndex,
  resourceList,
  typesOf,
  versionInfo,
  wantsAggregated,
} from './discovery.js'
import { parseResourcePath } from './path.js'
import { PROTOBUF_CONTENT_TYPE } from './protobuf/decode.js'
import { parseProtobufBody, refusalOf } from './protobuf/bodyParser.js'
import { registerReelApi, requestActor } from './reelApi.js'
import { serveResource } from './resources.js'
import { internalError, sendStatus, unknownPath } from './status.js'

/** Options of {@link buildServer}. */
export interface ServerOptions {
  /** The `host:port` discovery advertises (`serverAddressByClientCIDRs`). */
  readonly address?: string
  /** Longest virtual time `POST /reel/v1/clock/settle` runs for (default 1h). */
  readonly settleMaxMs?: number
  /** How the server's virtual clock moves (reported by `GET /reel/v1/clock`; default virtual). */
  readonly clock?: ClockMode
}

const json = (reply: FastifyReply, body: unknown, contentType = 'application/json'): FastifyReply =>
  reply.header('content-type', contentType).send(JSON.stringify(body))

const discovery = (app: FastifyInstance, opts: ServerOptions): void => {
  app.get('/version', (_req, reply) => json(reply, versionInfo()))
  app.get('/api', (req, reply) =>
    wantsAggregated(req.headers.accept) ? json(reply, aggregatedDiscovery(true), AGGREGATED_CONTENT_TYPE) : json(reply, apiVersions(opts.address ?? '127.0.0.1')),
  )
  app.get('/apis', (req, reply) =>
    wantsAggregated(req.headers.accept) ? json(reply, aggregatedDiscovery(false), AGGREGATED_CONTENT_TYPE) : json(reply, apiGroupList()),
  )
  app.get('/openapi/v3', (_req, reply) => json(reply, openapiIndex()))
  app.get('/openapi/v3/*', (req, reply) => {
    const gv = (req.params as { '*': string })['*'].replace(/^apis?\//, '')
    return typesOf(gv) ? json(reply, openapiDocument(gv)) : sendStatus(reply, unknownPath())
  })
}

/**
 * The virtual clock endpoints (under `--clock virtual`, the default, time moves only through them):
 * - `POST /reel/v1/clock/settle` fires timers until quiescent (at most `settleMaxMs`);
 * - `POST /reel/v1/clock/advance?by=30s` moves the clock by a Go-style duration.
 * Both answer `{"nowMs": …, "quiescent": …}`.
 */
const clock = (app: FastifyInstance, engine: Engine, opts: ServerOptions): void => {
  const answer = async (reply: FastifyReply, input: Parameters<Engine['submit']>[0]): Promise<FastifyReply> => {
    const r = await engine.submit(input)
    return json(reply, r.type === 'clock' ? { nowMs: r.nowMs, quiescent: r.quiescent } : { nowMs: engine.world().nowMs })
  }
  app.post('/reel/v1/clock/settle', (req, reply) => answer(reply, { type: 'settle', maxMs: opts.settleMaxMs ?? 3_600_000, actor: requestActor(req) }))
  app.post('/reel/v1/clock/advance', (req, reply) => {
    const by = parseDurationMs((req.query as { by?: string }).by ?? '')
    if (by === undefined) return sendStatus(reply, badRequest('by must be a duration such as 30s'))
    return answer(reply, { type: 'advance', byMs: by, actor: requestActor(req) })
  })
}

const resources = (app: FastifyInstance, engine: Engine): void => {
  const handler = (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0] ?? ''
    const gv = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))\/?$/.exec(path)
    if (gv && req.method === 'GET') {
      const name = gv[1] ?? gv[2] ?? ''
      const types = typesOf(name)
      return types ? json(reply, resourceList(name, types)) : sendStatus(reply, unknownPath())
    }
    const p = parseResourcePath(path)
    return p === undefined ? sendStatus(reply, unknownPath()) : serveResource(engine, req, reply, p)
  }
  app.all('/api/*', handler)
  app.all('/apis/*', handler)
}

/**
 * The Kubernetes API over an engine (not listening): discovery, minimal OpenAPI v3, get/list/watch,
 * create/update/delete, and the virtual clock endpoints. Writes go through `engine.submit`; reads
 * come from `engine.world().state`. Bodies are JSON (YAML for apply patches), or Kubernetes protobuf for
 * the kinds of `protobuf/schema.ts` (kubectl 1.32's typed commands); others are refused with 415.
 */
export const buildServer = (engine: Engine, opts: ServerOptions = {}): FastifyInstance => {
  const app = Fastify({ logger: false })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    const ct = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    const yaml = ct === 'application/apply-patch+yaml'
    if (!ct.startsWith('application/json') && !ct.endsWith('+json') && !yaml) return done(null, body)
    try {
      done(null, body === '' ? undefined : yaml ? parseYaml(body as string) : JSON.parse(body as string))
    } catch (e) {
      done(null, { __invalidJson: true, message: e instanceof Error ? e.message : String(e) })
    }
  })
  app.addContentTypeParser(PROTOBUF_CONTENT_TYPE, { parseAs: 'buffer' }, parseProtobufBody)
  discovery(app, opts)
  clock(app, engine, opts)
  registerReelApi(app, engine, opts.clock)
  resources(app, engine)
  app.setNotFoundHandler((_req, reply) => sendStatus(reply, unknownPath()))
  app.setErrorHandler((err: Error, _req, reply) => sendStatus(reply, refusalOf(err) ?? internalError(err.message)))
  return app
}
