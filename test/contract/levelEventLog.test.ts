import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openLevelEventLog } from '../../src/adapters/levelEventLog.js'
import type { EventLog } from '../../src/ports/eventLog.js'
import { left, right, runEventLogContract, type OpenedLog } from './eventLog.contract.js'

/** A level log in a fresh temp dir; cleanup closes whichever handle is open and removes the dir. */
const openTemp = async (): Promise<OpenedLog & { dir: string }> => {
  const dir = await mkdtemp(join(tmpdir(), 'reel-level-'))
  let current: EventLog = await right(openLevelEventLog(dir))
  return {
    dir,
    log: current,
    reopen: async () => (current = await right(openLevelEventLog(dir))),
    cleanup: async () => {
      await current.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

runEventLogContract('level', openTemp)

describe('levelEventLog', () => {
  let opened: (OpenedLog & { dir: string }) | undefined
  afterEach(async () => {
    await opened?.cleanup()
    opened = undefined
  })

  it('fails with Locked while another handle holds the directory', async () => {
    opened = await openTemp()
    const second = await left(openLevelEventLog(opened.dir))
    expect(second._tag).toBe('Locked')
  })
})
