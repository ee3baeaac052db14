// API benchmark: `buildServer` over an engine (memory log) holding one Deployment of N pods.
// 1. GET the pod list as a kubectl Table and as JSON (fastify `inject`: server time, no socket);
// 2. W concurrent watchers (`?watch=true`, real sockets) follow a rolling update of M replicas driven by
//    1 s clock advances, as a live cluster would produce it; the lag of a delivery is the wall time from
//    the engine emitting the persisted step to the watcher reading the event's line.
// Run standalone (the bench runner spawns it): `node --import tsx test/bench/api.ts 10000 100 1000`.
import type { AddressInfo } from 'node:net'
import { Worker } from 'node:worker_threads'
import { memoryEventLog } from '../../src/adapters/memoryEventLog.js'
import { defaultNodeShapes } from '../../src/model/cluster.js'
import { type Engine, openEngine } from '../../src/runtime/engine.js'
import { buildServer } from '../../src/server/server.js'
import { TABLE_CONTENT_TYPE } from '../../src/server/table.js'
import { CONTROLLERS } from '../../src/sim/controllers.js'
import { isMain } from './child.js'
import { percentile } from './report.js'
import { allReady, deployment, IMAGE_V1, IMAGE_V2, rolloutComplete } from './sim.js'

export interface ListTiming {
  readonly medianMs: number
  readonly minMs: number
  readonly bytes: number
}

export interface ApiResult {
  readonly pods: number
  readonly table: ListTiming
  readonly json: ListTiming
  readonly watchers: number
  readonly watchReplicas: number
  readonly deliveries: number
  readonly lagP50Ms: number
  readonly lagP99Ms: number
  readonly lagMaxMs: number
  /** Wall time of the watched rollout, advances and deliveries included. */
  readonly watchWallMs: number
  /** From the rollout's request until the engine persisted its last step (the producer's side alone). */
  readonly rolloutMs: number
}

const ACTOR = 'user:bench'
const LIST_RUNS = 5

const deployed = async (replicas: number): Promise<Engine> => {
  const log = memoryEventLog()
  await log.initialize({ formatVersion: 1, seed: 1, createdWith: 'reel-bench' })()
  const engine = await openEngine(log, { controllers: CONTROLLERS, seed: 1, cluster: { nodes: defaultNodeShapes(Math.max(1, Math.ceil(replicas / 10))) }, actor: ACTOR })
  await engine.submit({ type: 'request', command: { verb: 'create', object: deployment(replicas) }, actor: ACTOR })
  await engine.submit({ type: 'settle', maxMs: 3_600_000, actor: ACTOR })
  const notReady = allReady(engine.world().state, replicas, IMAGE_V1)
  if (notReady) throw new Error(notReady)
  return engine
}

const timeList = async (app: ReturnType<typeof buildServer>, accept: string): Promise<ListTiming> => {
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < LIST_RUNS; i++) {
    const t0 = performance.now()
    const res = await app.inject({ method: 'GET', url: '/api/v1/namespaces/default/pods', headers: { accept } })
    times.push(performance.now() - t0)
    if (res.statusCode !== 200) throw new Error(`list answered ${res.statusCode}: ${res.body.slice(0, 200)}`)
    bytes = res.rawPayload.length
  }
  return { medianMs: percentile(times, 50), minMs: Math.min(...times), bytes }
}

export const benchList = async (pods: number): Promise<{ table: ListTiming; json: ListTiming }> => {
  const engine = await deployed(pods)
  const app = buildServer(engine)
  await app.ready()
  try {
    await timeList(app, 'application/json') // warm-up: JIT and the printers' first use
    return { table: await timeList(app, TABLE_CONTENT_TYPE), json: await timeList(app, 'application/json') }
  } finally {
    await app.close()
  }
}

/**
 * The watchers, in a worker thread so that reading 100 streams does not compete with the server's event
 * loop (kubectl watchers are other processes). Each line's resourceVersion (the event's seq, which comes
 * first in the object's metadata) and its receipt time (`timeOrigin + now`, comparable across threads)
 * are sent back in batches. Each watcher is a `node:http` request read through 'data' events: `fetch`
 * (undici's web streams) costs the clients enough CPU, on the same 2 cores as the server, to add ~0.3 s
 * to the lag p99 measured here; a kubectl (Go) watcher is cheaper still.
 */
const WATCHERS_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { url, watchers } = workerData
const KEY = '"resourceVersion":"'
const abort = new AbortController()
parentPort.on('message', () => abort.abort())
const KEY_BYTES = Buffer.from(KEY)
const http = require('node:http')
const agent = new http.Agent({ maxSockets: Infinity })
const one = () => new Promise((resolve, reject) => {
  const failed = (e) => (abort.signal.aborted ? resolve() : reject(e))
  const req = http.get(url, { agent, signal: abort.signal }, (res) => {
    let rest = Buffer.alloc(0)
    res.on('data', (chunk) => {
      const at = performance.timeOrigin + performance.now()
      // Scanned as bytes: decoding 1 GB of lines to strings would make the clients the bottleneck.
      const buf = rest.length === 0 ? chunk : Buffer.concat([rest, chunk])
      const seqs = []
      let from = 0
      let nl = buf.indexOf(10, from)
      while (nl >= 0) {
        const k = buf.indexOf(KEY_BYTES, from)
        if (k >= 0 && k < nl) {
          let seq = 0
          for (let i = k + KEY_BYTES.length; buf[i] >= 48 && buf[i] <= 57; i++) seq = seq * 10 + buf[i] - 48
          seqs.push(seq)
        }
        from = nl + 1
        nl = buf.indexOf(10, from)
      }
      rest = Buffer.from(buf.subarray(from))
      if (seqs.length > 0) parentPort.postMessage({ at, seqs })
    })
    res.on('end', resolve)
    res.on('error', failed)
  })
  req.on('error', failed)
})
parentPort.postMessage({ ready: true })
Promise.all(Array.from({ length: watchers }, one)).then(() => parentPort.postMessage({ done: true }))
`

export const benchWatch = async (watchers: number, replicas: number): Promise<Omit<ApiResult, 'pods' | 'table' | 'json'>> => {
  const engine = await deployed(replicas)
  const app = buildServer(engine)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  // When each event left the engine (persisted), and which ones a pod watch delivers.
  const emittedAt = new Map<number, number>()
  let podEvents = 0
  let lastPodSeq = 0
  const sub = engine.outputs$.subscribe((out) => {
    const now = performance.timeOrigin + performance.now()
    for (const e of out.appended) {
      emittedAt.set(e.seq, now)
      if (e.type.startsWith('object/') && (e.data as { object?: { kind?: string } }).object?.kind === 'Pod') {
        podEvents++
        lastPodSeq = e.seq
      }
    }
  })
  const lags: number[] = []
  let received = 0
  const worker = new Worker(WATCHERS_WORKER, {
    eval: true,
    workerData: { url: `http://127.0.0.1:${port}/api/v1/namespaces/default/pods?watch=true&resourceVersion=${engine.world().state.seq}`, watchers },
  })
  const exited = new Promise<void>((resolve) => worker.on('exit', () => resolve()))
  let failed: unknown
  worker.on('error', (e) => (failed = e))
  worker.on('message', (m: { at?: number; seqs?: number[] }) => {
    if (m.seqs === undefined || m.at === undefined) return
    for (const seq of m.seqs) {
      const emitted = emittedAt.get(seq)
      if (emitted !== undefined) lags.push(m.at - emitted)
      received++
    }
  })
  // Let every watch connect and subscribe before the rollout starts.
  await new Promise((r) => setTimeout(r, 1000))
  const t0 = performance.now()
  try {
    const patch = { spec: { template: { spec: { containers: [{ name: 'web', image: IMAGE_V2, resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } }] } } } }
    await engine.submit({ type: 'request', command: { verb: 'patch', ref: { kind: 'Deployment', namespace: 'default', name: 'web' }, patch }, actor: ACTOR })
    // One clock advance per turn of the event loop, as inputs arriving over HTTP would come: the server
    // gets to write to its sockets between steps.
    for (let i = 0; i < 3600 && rolloutComplete(engine.world().state, replicas) !== undefined; i++) {
      await new Promise((r) => setImmediate(r))
      await engine.submit({ type: 'advance', byMs: 1000, actor: ACTOR })
    }
    const incomplete = rolloutComplete(engine.world().state, replicas)
    if (incomplete) throw new Error(`watched rollout: ${incomplete}`)
    const rolloutMs = performance.now() - t0
    // Every watcher receives every pod event: done when the count says so (or after 120 s).
    const expected = watchers * podEvents
    const deadline = performance.now() + 120_000
    while (received < expected && failed === undefined && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    if (failed !== undefined) throw failed
    if (received < expected) throw new Error(`watchers received ${received} of ${expected} events (up to seq ${lastPodSeq}) within 120 s`)
    return {
      watchers,
      watchReplicas: replicas,
      deliveries: lags.length,
      lagP50Ms: percentile(lags, 50),
      lagP99Ms: percentile(lags, 99),
      lagMaxMs: lags.reduce((m, x) => (x > m ? x : m), 0),
      watchWallMs: performance.now() - t0,
      rolloutMs,
    }
  } finally {
    sub.unsubscribe()
    worker.postMessage('stop')
    await app.close()
    await worker.terminate()
    await exited
  }
}

export const runApi = async (pods: number, watchers: number, watchReplicas: number): Promise<ApiResult> => {
  const list = await benchList(pods)
  return { pods, ...list, ...(await benchWatch(watchers, watchReplicas)) }
}

if (isMain(import.meta.url)) {
  const [pods, watchers, watchReplicas] = [Number(process.argv[2] ?? '1000'), Number(process.argv[3] ?? '100'), Number(process.argv[4] ?? '300')]
  runApi(pods, watchers, watchReplicas).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`)
      process.exit(0)
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
      process.exit(1)
    },
  )
}
