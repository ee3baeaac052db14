import * as E from 'fp-ts/lib/Either.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HEAD_HEADER } from '../adapters/httpEventLog.js'
import { encodeSnapshot } from '../history/snapshot.js'
import { badRequest } from '../model/status.js'
import type { ClockMode } from '../runtime/clock.js'
import type { Engine } from '../runtime/engine.js'
import { describeLogError } from '../ports/eventLog.js'
import { decodeRemoteInput } from './reelInputs.js'
import { internalError, sendStatus } from './status.js'

/** Most events one `GET /reel/v1/log/events` answers (clients page with `from`/`to`). */
export const EVENTS_PER_ANSWER_MAX = 10_000

/** What `POST /reel/v1/inputs` answers: the step's reply and the world after it, for a remote engine to follow. */
export interface InputAnswer {
  readonly reply: unknown
  /** The last seq of the world that answered: the log holds at least this much. */
  readonly head: number
  readonly nowMs: number
  readonly timers: unknown
}

const json = (reply: FastifyReply, body: unknown): FastifyReply => reply.header('content-type', 'application/json').send(JSON.stringify(body))

/** Who a request is from: `user:<bearer token>`, or `user:anonymous` without one. */
export const requestActor = (req: FastifyRequest): string => `user:${/^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? 'anonymous'}`

const seqParam = (value: string | undefined, fallback: number): number | undefined => {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  return Number.isInteger(n) && n >= 0 ? n : undefined
}

/**
 * The read side of the log over HTTP (what `adapters/httpEventLog.ts` consumes): meta, the events as
 * recorded (not upcast; one JSON text record `<CRC-32 hex> <JSON>` per line, whatever the
 * storage format), the per-object index and the snapshot side table (payload in base64; a reader at or past the
 * live world gets the live world's state, encoded as a snapshot).
 */
const logRoutes = (app: FastifyInstance, engine: Engine): void => {
  const log = engine.log
  app.get('/reel/v1/log/meta', async (_req, reply) => {
    const meta = await log.readMeta()()
    if (E.isLeft(meta)) return sendStatus(reply, internalError(describeLogError(meta.left)))
    return json(reply, { meta: meta.right ?? null, head: log.head() })
  })
  app.get('/reel/v1/log/events', async (req, reply) => {
    const q = req.query as { from?: string; to?: string }
    const head = log.head()
    const from = seqParam(q.from, 1)
    const to = seqParam(q.to, head)
    if (from === undefined || to === undefined) return sendStatus(reply, badRequest('from and to must be non-negative integers (seqs)'))
    const lines: string[] = []
    for await (const batch of log.readRecords(from, Math.min(to, head, Math.max(from, 1) + EVENTS_PER_ANSWER_MAX - 1))) lines.push(...batch)
    return reply.header(HEAD_HEADER, String(head)).header('content-type', 'text/plain; charset=utf-8').send(lines.length === 0 ? '' : `${lines.join('\n')}\n`)
  })
  app.get('/reel/v1/log/objects', async (req, reply) => {
    const key = (req.query as { key?: string }).key
    if (!key) return sendStatus(reply, badRequest('key is required (Kind/namespace/name)'))
    const seqs = await log.objectHistory(key)()
    if (E.isLeft(seqs)) return sendStatus(reply, internalError(describeLogError(seqs.left)))
    return json(reply.header(HEAD_HEADER, String(log.head())), { seqs: seqs.right })
  })
  app.get('/reel/v1/log/snapshot', async (req, reply) => {
    const at = seqParam((req.query as { at?: string }).at, log.head())
    if (at === undefined) return sendStatus(reply, badRequest('at must be a non-negative integer (a seq)'))
    // The live world is the nearest snapshot of all for a reader at or past it: one answer, no tail to fold.
    const world = engine.world().state
    if (at >= world.seq) return json(reply, { snapshot: { seq: world.seq, payloadBase64: Buffer.from(encodeSnapshot(world)).toString('base64') } })
    const snap = await log.nearestSnapshot(at)()
    if (E.isLeft(snap)) return sendStatus(reply, internalError(describeLogError(snap.left)))
    const found = snap.right
    return json(reply, { snapshot: found ? { seq: found.seq, payloadBase64: Buffer.from(found.payload).toString('base64') } : null })
  })
}

/**
 * The write side for Reel's own CLI: one `Input` as JSON, io-ts-checked (`reelInputs.ts`), attributed to
 * the bearer token, submitted to the single writer. A body that does not decode is a 400 and writes nothing.
 */
const inputRoutes = (app: FastifyInstance, engine: Engine): void => {
  app.post('/reel/v1/inputs', async (req, reply) => {
    if ((req.body as { __invalidJson?: boolean } | undefined)?.__invalidJson) return sendStatus(reply, badRequest('the body is not valid JSON'))
    const input = decodeRemoteInput(req.body, requestActor(req))
    if (E.isLeft(input)) return sendStatus(reply, badRequest(input.left))
    const answered = await engine.submit(input.right)
    const w = engine.world()
    return json(reply, { reply: answered, head: w.state.seq, nowMs: w.nowMs, timers: w.timers } satisfies InputAnswer)
  })
}

/**
 * Reel's own endpoints under `/reel/v1/` (next to the clock's settle/advance in `server.ts`):
 * `GET clock` (virtual now, mode, speed, the world's seq and its pending timers),
 * `GET log/meta|events|objects|snapshot`, `POST inputs`.
 */
export const registerReelApi = (app: FastifyInstance, engine: Engine, clock: ClockMode = { mode: 'virtual' }): void => {
  app.get('/reel/v1/clock', (_req, reply) => {
    const w = engine.world()
    const speed = clock.mode === 'real' ? { speed: clock.speed } : {}
    return json(reply, { nowMs: w.nowMs, mode: clock.mode, ...speed, head: w.state.seq, timers: w.timers })
  })
  logRoutes(app, engine)
  inputRoutes(app, engine)
}
