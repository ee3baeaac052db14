import type { FastifyReply, FastifyRequest } from 'fastify'
import { isObjectEvent, type Event } from '../log/events.js'
import { type KObject, keyOf } from '../model/meta.js'
import { apiVersionOf } from '../model/resources.js'
import { isStatus } from '../model/status.js'
import type { Engine } from '../runtime/engine.js'
import { listObjects } from '../state/clusterState.js'
import type { ResourcePath } from './path.js'
import { stateAtSeq } from './paging.js'
import { filterOf, isUnfiltered, passes, type Query } from './resources.js'
import { sendStatus, unknownPath } from './status.js'
import { includeObjectOf, TABLE_CONTENT_TYPE, toTable, wantsTable } from './table.js'
import { servedAs } from './legacyVersions.js'
import { trackWatch } from './watchPacing.js'

const WATCH_TYPE: Readonly<Record<string, string>> = { 'object/created': 'ADDED', 'object/updated': 'MODIFIED', 'object/deleted': 'DELETED' }

/** How long a watch that asked for bookmarks stays silent before it gets one (wall time: the watch is a shell). */
export const BOOKMARK_IDLE_MS = 1000

/** The annotation on the bookmark that ends a watch's initial events (WatchList, `sendInitialEvents=true`). */
export const INITIAL_EVENTS_END = 'k8s.io/initial-events-end'

/**
 * Stored objects are immutable values, so their JSON can be shared: with many watchers on one resource,
 * serializing each event once instead of once per watcher is most of the server's work.
 */
const lineCache = new WeakMap<KObject, { readonly type: string; readonly bytes: Buffer }>()
const serializedLine = (type: string, o: KObject): Buffer => {
  const hit = lineCache.get(o)
  if (hit !== undefined && hit.type === type) return hit.bytes
  const bytes = Buffer.from(`{"type":"${type}","object":${JSON.stringify(o)}}\n`)
  lineCache.set(o, { type, bytes })
  return bytes
}

/**
 * A step's lines as one chunk, shared by the watchers that send that step exactly these lines (the usual
 * case: many watchers on one resource): concatenated once per step, not once per watcher.
 */
const chunkCache = new WeakMap<object, { readonly lines: readonly Buffer[]; readonly bytes: Buffer }>()
const chunkOf = (step: object, lines: readonly Buffer[]): Buffer => {
  if (lines.length === 1) return lines[0]!
  const hit = chunkCache.get(step)
  if (hit !== undefined && hit.lines.length === lines.length && hit.lines.every((l, i) => l === lines[i])) return hit.bytes
  const bytes = Buffer.concat(lines)
  chunkCache.set(step, { lines, bytes })
  return bytes
}

const isTrue = (v: string | undefined): boolean => v === 'true' || v === '1'

/**
 * A watch (`?watch=true|1`): chunked JSON lines `{"type","object"}`.
 * - Initial events: without `resourceVersion` (or "0"), or with `sendInitialEvents=true`, the current
 *   matching objects come first as ADDED (`sendInitialEvents=false` turns them off).
 * - Then every object event with seq > resourceVersion, read back from the log when the version is in the
 *   past (the log keeps every event, so Reel never answers 410 Expired to a watch), then live ones. With a
 *   label or field selector, an object that starts matching comes as ADDED and one that stops as DELETED.
 * - BOOKMARKs only with `allowWatchBookmarks=true`: after the initial events when `sendInitialEvents=true`
 *   (annotated `k8s.io/initial-events-end: "true"`), and after each {@link BOOKMARK_IDLE_MS} of silence.
 *   `resourceVersionMatch` is tolerated.
 * - Objects are one-row Tables when the Accept asks for a Table. Closes after `timeoutSeconds`, or when
 *   the client goes away.
 */
export const serveWatch = (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath): FastifyReply => {
  const q = req.query as Query
  const f = filterOf(q, p.type.kind)
  if ('code' in f) return sendStatus(reply, f)
  const table = wantsTable(req.headers.accept)
  const include = includeObjectOf(q.includeObject)
  const rv = q.resourceVersion === undefined || q.resourceVersion === '' ? undefined : Number(q.resourceVersion)
  const fromNow = rv === undefined || rv === 0 || !Number.isFinite(rv)
  const initial = isTrue(q.sendInitialEvents) || (q.sendInitialEvents !== 'false' && fromNow)
  const bookmarks = isTrue(q.allowWatchBookmarks)
  const wrap = (o: KObject): unknown => (table ? toTable(o.kind, [o], engine.world().nowMs, o.metadata.resourceVersion ?? '', include) : o)
  const inScope = (o: KObject): boolean => o.kind === p.type.kind && (p.namespace === undefined || o.metadata.namespace === p.namespace)
  reply.hijack()
  const raw = reply.raw
  raw.writeHead(200, { 'content-type': table ? TABLE_CONTENT_TYPE : 'application/json', 'transfer-encoding': 'chunked' })
  // Send the headers now: a client (client-go's reflector) waits for them before it can stop a quiet watch.
  raw.flushHeaders()
  trackWatch(engine, raw)
  let quiet = true
  /** While a step's events are handled: their serialized lines, written together at the end. */
  let pending: Buffer[] | undefined
  const line = (event: unknown): void => {
    quiet = false
    raw.write(`${JSON.stringify(event)}\n`)
  }
  const send = (type: string, stored: KObject): void => {
    // In a legacy version (apps/v1beta1, autoscaling/v1, …) the object is relabelled as GET and list do.
    const o = servedAs(stored, p.type)
    if (table) return line({ type, object: wrap(o) })
    // The same bytes as JSON.stringify({ type, object: o }), with the object serialized once for all watchers.
    quiet = false
    if (pending !== undefined) pending.push(serializedLine(type, o))
    else raw.write(serializedLine(type, o))
  }
  const bookmark = (seq: number, annotations?: Record<string, string>): void =>
    line({ type: 'BOOKMARK', object: { kind: p.type.kind, apiVersion: apiVersionOf(p.type), metadata: { resourceVersion: String(seq), ...(annotations ? { annotations } : {}) } } })
  const state = engine.world().state
  if (initial) for (const o of listObjects(state, p.type.kind, p.namespace)) if (passes(f, o)) send('ADDED', o)
  // Events are sent once each, in seq order: from the log for a resourceVersion in the past, then live.
  let lastSeq = fromNow ? state.seq : rv!
  if (initial && bookmarks && isTrue(q.sendInitialEvents)) bookmark(state.seq, { [INITIAL_EVENTS_END]: 'true' })
  // With a selector, what the client sees is a set that objects enter (ADDED) and leave (DELETED) as
  // their labels or fields change, as upstream's watch cache filters; without one every event passes.
  const filtered = !isUnfiltered(f)
  const selected = new Set<string>()
  const onEvent = (e: Event): void => {
    if (e.seq <= lastSeq) return
    lastSeq = e.seq
    if (!isObjectEvent(e) || !inScope(e.data.object)) return
    const o = e.data.object
    if (!filtered) return send(WATCH_TYPE[e.type]!, o)
    const k = keyOf(o)
    const was = selected.has(k)
    const now = e.type !== 'object/deleted' && passes(f, o)
    if (now) selected.add(k)
    else selected.delete(k)
    const type = was && now ? 'MODIFIED' : now ? 'ADDED' : was ? 'DELETED' : undefined
    if (type !== undefined) send(type, o)
  }
  const seed = async (): Promise<void> => {
    if (!filtered) return
    const from = lastSeq === state.seq ? state : await stateAtSeq(engine, lastSeq, unknownPath())
    for (const o of listObjects(isStatus(from) ? state : from, p.type.kind, p.namespace)) if (passes(f, o)) selected.add(keyOf(o))
  }
  let live = false
  const buffered: Event[] = []
  const sub = engine.outputs$.subscribe({
    next: (out) => {
      // One step's lines leave in one chunk (one socket write), not one write each.
      pending = []
      out.appended.forEach((e) => (live ? onEvent(e) : buffered.push(e)))
      const lines = pending
      pending = undefined
      if (lines.length > 0) raw.write(chunkOf(out, lines))
    },
    error: () => raw.end(),
  })
  void (async () => {
    await seed()
    if (lastSeq < state.seq) for await (const batch of engine.log.read(lastSeq + 1, state.seq)) batch.forEach(onEvent)
    live = true
    buffered.splice(0).forEach(onEvent)
  })().catch(() => raw.end())
  // A bookmark after each idle interval tells the client how far it has seen, so a re-watch resumes there.
  const idle = bookmarks
    ? setInterval(() => {
        if (live && quiet) bookmark(lastSeq)
        quiet = true
      }, BOOKMARK_IDLE_MS)
    : undefined
  const timeoutMs = q.timeoutSeconds !== undefined ? Number(q.timeoutSeconds) * 1000 : undefined
  const timer = timeoutMs !== undefined && timeoutMs > 0 ? setTimeout(() => raw.end(), timeoutMs) : undefined
  raw.on('close', () => {
    sub.unsubscribe()
    if (timer !== undefined) clearTimeout(timer)
    if (idle !== undefined) clearInterval(idle)
  })
  return reply
}
