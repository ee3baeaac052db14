import type { FastifyReply, FastifyRequest } from 'fastify'
import type { KObject } from '../model/meta.js'
import { apiVersionOf } from '../model/resources.js'
import { isStatus } from '../model/status.js'
import type { Engine } from '../runtime/engine.js'
import { type ClusterState, listObjects } from '../state/clusterState.js'
import type { ResourcePath } from './path.js'
import { continueExpired, decodeContinue, encodeContinue, rememberState, stateAtSeq, tooOld } from './paging.js'
import { filterOf, isUnfiltered, passes, type Query } from './resources.js'
import { sendStatus } from './status.js'
import { includeObjectOf, TABLE_CONTENT_TYPE, toTable, wantsTable } from './table.js'
import { servedAs } from './legacyVersions.js'

const sortKey = (o: KObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`

/** `limit`: a positive integer, or undefined for "everything" (0, negative or garbage, as upstream ignores them). */
const limitOf = (q: Query): number | undefined => {
  const n = Number(q.limit)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

/**
 * The state a list is served from: the one its `continue` token pins, the exact `resourceVersion` asked
 * with `resourceVersionMatch=Exact`, or the live one (any other resourceVersion: "not older than", which
 * the live state always is). Returns the key to start after for a continued list.
 */
const sourceOf = async (engine: Engine, q: Query) => {
  if (q.continue !== undefined && q.continue !== '') {
    const token = decodeContinue(q.continue)
    if (isStatus(token)) return token
    const state = await stateAtSeq(engine, token.rv, continueExpired())
    return isStatus(state) ? state : { state, after: token.start }
  }
  if (q.resourceVersionMatch === 'Exact' && q.resourceVersion !== undefined && q.resourceVersion !== '') {
    const rv = Number(q.resourceVersion)
    const state = await stateAtSeq(engine, Number.isInteger(rv) ? rv : -1, tooOld(rv, engine.world().state.seq))
    return isStatus(state) ? state : { state }
  }
  return { state: engine.world().state }
}

/** A list's metadata: its seq, and for a page, the token and count of what is left. */
interface ListMeta {
  readonly resourceVersion: string
  readonly continue?: string
  readonly remainingItemCount?: number
}

/** One page: the items after `after`, at most `limit`, and what the list's metadata says about the rest. */
const pageOf = (items: readonly KObject[], state: ClusterState, after: string | undefined, limit: number | undefined, countable: boolean): { page: readonly KObject[]; meta: ListMeta } => {
  const from = after === undefined ? 0 : items.findIndex((o) => sortKey(o) > after)
  const rest = from < 0 ? [] : items.slice(from)
  if (limit === undefined || rest.length <= limit) return { page: rest, meta: { resourceVersion: String(state.seq) } }
  const page = rest.slice(0, limit)
  const token = encodeContinue({ rv: state.seq, start: sortKey(page[page.length - 1]!) })
  // Upstream counts the remainder only when nothing filters the list; Reel follows it.
  const remaining = countable ? { remainingItemCount: rest.length - limit } : {}
  return { page, meta: { resourceVersion: String(state.seq), continue: token, ...remaining } }
}

/**
 * A list (`GET` on a collection): label and field selectors, `limit`/`continue` paging, `resourceVersion`
 * with `resourceVersionMatch=Exact`, as a `<Kind>List` or a Table. Every page of a paged list comes
 * from the state at the first page's seq, folded from the log when the cluster has moved since.
 */
export const serveList = async (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath): Promise<FastifyReply> => {
  const q = req.query as Query
  const f = filterOf(q, p.type.kind)
  if (isStatus(f)) return sendStatus(reply, f)
  const source = await sourceOf(engine, q)
  if (isStatus(source)) return sendStatus(reply, source)
  const { state } = source
  const items = listObjects(state, p.type.kind, p.type.namespaced ? p.namespace : undefined).filter((o) => passes(f, o))
  const { page, meta } = pageOf(items, state, 'after' in source ? source.after : undefined, limitOf(q), isUnfiltered(f))
  if (meta.continue !== undefined) rememberState(engine, state)
  if (wantsTable(req.headers.accept)) {
    const table = toTable(p.type.kind, page, engine.world().nowMs, meta.resourceVersion, includeObjectOf(q.includeObject))
    return reply.header('content-type', TABLE_CONTENT_TYPE).send(JSON.stringify({ ...table, metadata: meta }))
  }
  const body = { kind: `${p.type.kind}List`, apiVersion: apiVersionOf(p.type), metadata: meta, items: page.map((o) => servedAs(o, p.type)) }
  return reply.header('content-type', 'application/json').send(JSON.stringify(body))
}
