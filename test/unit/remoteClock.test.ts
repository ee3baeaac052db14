import { VirtualTimeScheduler } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { memoryEventLog } from '../../src/adapters/memoryEventLog.js'
import { followWallClock } from '../../src/runtime/clock.js'
import { openEngine } from '../../src/runtime/engine.js'
import { CONTROLLERS } from '../../src/sim/controllers.js'

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('reel serve --clock real, when a client also moves the clock (reel clock advance against the server)', () => {
  it('adds the jump to the wall-clock time instead of waiting for the wall clock to catch up', async () => {
    const log = memoryEventLog()
    await log.initialize({ formatVersion: 1, seed: 1, createdWith: 'test' })()
    const engine = await openEngine(log, { controllers: CONTROLLERS, seed: 1, cluster: { nodes: [] }, actor: 'user:test' })
    const scheduler = new VirtualTimeScheduler()
    const sub = followWallClock(engine, { mode: 'real', speed: 10, tickMs: 100 }, scheduler)
    const tickTo = async (wallMs: number) => {
      scheduler.maxFrames = wallMs
      scheduler.flush()
      await flush()
    }
    await tickTo(100)
    await tickTo(200)
    expect(engine.world().nowMs).toBe(2000)
    await engine.submit({ type: 'advance', byMs: 3_600_000, actor: 'user:test' })
    await tickTo(300)
    expect(engine.world().nowMs).toBe(3_603_000)
    await tickTo(400)
    sub.unsubscribe()
    expect(engine.world().nowMs).toBe(3_604_000)
  })
})
