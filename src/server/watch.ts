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
 * "0") the current matching objects come first as ADDED; then every object event with seq >
 * resourceVersion, read back from the log when the version is in the past. Objects are one-row Tables when the Accept asks for a Table. Closes after
 * `timeoutSeconds`, or when the client goes away.
 */
export const serveWatch = (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath): FastifyReply => {
  const q = req.query as Query
  const f = filterOf(q, p.type.kind)
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
  // Events are sent once each, in seq order: from the log for a resourceVersion in the past, then live.
  let lastSeq = rv === undefined || rv === 0 ? state.seq : rv
  const onEvent = (e: Event): void => {
    if (e.seq <= lastSeq) return
    lastSeq = e.seq
    if (isObjectEvent(e) && wanted(e.data.object)) send(WATCH_TYPE[e.type]!, e.data.object)
  }
  let live = false
  const buffered: Event[] = []
  const sub = engine.outputs$.subscribe({
    next: (out) => out.appended.forEach((e) => (live ? onEvent(e) : buffered.push(e))),
    error: () => raw.end(),
  })
  void (async () => {
    // A watch from an older resourceVersion replays the log since then (the log keeps every event, so
    // no version is ever too old: Reel never answers 410 Expired for a watch).
    if (lastSeq < state.seq) for await (const batch of engine.log.read(lastSeq + 1, state.seq)) batch.forEach(onEvent)
    live = true
    buffered.splice(0).forEach(onEvent)
  })().catch(() => raw.end())
  const timeoutMs = q.timeoutSeconds !== undefined ? Number(q.timeoutSeconds) * 1000 : undefined
  const timer = timeoutMs !== undefined && timeoutMs > 0 ? setTimeout(() => raw.end(), timeoutMs) : undefined
  raw.on('close', () => {
    sub.unsubscribe()
    if (timer !== undefined) clearTimeout(timer)
  })
  return reply
}
