import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Command } from '../api/commands.js'
import type { KObject } from '../model/meta.js'
import { apiVersionOf, subjectOf } from '../model/resources.js'
import { matches, parseSelector, type Selector } from '../model/selector.js'
import { badRequest, isStatus, methodNotAllowed, notFound, type Status } from '../model/status.js'
import type { Engine } from '../runtime/engine.js'
import { getObject } from '../state/clusterState.js'
import { servedAs } from './legacyVersions.js'
import { parseResourcePath, type ResourcePath } from './path.js'
import { bodyParseFailure, nameMismatch, sendStatus, unsupportedMediaType } from './status.js'
import { includeObjectOf, TABLE_CONTENT_TYPE, toTable, wantsTable } from './table.js'
import { serveWatch } from './watch.js'
import { PROTOBUF_CONTENT_TYPE } from './protobuf/decode.js'
import { serveWrite } from './patch.js'
import { withUpdateFields } from './apply.js'
import { serveDelete, serveDeleteCollection } from './delete.js'
import { validateWriteOptions } from './options.js'
import { serveEviction } from './eviction.js'
import { servePodLog } from './podLog.js'
import { parseFieldSelector, matchesFields, type FieldRequirement } from './fieldSelector.js'
import { serveList } from './list.js'

/** Query parameters Reel reads (others are tolerated). */
export type Query = Readonly<Record<string, string | undefined>>

/** Label and field selectors of a request. */
export interface Filter {
  readonly labels: Selector
  readonly fields: readonly FieldRequirement[]
}

/** Parses `labelSelector` and `fieldSelector` for a kind, or a 400 Status. */
export const filterOf = (q: Query, kind: string): Filter | Status => {
  const labels = parseSelector(q.labelSelector ?? '')
  if (typeof labels === 'string') return badRequest(`unable to parse requirement: ${labels}`)
  const fields = parseFieldSelector(kind, q.fieldSelector ?? '')
  return isStatus(fields) ? fields : { labels, fields }
}

/** True when an object passes a filter. */
export const passes = (f: Filter, o: KObject): boolean => matches(f.labels, o.metadata.labels) && matchesFields(f.fields, o)

/** True when a filter selects everything. */
export const isUnfiltered = (f: Filter): boolean => f.labels !== null && f.labels.length === 0 && f.fields.length === 0

const actorOf = (req: FastifyRequest): string => {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
  return `user:${token ?? 'anonymous'}`
}

const clientCommandOf = (req: FastifyRequest): string | undefined => {
  const h = req.headers['kubectl-command']
  return typeof h === 'string' ? h : undefined
}

/** Answers with an object, as JSON or as a one-row Table when the Accept asks for one. */
export const sendObject = (reply: FastifyReply, req: FastifyRequest, engine: Engine, stored: KObject, code = 200): FastifyReply => {
  const served = parseResourcePath(req.url.split('?')[0] ?? '')
  const o = served === undefined ? stored : servedAs(stored, served.type)
  if (!wantsTable(req.headers.accept)) return reply.code(code).header('content-type', 'application/json').send(JSON.stringify(o))
  const table = toTable(o.kind, [o], engine.world().nowMs, o.metadata.resourceVersion ?? '', includeObjectOf((req.query as Query).includeObject))
  return reply.code(code).header('content-type', TABLE_CONTENT_TYPE).send(JSON.stringify(table))
}

/** Submits a command as the request's user (`Bearer` token or anonymous), with kubectl's `Kubectl-Command`; the written object or the refusal. */
export const submit = async (engine: Engine, req: FastifyRequest, command: Command): Promise<KObject | Status | undefined> => {
  const cc = clientCommandOf(req)
  const r = await engine.submit({ type: 'request', command, actor: actorOf(req), ...(cc !== undefined ? { clientCommand: cc } : {}) })
  if (r.type === 'refused') return r.status
  if (r.type !== 'decision') return undefined
  return r.decision.ok ? r.decision.object : r.decision.status
}

const isKObject = (x: unknown): x is KObject => typeof x === 'object' && x !== null && 'metadata' in x && typeof (x as KObject).metadata === 'object'

/** The body as an object of the URL's kind: apiVersion/kind filled in, the namespace from the URL (400 when the body names another). */
export const bodyObject = (p: ResourcePath, body: unknown): KObject | Status => {
  if (!isKObject(body)) return badRequest('the request body is not a Kubernetes object')
  if (p.namespace !== undefined && body.metadata.namespace !== undefined && body.metadata.namespace !== p.namespace)
    return badRequest('the namespace of the provided object does not match the namespace sent on the request')
  const ns = p.type.namespaced ? { namespace: p.namespace ?? 'default' } : {}
  return { ...body, apiVersion: apiVersionOf(p.type), kind: p.type.kind, metadata: { ...body.metadata, ...ns } }
}

const write = async (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath, verb: 'create' | 'update'): Promise<FastifyReply> => {
  const unparsable = bodyParseFailure(req.body)
  if (unparsable) return sendStatus(reply, unparsable)
  const badOptions = validateWriteOptions(req.query as Query, verb === 'create' ? 'CreateOptions' : 'UpdateOptions')
  if (badOptions) return sendStatus(reply, badOptions)
  const object = bodyObject(p, req.body)
  if (isStatus(object)) return sendStatus(reply, object)
  if (verb === 'update' && object.metadata.name !== p.name) return sendStatus(reply, nameMismatch(object.metadata.name ?? '', p.name ?? ''))
  const dryRun = (req.query as Query).dryRun === 'All'
  const old = verb === 'update' ? getObject(engine.world().state, p.type.kind, p.namespace, p.name ?? '') : undefined
  const tracked = verb === 'create' || old !== undefined ? withUpdateFields(engine, req, p, old, object) : object
  const res = await submit(engine, req, { verb, object: tracked, ...(dryRun ? { dryRun } : {}) })
  if (res === undefined) return sendStatus(reply, badRequest('nothing was written'))
  if (isStatus(res)) return sendStatus(reply, res)
  return sendObject(reply, req, engine, res, verb === 'create' ? 201 : 200)
}

/** Content types Reel reads request bodies in. */
const readable = (ct: string | undefined): boolean => ct === undefined || ct.startsWith('application/json') || ct.startsWith(PROTOBUF_CONTENT_TYPE)

/** Serves one resource URL: get, list, watch, create, update, delete. */
export const serveResource = async (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath): Promise<FastifyReply> => {
  const q = req.query as Query
  if (p.subresource === 'log') return servePodLog(engine, req, reply, p)
  if (p.subresource === 'eviction') return serveEviction(engine, req, reply, p)
  if (p.subresource !== undefined || req.method === 'PATCH') return serveWrite(engine, req, reply, p)
  if (req.body !== undefined && !readable(req.headers['content-type'])) return sendStatus(reply, unsupportedMediaType(req.headers['content-type'] ?? ''))
  const { name } = p
  switch (req.method) {
    case 'GET': {
      if (q.watch === 'true' || q.watch === '1') return serveWatch(engine, req, reply, p)
      if (name === undefined) return serveList(engine, req, reply, p)
      const o = getObject(engine.world().state, p.type.kind, p.namespace, name)
      return o === undefined ? sendStatus(reply, notFound(subjectOf(p.type, name))) : sendObject(reply, req, engine, o)
    }
    case 'POST':
      return name === undefined ? write(engine, req, reply, p, 'create') : sendStatus(reply, methodNotAllowed())
    case 'PUT':
      return name !== undefined ? write(engine, req, reply, p, 'update') : sendStatus(reply, methodNotAllowed())
    case 'DELETE':
      return name !== undefined ? serveDelete(engine, req, reply, p, name) : serveDeleteCollection(engine, req, reply, p)
    default:
      return sendStatus(reply, methodNotAllowed())
  }
}
