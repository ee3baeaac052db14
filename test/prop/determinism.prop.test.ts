import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventToJson } from '../../src/log/encoding.js'
import type { Event } from '../../src/log/events.js'
import { openEngine } from '../../src/runtime/engine.js'
import { CONTROLLERS } from '../../src/sim/controllers.js'
import { step } from '../../src/sim/step.js'
import type { Input } from '../../src/sim/world.js'
import { ACTOR, CLUSTER, history, numRuns, readAll, runHistory, runOnEngine, seed, SETTLE_MAX_MS, toInput } from './arbitraries.js'

const logText = (events: readonly Event[]): string => events.map(eventToJson).join('\n')

const createdPodNames = (events: readonly Event[]): string[] =>
  events.flatMap((e) => (e.type === 'object/created' && e.data.object.kind === 'Pod' ? [e.data.object.metadata.name ?? ''] : []))

// Determinism (DESIGN.md rule 4): same seed + same inputs ⇒ byte-identical log, whichever runtime ran it.
describe('determinism', () => {
  it('the same seed and history give a byte-identical log twice', () => {
    fc.assert(
      fc.property(seed, history(), (s, actions) => {
        const a = runHistory(s, actions)
        const b = runHistory(s, actions)
        expect(logText(b.events)).toBe(logText(a.events))
      }),
      { numRuns: numRuns(100) },
    )
  })

  it('a different seed gives different generated pod names', () => {
    fc.assert(
      fc.property(seed, seed, history(), (s1, s2, actions) => {
        fc.pre(s1 !== s2)
        const a = createdPodNames(runHistory(s1, actions).events)
        const b = createdPodNames(runHistory(s2, actions).events)
        // Both runs are the same until the first pod is named, so both name one or neither does.
        expect(a.length > 0).toBe(b.length > 0)
        fc.pre(a.length > 0)
        expect(b[0]).not.toBe(a[0])
        const shared = a.filter((n) => b.includes(n))
        expect(shared, 'pod names drawn under two seeds coincide').toEqual([])
      }),
      { numRuns: numRuns(100) },
    )
  })

  it('the RxJS engine on a memory log writes the same log as the pure step loop', async () => {
    await fc.assert(
      fc.asyncProperty(seed, history(), fc.integer({ min: 1, max: 40 }), async (s, actions, snapshotEveryEvents) => {
        const pure = runHistory(s, actions)
        const { engine, log } = await runOnEngine(s, actions, { snapshotEveryEvents })
        expect(logText(await readAll(log))).toBe(logText(pure.events))
        expect(engine.world().nowMs).toBe(pure.world.nowMs)
        await log.close()
      }),
      { numRuns: numRuns(80) },
    )
  })

  it('an engine reopened on its log (resumed from a snapshot) continues with the same log as one that never stopped', async () => {
    const settle: Input = { type: 'settle', maxMs: SETTLE_MAX_MS, actor: ACTOR }
    await fc.assert(
      fc.asyncProperty(seed, history(), history(), fc.integer({ min: 1, max: 40 }), async (s, before, after, snapshotEveryEvents) => {
        const { engine, log } = await runOnEngine(s, before, { snapshotEveryEvents })
        const reply = await engine.submit(settle)
        // Timers are not persisted: a restart is only invisible once nothing is pending.
        fc.pre(reply.type === 'clock' && reply.quiescent)
        const reopened = await openEngine(log, { controllers: CONTROLLERS, seed: s, cluster: CLUSTER, actor: ACTOR, snapshotEveryEvents })
        for (const a of after) await reopened.submit(toInput(reopened.world(), a))

        // The same inputs without the restart: the opening resync of the reopened engine included.
        const first = runHistory(s, before)
        let world = first.world
        const events = [...first.events]
        for (const input of [settle, { type: 'resync' } as const]) {
          const out = step(world, input)
          world = out.world
          events.push(...out.appended)
        }
        for (const a of after) {
          const out = step(world, toInput(world, a))
          world = out.world
          events.push(...out.appended)
        }
        expect(logText(await readAll(log))).toBe(logText(events))
        await log.close()
      }),
      { numRuns: numRuns(60) },
    )
  })
})
