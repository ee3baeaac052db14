import * as E from 'fp-ts/lib/Either.js'
import type { FastifyInstance } from 'fastify'
import { firstValueFrom } from 'rxjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openHttpEventLog } from '../../src/adapters/httpEventLog.js'
import { memoryEventLog } from '../../src/adapters/memoryEventLog.js'
import { hashLog, hashState } from '../../src/history/hash.js'
import { decodeSnapshot } from '../../src/history/snapshot.js'
import { stateAt } from '../../src/history/stateAt.js'
import type { Event } from '../../src/log/events.js'
import { defaultNodeShapes } from '../../src/model/cluster.js'
import type { KObject } from '../../src/model/meta.js'
import type { EventLog } from '../../src/ports/eventLog.js'
import { openEngine, type Engine } from '../../src/runtime/engine.js'
import { openRemoteEngine } from '../../src/runtime/remoteEngine.js'
import { buildServer } from '../../src/server/server.js'
import { CONTROLLERS } from '../../src/sim/controllers.js'

const deployment = (name: string, replicas: number): KObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  }) as KObject

const all = async <A>(it: AsyncIterable<readonly A[]>): Promise<A[]> => {
  const out: A[] = []
  for await (const b of it) out.push(...b)
  return out
}

let engine: Engine
let app: FastifyInstance
let url: string

const post = (body: string, token?: string) =>
  fetch(`${url}/reel/v1/inputs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  })

const remoteLog = async (pageEvents?: number): Promise<EventLog> => {
  const opened = await openHttpEventLog({ url }, pageEvents)()
  if (E.isLeft(opened)) throw new Error(opened.left._tag)
  return opened.right
}

beforeAll(async () => {
  const log = memoryEventLog()
  await log.initialize({ formatVersion: 1, seed: 7, createdWith: 'reel test' })()
  // Snapshots every 20 events, so a remote fold starts from a snapshot fetched over HTTP.
  engine = await openEngine(log, { controllers: CONTROLLERS, seed: 7, cluster: { nodes: defaultNodeShapes(2) }, actor: 'user:admin', snapshotEveryEvents: 20 })
  await engine.submit({ type: 'request', command: { verb: 'create', object: deployment('web', 3) }, actor: 'user:admin' })
  await engine.submit({ type: 'settle', maxMs: 3_600_000, actor: 'user:admin' })
  app = buildServer(engine)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const addr = app.server.address()
  url = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`
})

afterAll(async () => {
  await app.close()
})

describe('given a server over a log of more than one snapshot interval', () => {
  it('the HTTP log reads the same events, records, index and snapshots as the local one, page by page', async () => {
    const remote = await remoteLog(7)
    expect(engine.log.head()).toBeGreaterThan(30)
    expect(remote.head()).toBe(engine.log.head())
    expect(await all(remote.read(1))).toEqual(await all(engine.log.read(1)))
    expect(await all(remote.read(5, 23))).toEqual(await all(engine.log.read(5, 23)))
    expect(await all(remote.readRecords(1))).toEqual(await all(engine.log.readRecords(1)))
    expect(await hashLog(remote)).toBe(await hashLog(engine.log))
    expect(await remote.objectHistory('Deployment/default/web')()).toEqual(await engine.log.objectHistory('Deployment/default/web')())
    // Below the live world: the stored snapshots themselves.
    const stored = await engine.log.nearestSnapshot(engine.log.head() - 1)()
    const bytes = (x: typeof stored) => (E.isRight(x) && x.right ? [x.right.seq, Buffer.from(x.right.payload).toString('base64')] : undefined)
    expect(E.isRight(stored) && stored.right?.seq).toBeGreaterThan(0)
    expect(bytes(await remote.nearestSnapshot(engine.log.head() - 1)())).toEqual(bytes(stored))
  })

  it('answers a snapshot request at the head with the live world, so a reader folds nothing', async () => {
    const remote = await remoteLog()
    const live = await remote.nearestSnapshot(remote.head())()
    expect(E.isRight(live) && live.right && [live.right.seq, hashState(decodeSnapshot(live.right.payload))]).toEqual([
      engine.world().state.seq,
      hashState(engine.world().state),
    ])
  })

  it('folds to the server\'s state (snapshot + tail over HTTP)', async () => {
    const s = await stateAt(await remoteLog())
    expect(E.isRight(s) && hashState(s.right)).toBe(hashState(engine.world().state))
  })

  it('refuses writes through the log port: only the inputs endpoint writes', async () => {
    const remote = await remoteLog()
    const r = await remote.append([], remote.head())()
    expect(E.isLeft(r) && r.left._tag).toBe('Io')
  })
})

describe('a remote engine', () => {
  it('submits to the server and follows its log: same world, the new events on outputs$, the server\'s timers', async () => {
    const remote = await openRemoteEngine({ url, token: 'alice' }, CONTROLLERS)
    expect(hashState(remote.world().state)).toBe(hashState(engine.world().state))
    const before = engine.log.head()
    const emitted = firstValueFrom(remote.outputs$)
    const reply = await remote.submit({ type: 'request', command: { verb: 'create', object: deployment('api', 2) }, actor: 'ignored', clientCommand: 'reel apply -f api.yaml' })
    expect(reply.type === 'decision' && reply.decision.ok).toBe(true)
    expect(hashState(remote.world().state)).toBe(hashState(engine.world().state))
    expect(remote.world().timers).toEqual(engine.world().timers)
    const appended = (await emitted).appended
    expect(appended.map((e) => e.seq)).toEqual(Array.from({ length: engine.log.head() - before }, (_, i) => before + 1 + i))
    const first = (await all(engine.log.read(before + 1, before + 1)))[0] as Event
    expect([first.actor, 'command' in first.data ? first.data.command : undefined]).toEqual(['user:alice', 'reel apply -f api.yaml'])
    const settled = await remote.submit({ type: 'settle', maxMs: 3_600_000, actor: 'ignored' })
    expect(settled.type === 'clock' && settled.nowMs).toBe(engine.world().nowMs)
    expect(remote.world().nowMs).toBe(engine.world().nowMs)
  })

  it('records a fault as the local CLI does (actor fault)', async () => {
    const remote = await openRemoteEngine({ url }, CONTROLLERS)
    await remote.submit({ type: 'fault', fault: { type: 'kubelet-stop', target: 'node-2' }, actor: 'fault' })
    const last = (await all(engine.log.read(engine.log.head())))[0] as Event
    expect([last.type, last.actor]).toEqual(['fault/injected', 'fault'])
  })
})

describe('POST /reel/v1/inputs refuses what it cannot check, writing nothing', () => {
  it.each([
    ['the engine\'s own start', JSON.stringify({ type: 'start', seed: 1, cluster: { nodes: [] }, actor: 'x' }), /type: unsupported input "start"/],
    ['an object without metadata', JSON.stringify({ type: 'request', command: { verb: 'create', object: { apiVersion: 'v1', kind: 'Pod' } } }), /command/],
    ['a negative advance', JSON.stringify({ type: 'advance', byMs: -5 }), /byMs/],
    ['an unknown fault', JSON.stringify({ type: 'fault', fault: { type: 'meteor', target: 'node-1' } }), /fault/],
    ['invalid JSON', '{"type": ', /not valid JSON/],
  ])('%s → 400', async (_what, body, message) => {
    const head = engine.log.head()
    const res = await post(body)
    expect(res.status).toBe(400)
    const status = (await res.json()) as { kind: string; message: string }
    expect(status.kind).toBe('Status')
    expect(status.message).toMatch(message)
    expect(engine.log.head()).toBe(head)
  })

  it('POST /reel/v1/clock/advance records clock/advanced by the bearer token\'s user', async () => {
    const res = await fetch(`${url}/reel/v1/clock/advance?by=30s`, { method: 'POST', headers: { authorization: 'Bearer bob' } })
    expect(res.status).toBe(200)
    const last = (await all(engine.log.read(engine.log.head())))[0] as Event
    expect([last.type, last.actor]).toEqual(['clock/advanced', 'user:bob'])
  })

  it('GET /reel/v1/clock tells the mode, virtual now, the world\'s seq and pending timers', async () => {
    const c = (await (await fetch(`${url}/reel/v1/clock`)).json()) as Record<string, unknown>
    expect(c).toEqual({ nowMs: engine.world().nowMs, mode: 'virtual', head: engine.world().state.seq, timers: engine.world().timers })
  })
})
