// A LevelDB log written by Reel before binary records (format 1: JSON text records, no record structures)
// must keep replaying to its recorded state, hash to the same log digest, and take new (binary) appends.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { Level } from 'level'
import { afterEach, describe, expect, it } from 'vitest'
import { openLevelEventLog } from '../../src/adapters/levelEventLog.js'
import { objectIndexKey, seqKey } from '../../src/adapters/seqKey.js'
import { hashLog, hashState } from '../../src/history/hash.js'
import { foldLog, stateAt } from '../../src/history/stateAt.js'
import { BINARY_RECORD } from '../../src/log/recordCodec.js'
import { clockEvent } from '../support/events.js'
import { reel } from '../support/reel.js'
import { batchesOf, right } from './eventLog.contract.js'

const FIXTURE = 'test/fixtures/v1-run-started'
const expected = JSON.parse(readFileSync(`${FIXTURE}/expected.json`, 'utf8')) as { head: number; stateHash: string }
const records = readFileSync(`${FIXTURE}/log.records`, 'utf8').trim().split('\n')

/** Writes the fixture exactly as the format-1 adapter stored it: utf8 text records in sublevels e, o, m. */
const writeFormat1 = async (dir: string): Promise<void> => {
  const db = new Level<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' })
  await db.open()
  const b = db.batch()
  records.forEach((r, i) => {
    b.put(`!e!${seqKey(i + 1)}`, r)
    const o = (JSON.parse(r.slice(9)) as { data: { object?: { kind: string; metadata: { namespace?: string; name: string } } } }).data.object
    if (o) b.put(`!o!${objectIndexKey(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, i + 1)}`, '')
  })
  b.put('!m!meta', JSON.stringify({ formatVersion: 1, seed: 1, createdWith: 'reel 0.1.0' }))
  b.put('!m!head', String(records.length))
  await b.write()
  await db.close()
}

describe('a format-1 LevelDB log (JSON records)', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
    dir = undefined
  })

  it('replays to its recorded state, hashes as before, and takes binary appends after it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-format1-'))
    await writeFormat1(dir)
    const oldDigest = createHash('sha256')
    for (const r of records) oldDigest.update(r.slice(9)).update('\n')

    let log = await right(openLevelEventLog(dir))
    expect(log.head()).toBe(expected.head)
    const state = await stateAt(log)
    if (E.isLeft(state)) throw new Error('unreadable')
    expect(hashState(state.right)).toBe(expected.stateHash)
    expect(await hashLog(log)).toBe(oldDigest.digest('hex'))
    expect((await batchesOf(log.readRecords(1))).flat()).toEqual(records)

    const next = clockEvent(expected.head + 1)
    expect(await right(log.append([next], expected.head))).toBe(expected.head + 1)
    await log.close()
    log = await right(openLevelEventLog(dir))
    const tail = (await batchesOf(log.read(expected.head, expected.head + 1))).flat()
    expect(tail.map((e) => e.seq)).toEqual([expected.head, expected.head + 1])
    expect(tail[1]).toEqual(next)
    expect(hashState(await foldLog(log, expected.head))).toBe(expected.stateHash)
    await log.close()

    const raw = new Level<string, Buffer>(dir, { keyEncoding: 'utf8', valueEncoding: 'buffer' })
    await raw.open()
    expect((await raw.get(`!e!${seqKey(expected.head)}`))![0]).not.toBe(BINARY_RECORD)
    expect((await raw.get(`!e!${seqKey(expected.head + 1)}`))![0]).toBe(BINARY_RECORD)
    await raw.close()
  })

  it('is rewritten by `reel migrate` into binary records (format 2) with the same state', async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-format1-'))
    await writeFormat1(`${dir}/old`)
    const migrated = reel(['migrate', '--data', `${dir}/old`, '--to', `${dir}/new`])
    expect(migrated.stderr).toBe('')
    const log = await right(openLevelEventLog(`${dir}/new`))
    expect(hashState(await foldLog(log))).toBe(expected.stateHash)
    expect((await right(log.readMeta()))?.formatVersion).toBe(2)
    await log.close()
    const raw = new Level<string, Buffer>(`${dir}/new`, { keyEncoding: 'utf8', valueEncoding: 'buffer' })
    await raw.open()
    let binary = 0
    for await (const v of raw.values({ gt: '!e!', lt: '!e"' })) if (v[0] === BINARY_RECORD) binary++
    await raw.close()
    expect(binary).toBe(expected.head)
  })
})
