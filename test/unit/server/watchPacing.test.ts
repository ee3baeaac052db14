import { EventEmitter } from 'node:events'
import type { ServerResponse } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { memoryEventLog } from '../../../src/adapters/memoryEventLog.js'
import { defaultNodeShapes } from '../../../src/model/cluster.js'
import { type Engine, openEngine } from '../../../src/runtime/engine.js'
import { BEHIND_BYTES, trackWatch, UNRESPONSIVE_MS } from '../../../src/server/watchPacing.js'
import { CONTROLLERS } from '../../../src/sim/controllers.js'

const ACTOR = 'user:test'

/** The part of a ServerResponse pacing reads: how much is unsent, 'drain', 'close', destroy. */
class FakeResponse extends EventEmitter {
  writableLength = 0
  destroyed = false
  destroy(): void {
    this.destroyed = true
    this.emit('close')
  }
}

const openMemoryEngine = async (): Promise<Engine> => {
  const log = memoryEventLog()
  await log.initialize({ formatVersion: 1, seed: 1, createdWith: 'test' })()
  return openEngine(log, { controllers: CONTROLLERS, seed: 1, cluster: { nodes: defaultNodeShapes(1) }, actor: ACTOR })
}

const advance = (engine: Engine, byMs: number) => engine.submit({ type: 'advance', byMs, actor: ACTOR })
const tick = () => new Promise((r) => setImmediate(r))

afterEach(() => {
  vi.useRealTimers()
})

describe('watch pacing', () => {
  it('lets inputs straight through while every watch is caught up', async () => {
    const engine = await openMemoryEngine()
    const res = new FakeResponse()
    trackWatch(engine, res as unknown as ServerResponse)
    res.writableLength = BEHIND_BYTES
    await advance(engine, 1000)
    expect(engine.world().nowMs).toBe(1000)
  })

  it('holds inputs, in order, while a watch is behind, and steps them once it drains', async () => {
    const engine = await openMemoryEngine()
    const res = new FakeResponse()
    trackWatch(engine, res as unknown as ServerResponse)
    res.writableLength = BEHIND_BYTES + 1
    const first = advance(engine, 1000)
    const second = engine.submit({ type: 'request', command: { verb: 'create', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after', namespace: 'default' } } }, actor: ACTOR })
    for (let i = 0; i < 5; i++) await tick()
    expect(engine.world().nowMs).toBe(0)
    res.writableLength = 0
    res.emit('drain')
    await Promise.all([first, second])
    expect(engine.world().nowMs).toBe(1000)
    const created = engine.world().state.objects.get('ConfigMap/default/after')
    expect(created?.metadata.creationTimestamp).toBe('2024-01-01T00:00:01Z')
  })

  it('stops pacing by a watch once it is closed or untracked', async () => {
    const engine = await openMemoryEngine()
    const res = new FakeResponse()
    const untrack = trackWatch(engine, res as unknown as ServerResponse)
    res.writableLength = BEHIND_BYTES + 1
    untrack()
    await advance(engine, 500)
    expect(engine.world().nowMs).toBe(500)
  })

  it(`cuts off a watch that takes nothing for ${UNRESPONSIVE_MS} ms, and the cluster goes on`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const engine = await openMemoryEngine()
    const stuck = new FakeResponse()
    const reading = new FakeResponse()
    trackWatch(engine, stuck as unknown as ServerResponse)
    trackWatch(engine, reading as unknown as ServerResponse)
    stuck.writableLength = BEHIND_BYTES + 1
    const held = advance(engine, 1000)
    await tick()
    vi.advanceTimersByTime(UNRESPONSIVE_MS - 1)
    await tick()
    expect(stuck.destroyed).toBe(false)
    expect(engine.world().nowMs).toBe(0)
    vi.advanceTimersByTime(1)
    await held
    expect(stuck.destroyed).toBe(true)
    expect(reading.destroyed).toBe(false)
    expect(engine.world().nowMs).toBe(1000)
  })
})
