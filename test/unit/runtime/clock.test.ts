import { VirtualTimeScheduler } from 'rxjs'
import { describe, expect, it } from 'vitest'
import { memoryEventLog } from '../../../src/adapters/memoryEventLog.js'
import { followWallClock } from '../../../src/runtime/clock.js'
import { openEngine } from '../../../src/runtime/engine.js'
import { CONTROLLERS } from '../../../src/sim/controllers.js'

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('the real clock mode', () => {
  it('moves virtual time with the (scheduled) wall clock times the speed, appending nothing when nothing is due', async () => {
    const log = memoryEventLog()
    await log.initialize({ formatVersion: 1, seed: 1, createdWith: 'test' })()
    const engine = await openEngine(log, { controllers: CONTROLLERS, seed: 1, cluster: { nodes: [] }, actor: 'user:test' })
    const head = log.head()
    const scheduler = new VirtualTimeScheduler()
    const sub = followWallClock(engine, { mode: 'real', speed: 10, tickMs: 100 }, scheduler)
    for (let i = 0; i < 5; i++) {
      scheduler.maxFrames = (i + 1) * 100
      scheduler.flush()
      await flush()
    }
    sub.unsubscribe()
    expect(engine.world().nowMs).toBe(5000)
    expect(log.head()).toBe(head)
  })
})
