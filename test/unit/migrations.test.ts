import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { afterEach, describe, expect, it } from 'vitest'
import { memoryEventLog } from '../../src/adapters/memoryEventLog.js'
import { openLevelEventLog } from '../../src/adapters/levelEventLog.js'
import { hashState } from '../../src/history/hash.js'
import { stateAt } from '../../src/history/stateAt.js'
import { verifyRecord } from '../../src/log/encoding.js'
import type { Event } from '../../src/log/events.js'
import { reel, tempDir } from '../support/reel.js'

const FIXTURE = 'test/fixtures/v1-run-started'
const expected = JSON.parse(readFileSync(`${FIXTURE}/expected.json`, 'utf8')) as { head: number; atMs: number; stateHash: string }
const records = readFileSync(`${FIXTURE}/log.records`, 'utf8').trim().split('\n')

const rawEvents = (): Event[] =>
  records.map((r) => {
    const raw = verifyRecord(r)
    if (E.isLeft(raw)) throw new Error(raw.left.reason)
    return raw.right as unknown as Event
  })

describe('a log recorded before migration 0001', () => {
  let cleanup: (() => void) | undefined
  afterEach(() => cleanup?.())

  it('is stored in the old shape', () => {
    const first = rawEvents()[0]!
    expect(first.v).toBe(1)
    expect(first.data).toEqual({ seed: 1, nodes: 3, reelVersion: '0.1.0' })
  })

  it('replays to the recorded state, upcasting run/started on read', async () => {
    const log = memoryEventLog()
    await log.initialize({ formatVersion: 1, seed: 1, createdWith: 'fixture' })()
    expect(E.isRight(await log.append(rawEvents(), 0)())).toBe(true)
    const state = await stateAt(log)
    if (E.isLeft(state)) throw new Error('unreadable')
    expect(state.right.seq).toBe(expected.head)
    expect(hashState(state.right)).toBe(expected.stateHash)
    expect(state.right.cluster.nodes.map((n) => n.name)).toEqual(['node-1', 'node-2', 'node-3'])
    for await (const batch of log.read(1, 1)) {
      expect(batch[0]!.v).toBe(2)
      expect(batch[0]!.data).toMatchObject({ seed: 1, versions: { reel: '0.1.0', kubernetes: 'v1.32.0' } })
    }
  })

  it('is rewritten by `reel migrate` into a new directory, the old one untouched', async () => {
    const old = tempDir()
    const next = tempDir()
    cleanup = () => [old, next].forEach((t) => t.cleanup())
    expect(reel(['import', `${FIXTURE}/log.records`, '--data', old.dir]).stdout.trim()).toBe(`imported ${expected.head} events into ${old.dir}`)
    const migrated = reel(['migrate', '--data', old.dir, '--to', `${next.dir}/log`])
    expect(migrated.stderr).toBe('')
    expect(migrated.stdout.trim()).toBe(`migrated ${expected.head} events from ${old.dir} to ${next.dir}/log`)
    expect(reel(['hash', '--data', `${next.dir}/log`]).stdout).toContain(`state  ${expected.stateHash}`)
    const firstRecord = async (dir: string): Promise<string> => {
      const log = await openLevelEventLog(dir)()
      if (E.isLeft(log)) throw new Error('cannot open')
      try {
        for await (const b of log.right.readRecords(1, 1)) return b[0]!
        return ''
      } finally {
        await log.right.close()
      }
    }
    expect(await firstRecord(old.dir)).toContain('"v":1,')
    expect(await firstRecord(`${next.dir}/log`)).toContain('"v":2,')
  })
})
