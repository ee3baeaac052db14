import { expect } from 'vitest'
import { diffStates, isEmptyDiff, renderDiff } from '../../../src/history/diff.js'
import { resimulate } from '../../../src/history/resimulate.js'
import { foldLog } from '../../../src/history/stateAt.js'
import { CONTROLLERS } from '../../../src/sim/controllers.js'
import type { ServeHarness } from './harness.js'

/**
 * Asserts that a session against the server can be replayed: re-simulating its external inputs through
 * today's controllers gives the same events, folding the log gives the server's live state, and the
 * kubectl commands (`Kubectl-Command`) are recorded on the events they caused.
 */
export const expectReplayable = async (h: ServeHarness, commands: readonly string[]): Promise<void> => {
  const r = await resimulate(h.engine.log, CONTROLLERS)
  expect(r.firstDivergence).toBeUndefined()
  expect(r.resimulatedEvents).toBe(r.recordedEvents)
  expect(renderDiff(r.stateDiff)).toEqual([])
  const folded = await foldLog(h.engine.log)
  const live = diffStates(folded, h.engine.world().state)
  expect(renderDiff(live)).toEqual([])
  expect(isEmptyDiff(live)).toBe(true)
  const recorded = new Set<string>()
  for await (const batch of h.engine.log.read(1))
    for (const e of batch) if (e.actor.startsWith('user:') && 'command' in e.data && e.data.command) recorded.add(e.data.command)
  expect([...recorded]).toEqual(expect.arrayContaining([...commands]))
}
