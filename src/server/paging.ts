import * as E from 'fp-ts/lib/Either.js'
import { stateAt } from '../history/stateAt.js'
import type { Status } from '../model/status.js'
import { badRequest } from '../model/status.js'
import type { Engine } from '../runtime/engine.js'
import type { ClusterState } from '../state/clusterState.js'
import { internalError } from './status.js'

/**
 * What a `continue` token holds: the seq the first page was served at (`rv`) and the key of the last
 * object returned (`start`: the next page begins after it). Encoded as upstream's: base64 of
 * `{"v":"meta.k8s.io/v1","rv":…,"start":…}`; clients treat it as opaque.
 */
export interface ContinueToken {
  readonly rv: number
  readonly start: string
}

const VERSION = 'meta.k8s.io/v1'

export const encodeContinue = (t: ContinueToken): string => Buffer.from(JSON.stringify({ v: VERSION, rv: t.rv, start: t.start })).toString('base64')

/** Decodes a token; a malformed one is a 400 (`continue key is not valid: …`, upstream's wording). */
export const decodeContinue = (token: string): ContinueToken | Status => {
  const bad = (why: string): Status => badRequest(`continue key is not valid: ${why}`)
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(token)) return bad('illegal base64 data')
  let raw: unknown
  try {
    raw = JSON.parse(Buffer.from(token, 'base64').toString('utf8'))
  } catch {
    return bad('the token is not JSON')
  }
  if (typeof raw !== 'object' || raw === null) return bad('the token is not an object')
  const { v, rv, start } = raw as Record<string, unknown>
  if (v !== VERSION) return bad(`got version ${JSON.stringify(v)}, expected ${VERSION}`)
  if (typeof rv !== 'number' || !Number.isInteger(rv)) return bad('incorrect encoded start resourceVersion (version meta.k8s.io/v1)')
  if (typeof start !== 'string' || start === '') return bad('encoded start key is empty')
  return { rv, start }
}

/** 410 for a token whose seq Reel cannot serve (upstream's message for a compacted continue). */
export const continueExpired = (): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message:
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  reason: 'Expired',
  details: {},
  code: 410,
})

/** 410 for a list at an exact resourceVersion outside the log (upstream: `too old resource version: N (M)`). */
export const tooOld = (rv: number, head: number): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: `too old resource version: ${rv} (${head})`,
  reason: 'Expired',
  details: {},
  code: 410,
})

const CACHED_STATES = 4
const caches = new WeakMap<Engine, Map<number, ClusterState>>()

const cacheOf = (engine: Engine): Map<number, ClusterState> => {
  let c = caches.get(engine)
  if (c === undefined) caches.set(engine, (c = new Map()))
  return c
}

/** Remembers a state a paged list was served from, so its next pages cost no fold. Keeps the last few. */
export const rememberState = (engine: Engine, s: ClusterState): void => {
  const c = cacheOf(engine)
  c.delete(s.seq)
  c.set(s.seq, s)
  while (c.size > CACHED_STATES) c.delete(c.keys().next().value!)
}

/**
 * The state as of `seq`: the live one, a remembered one, or a fold of the log up to it (time travel, so
 * every page of a list comes from the same instant however the cluster moved since). Reel keeps the whole
 * log, so only a seq outside `1..head` cannot be served.
 */
export const stateAtSeq = async (engine: Engine, seq: number, expired: Status): Promise<ClusterState | Status> => {
  const live = engine.world().state
  if (seq === live.seq) return live
  if (seq < 1 || seq > live.seq) return expired
  const hit = cacheOf(engine).get(seq)
  if (hit !== undefined) return hit
  const folded = await stateAt(engine.log, seq)
  if (E.isLeft(folded)) return internalError(`cannot rebuild the state at ${seq}`)
  rememberState(engine, folded.right)
  return folded.right
}
