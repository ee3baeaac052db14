import { describe, expect, it } from 'vitest'
import { memoryEventLog } from '../../src/adapters/memoryEventLog.js'
import { podEvent, testMeta } from '../support/events.js'
import { left, readAll, right, runEventLogContract } from './eventLog.contract.js'

// Nothing to reopen: the memory log lives and dies with its object, so no `reopen`.
runEventLogContract('memory', async () => ({ log: memoryEventLog(), cleanup: async () => {} }))

describe('memoryEventLog', () => {
  it('refuses an append before initialize with NotInitialized and stores nothing', async () => {
    const log = memoryEventLog()
    expect(await left(log.append([podEvent(1, 'a')], 0))).toEqual({ _tag: 'NotInitialized' })
    expect(log.head()).toBe(0)
    await right(log.initialize(testMeta))
    expect(await readAll(log)).toEqual([])
  })
})
