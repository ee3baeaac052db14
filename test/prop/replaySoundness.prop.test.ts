import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { memoryEventLog } from '../../src/adapters/memoryEventLog.js'
import { decodeSnapshot, encodeSnapshot } from '../../src/history/snapshot.js'
import { stateAt } from '../../src/history/stateAt.js'
import { emptyState } from '../../src/state/clusterState.js'
import { evolve } from '../../src/state/evolve.js'
import { history, numRuns, runHistory, seed } from './arbitraries.js'
import { expectSameState } from './sameState.js'

// Replay soundness (STYLE.md, Tests): the fold of the log is the live state, so time travel can be trusted.
describe('replay soundness', () => {
  it('folding every appended event with evolve from emptyState() gives the live state', () => {
    fc.assert(
      fc.property(seed, history(), (s, actions) => {
        const run = runHistory(s, actions)
        const replayed = run.events.reduce(evolve, emptyState())
        expectSameState(replayed, run.world.state, 'fold vs live')
        expect(run.events.map((e) => e.seq)).toEqual(run.events.map((_, i) => i + 1))
      }),
      { numRuns: numRuns(150) },
    )
  })

  it('stateAt over a memory log equals the live state, and at any seq the fold of that prefix (with a snapshot on the way)', async () => {
    await fc.assert(
      fc.asyncProperty(seed, history(), fc.nat(), fc.nat(), async (s, actions, snapAt, probeAt) => {
        const run = runHistory(s, actions)
        const log = memoryEventLog()
        expect(E.isRight(await log.initialize({ formatVersion: 1, seed: s, createdWith: 'reel-prop' })())).toBe(true)
        const appended = await log.append(run.events, 0)()
        expect(appended).toEqual(E.right(run.events.length))

        const head = await stateAt(log)
        if (E.isLeft(head)) throw new Error(head.left._tag)
        expectSameState(head.right, run.world.state, 'stateAt(log) vs live')

        // A snapshot in the middle: stateAt must start from it and fold the rest to the same state.
        const snapSeq = 1 + (snapAt % run.events.length)
        const atSnap = run.events.slice(0, snapSeq).reduce(evolve, emptyState())
        await log.putSnapshot({ seq: snapSeq, payload: encodeSnapshot(atSnap) })()
        const viaSnap = await stateAt(log)
        if (E.isLeft(viaSnap)) throw new Error(viaSnap.left._tag)
        expectSameState(viaSnap.right, run.world.state, 'stateAt(log) via snapshot vs live')

        const probeSeq = probeAt % (run.events.length + 1)
        const probed = await stateAt(log, probeSeq)
        if (E.isLeft(probed)) throw new Error(probed.left._tag)
        expectSameState(probed.right, run.events.slice(0, probeSeq).reduce(evolve, emptyState()), `stateAt(log, ${probeSeq})`)
      }),
      { numRuns: numRuns(100) },
    )
  })

  it('decodeSnapshot(encodeSnapshot(state)) is the state', () => {
    fc.assert(
      fc.property(seed, history(), (s, actions) => {
        const { world } = runHistory(s, actions)
        const decoded = decodeSnapshot(encodeSnapshot(world.state))
        expectSameState(decoded, world.state, 'snapshot round trip')
        // Every index key a memo validates against has a stamp (`ClusterState.stamps`).
        const stamped = [...decoded.byKindNs.keys(), ...[...decoded.byNode.keys()].filter((n) => n !== '')]
        expect(stamped.filter((k) => decoded.stamps.get(k) === undefined)).toEqual([])
      }),
      { numRuns: numRuns(60) },
    )
  })
})
