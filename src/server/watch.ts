import type { FastifyReply, FastifyRequest } from 'fastify'
import { isObjectEvent, type Event } from '../log/events.js'
import type { KObject } from '../model/meta.js'
import type { Engine } from '../runtime/engine.js'
import { listObjects } from '../state/clusterState.js'
import type { ResourcePath } from './path.js'
import { filterOf, passes, type Query } from './resources.js'
import { sendStatus } from './status.js'
import { includeObjectOf, TABLE_CONTENT_TYPE, toTable, wantsTable } from './table.js'

const WATCH_TYPE: Readonly<Record<string, string>> = { 'object/created': 'ADDED', 'object/updated': 'MODIFIED', 'object/deleted': 'DELETED' }

/**
 * A watch (`?watch=true|1`): chunked JSON lines `{"type","object"}`. Without `resourceVersion` (or with
 * "0") the current matching objects come first as ADDED; then every appended object event with
 * seq > resourceVersion. Objects are one-row Tables when the Accept asks for a Table. Closes after
 * `timeoutSeconds`, or when the client goes away.
 */
export const serveWatch = (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath): FastifyReply => {
  const q = req.query as Query
  const f = filterOf(q)
  if ('code' in f) return sendStatus(reply, f)
  const table = wantsTable(req.headers.accept)
  const include = includeObjectOf(q.includeObject)
  const rv = q.resourceVersion === undefined || q.resourceVersion === '' ? undefined : Number(q.resourceVersion)
  const wrap = (o: KObject): unknown => (table ? toTable(o.kind, [o], engine.world().nowMs, o.metadata.resourceVersion ?? '', include) : o)
  const wanted = (o: KObject): boolean =>
    o.kind === p.type.kind && (p.namespace === undefined || o.metadata.namespace === p.namespace) && passes(f, o)
  reply.hijack()
  const raw = reply.raw
  raw.writeHead(200, { 'content-type': table ? TABLE_CONTENT_TYPE : 'application/json', 'transfer-encoding': 'chunked' })
  // Send the headers now: a client (client-go's reflector) waits for them before it can stop a quiet watch.
  raw.flushHeaders()
  const send = (type: string, o: KObject): boolean => raw.write(`${JSON.stringify({ type, object: wrap(o) })}\n`)
  const state = engine.world().state
  if (rv === undefined || rv === 0) for (const o of listObjects(state, p.type.kind, p.namespace)) if (passes(f, o)) send('ADDED', o)
  const since = rv === undefined || rv === 0 ? state.seq : rv
  const onEvent = (e: Event): void => {
    if (!isObjectEvent(e) || e.seq <= since || !wanted(e.data.object)) return
    send(WATCH_TYPE[e.type]!, e.data.object)
  }
  const sub = engine.outputs$.subscribe({ next: (out) => out.appended.forEach(onEvent), error: () => raw.end() })
  const timeoutMs = q.timeoutSeconds !== undefined ? Number(q.timeoutSeconds) * 1000 : undefined
  const timer = timeoutMs !== undefined && timeoutMs > 0 ? setTimeout(() => raw.end(), timeoutMs) : undefined
  raw.on('close', () => {
    sub.unsubscribe()
    if (timer !== undefined) clearTimeout(timer)
  })
  return reply
}
