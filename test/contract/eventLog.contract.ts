import * as E from 'fp-ts/lib/Either.js'
import type * as TE from 'fp-ts/lib/TaskEither.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeRecord, verifyRecord } from '../../src/log/encoding.js'
import { type Event, isObjectEvent } from '../../src/log/events.js'
import { keyOf } from '../../src/model/meta.js'
import { describeLogError, type EventLog, type LogError } from '../../src/ports/eventLog.js'
import { clockEvent, podEvent, podEvents, testMeta } from '../support/events.js'

/** What an adapter's test file hands the suite: a fresh, empty log, and how to reopen its storage. */
export interface OpenedLog {
  readonly log: EventLog
  /** Opens the same storage again after `log.close()`. Absent for adapters with nothing to reopen. */
  readonly reopen?: () => Promise<EventLog>
  /** Closes whatever is still open and removes the storage. */
  readonly cleanup: () => Promise<void>
}

export const right = async <A>(te: TE.TaskEither<LogError, A>): Promise<A> => {
  const r = await te()
  if (E.isLeft(r)) throw new Error(`expected Right, got ${describeLogError(r.left)}`)
  return r.right
}

export const left = async <A>(te: TE.TaskEither<LogError, A>): Promise<LogError> => {
  const r = await te()
  if (E.isRight(r)) throw new Error(`expected Left, got Right ${JSON.stringify(r.right)}`)
  return r.left
}

/** A snapshot payload: adapters store bytes verbatim. */
const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s))

export const batchesOf = async <A>(it: AsyncIterable<readonly A[]>): Promise<(readonly A[])[]> => {
  const out: (readonly A[])[] = []
  for await (const b of it) out.push(b)
  return out
}

const keyOfEvent = (e: Event): string => (isObjectEvent(e) ? keyOf(e.data.object) : '')

export const readAll = async (log: EventLog, from = 1, to?: number): Promise<Event[]> =>
  (await batchesOf(log.read(from, to))).flat()

/** The shared contract every `EventLog` adapter must pass (DESIGN.md: ports). */
export const runEventLogContract = (name: string, open: () => Promise<OpenedLog>): void => {
  describe(`EventLog contract: ${name}`, async () => {
    // Whether the adapter has storage to reopen decides which cases exist (no skipped tests).
    const probe = await open()
    const canReopen = probe.reopen !== undefined
    await probe.cleanup()

    let opened: OpenedLog
    let log: EventLog
    beforeEach(async () => {
      opened = await open()
      log = opened.log
    })
    afterEach(async () => {
      await opened.cleanup()
    })

    /** Initializes and appends `events` (numbered from head + 1) in one batch. */
    const seed = async (events: readonly Event[]): Promise<void> => {
      await right(log.initialize(testMeta))
      await right(log.append(events, 0))
    }

    describe('meta', () => {
      it('is undefined for a new store and the head is 0', async () => {
        expect(await right(log.readMeta())).toBeUndefined()
        expect(log.head()).toBe(0)
      })

      it('refuses an append before initialize with NotInitialized and stores nothing', async () => {
        expect(await left(log.append([podEvent(1, 'a')], 0))).toEqual({ _tag: 'NotInitialized' })
        expect(log.head()).toBe(0)
        await right(log.initialize(testMeta))
        expect(await readAll(log)).toEqual([])
      })

      it('reads back what initialize wrote', async () => {
        await right(log.initialize(testMeta))
        expect(await right(log.readMeta())).toEqual(testMeta)
      })

      it('refuses a second initialize with AlreadyInitialized and keeps the first meta', async () => {
        await right(log.initialize(testMeta))
        expect(await left(log.initialize({ ...testMeta, seed: 7 }))).toEqual({ _tag: 'AlreadyInitialized' })
        expect(await right(log.readMeta())).toEqual(testMeta)
      })
    })

    describe('append and read', () => {
      it('returns the new head and reads the events back equal', async () => {
        await right(log.initialize(testMeta))
        const events = [podEvent(1, 'a'), clockEvent(2), podEvent(3, 'a', 'object/updated')]
        expect(await right(log.append(events, 0))).toBe(3)
        expect(log.head()).toBe(3)
        expect(await right(log.append([podEvent(4, 'b')], 3))).toBe(4)
        expect(await readAll(log)).toEqual([...events, podEvent(4, 'b')])
      })

      it('keeps seq order past 9→10, 99→100 and 999→1000, across read batches of at most 1000', async () => {
        await right(log.initialize(testMeta))
        // Several appends, so ordering does not depend on one batch's insertion order.
        await right(log.append(podEvents(1, 9), 0))
        await right(log.append(podEvents(10, 991), 9))
        await right(log.append(podEvents(1001, 500), 1000))
        expect(log.head()).toBe(1500)
        const batches = await batchesOf(log.read(1))
        expect(batches.length).toBeGreaterThanOrEqual(2)
        for (const b of batches) expect(b.length).toBeLessThanOrEqual(1000)
        const seqs = batches.flat().map((e) => e.seq)
        expect(seqs).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1))
        const records = (await batchesOf(log.readRecords(1))).flat()
        expect(records).toHaveLength(1500)
        expect(records[9]).toBe(encodeRecord(podEvent(10, 'pod-10')))
        expect(records[99]).toBe(encodeRecord(podEvent(100, 'pod-100')))
      })

      it('reads an inclusive range; to defaults to the head; from beyond the head is empty', async () => {
        await seed(podEvents(1, 120))
        expect((await readAll(log, 9, 11)).map((e) => e.seq)).toEqual([9, 10, 11])
        expect((await readAll(log, 99, 100)).map((e) => e.seq)).toEqual([99, 100])
        expect((await readAll(log, 5, 5)).map((e) => e.seq)).toEqual([5])
        expect((await readAll(log, 118)).map((e) => e.seq)).toEqual([118, 119, 120])
        expect((await readAll(log, 0, 2)).map((e) => e.seq)).toEqual([1, 2])
        expect(await readAll(log, 121)).toEqual([])
        expect(await readAll(log, 500, 600)).toEqual([])
        expect(await readAll(log, 10, 9)).toEqual([])
        expect((await batchesOf(log.readRecords(121))).flat()).toEqual([])
      })

      it('reads nothing from an empty log', async () => {
        await right(log.initialize(testMeta))
        expect(await readAll(log)).toEqual([])
        expect((await batchesOf(log.readRecords(1))).flat()).toEqual([])
      })
    })

    describe('expected head', () => {
      it('fails with HeadMismatch carrying expected and actual', async () => {
        await seed(podEvents(1, 3))
        expect(await left(log.append([podEvent(4, 'x')], 2))).toEqual({ _tag: 'HeadMismatch', expected: 2, actual: 3 })
        expect(await left(log.append([podEvent(4, 'x')], 7))).toEqual({ _tag: 'HeadMismatch', expected: 7, actual: 3 })
      })

      it('appends nothing of a batch with a wrong expected head: head, events, records and index unchanged', async () => {
        await seed(podEvents(1, 3, () => 'web'))
        const before = await readAll(log)
        const recordsBefore = (await batchesOf(log.readRecords(1))).flat()
        const batch = [podEvent(4, 'web', 'object/updated'), podEvent(5, 'other'), clockEvent(6)]
        const err = await left(log.append(batch, 2))
        expect(err._tag).toBe('HeadMismatch')
        expect(log.head()).toBe(3)
        expect(await readAll(log)).toEqual(before)
        expect((await batchesOf(log.readRecords(1))).flat()).toEqual(recordsBefore)
        expect(await right(log.objectHistory('Pod/default/web'))).toEqual([1, 2, 3])
        expect(await right(log.objectHistory('Pod/default/other'))).toEqual([])
        // The log is still writable at the real head.
        const retried = [podEvent(4, 'web', 'object/updated'), podEvent(5, 'other'), clockEvent(6)]
        expect(await right(log.append(retried, 3))).toBe(6)
      })

      it('lets exactly one of two appends racing on the same head win', async () => {
        await seed(podEvents(1, 2))
        const results = await Promise.all([
          log.append([podEvent(3, 'first')], 2)(),
          log.append([podEvent(3, 'second')], 2)(),
        ])
        expect(results.filter(E.isRight)).toHaveLength(1)
        expect(results.filter(E.isLeft).map((r) => r.left)).toEqual([{ _tag: 'HeadMismatch', expected: 2, actual: 3 }])
        expect(log.head()).toBe(3)
        expect(await readAll(log)).toHaveLength(3)
      })

      it('stores nothing of a large batch that fails late (the LevelDB adapter writes it in chunks), and a retry reads back only its own events', async () => {
        await seed(podEvents(1, 2))
        const failing = [...podEvents(3, 1_800), podEvent(1_900, 'late')]
        await expect(log.append(failing, 2)()).rejects.toThrow(/out of order/)
        expect(log.head()).toBe(2)
        expect(await readAll(log)).toHaveLength(2)
        expect(await right(log.objectHistory('Pod/default/pod-700'))).toEqual([])
        const retry = Array.from({ length: 1_300 }, (_, i) => podEvent(i + 3, `retry-${i + 3}`))
        expect(await right(log.append(retry, 2))).toBe(1_302)
        const all = await readAll(log)
        expect(all.slice(2)).toEqual(retry)
        expect(await right(log.objectHistory('Pod/default/pod-700'))).toEqual([])
        expect(await right(log.objectHistory('Pod/default/retry-700'))).toEqual([700])
      })
    })

    describe('objectHistory', () => {
      it('lists the seqs touching one object only, even when its key is a prefix of another', async () => {
        const events = [
          podEvent(1, 'web'),
          podEvent(2, 'web-1'),
          podEvent(3, 'web', 'object/updated'),
          clockEvent(4),
          podEvent(5, 'we'),
          podEvent(6, 'web-1', 'object/deleted'),
          podEvent(7, 'web', 'object/deleted'),
        ]
        await seed(events)
        const [webKey, web1Key, weKey] = [events[0]!, events[1]!, events[4]!].map(keyOfEvent)
        expect([webKey, web1Key, weKey]).toEqual(['Pod/default/web', 'Pod/default/web-1', 'Pod/default/we'])
        expect(await right(log.objectHistory(webKey!))).toEqual([1, 3, 7])
        expect(await right(log.objectHistory(web1Key!))).toEqual([2, 6])
        expect(await right(log.objectHistory(weKey!))).toEqual([5])
        expect(await right(log.objectHistory('Pod/default/w'))).toEqual([])
        expect(await right(log.objectHistory('Pod/other/web'))).toEqual([])
        expect(await right(log.objectHistory('Pod/default/'))).toEqual([])
      })

      it('is ascending in numeric seq order across appends', async () => {
        await right(log.initialize(testMeta))
        const nameOf = (seq: number) => `pod-${seq % 7}`
        await right(log.append(podEvents(1, 50, nameOf), 0))
        await right(log.append(podEvents(51, 150, nameOf), 50))
        const expected = Array.from({ length: 200 }, (_, i) => i + 1).filter((s) => s % 7 === 3)
        expect(expected).toContain(10)
        expect(expected).toContain(101)
        expect(await right(log.objectHistory('Pod/default/pod-3'))).toEqual(expected)
      })
    })

    describe('snapshots', () => {
      it('returns the newest snapshot at or before seq, undefined before the first', async () => {
        expect(await right(log.nearestSnapshot(1_000))).toBeUndefined()
        await right(log.putSnapshot({ seq: 10, payload: bytes('ten') }))
        await right(log.putSnapshot({ seq: 100, payload: bytes('hundred') }))
        await right(log.putSnapshot({ seq: 20, payload: bytes('twenty') }))
        expect(await right(log.nearestSnapshot(9))).toBeUndefined()
        expect(await right(log.nearestSnapshot(10))).toEqual({ seq: 10, payload: bytes('ten') })
        expect(await right(log.nearestSnapshot(19))).toEqual({ seq: 10, payload: bytes('ten') })
        expect(await right(log.nearestSnapshot(20))).toEqual({ seq: 20, payload: bytes('twenty') })
        expect(await right(log.nearestSnapshot(99))).toEqual({ seq: 20, payload: bytes('twenty') })
        expect(await right(log.nearestSnapshot(100))).toEqual({ seq: 100, payload: bytes('hundred') })
        expect(await right(log.nearestSnapshot(1_000_000))).toEqual({ seq: 100, payload: bytes('hundred') })
      })

      it('replaces a snapshot put again at the same seq', async () => {
        await right(log.putSnapshot({ seq: 5, payload: bytes('old') }))
        await right(log.putSnapshot({ seq: 5, payload: bytes('new') }))
        expect(await right(log.nearestSnapshot(5))).toEqual({ seq: 5, payload: bytes('new') })
      })
    })

    describe('readRecords', () => {
      it('returns the stored records verbatim, each with a verifying checksum', async () => {
        const events = [podEvent(1, 'a', 'object/created', { app: 'ünïcødé ✓' }), clockEvent(2), podEvent(3, 'b')]
        await seed(events)
        const records = (await batchesOf(log.readRecords(1))).flat()
        expect(records).toEqual(events.map(encodeRecord))
        records.forEach((r, i) => {
          const raw = verifyRecord(r, i + 1)
          expect(E.isRight(raw)).toBe(true)
          if (E.isRight(raw)) expect(raw.right.seq).toBe(i + 1)
        })
        expect((await batchesOf(log.readRecords(2, 2))).flat()).toEqual([encodeRecord(clockEvent(2))])
      })
    })

    describe('readLatest', () => {
      it('skips the writes a later event of the range writes or deletes again, and folds to the same state', async () => {
        const events = [
          podEvent(1, 'a'),
          podEvent(2, 'b'),
          podEvent(3, 'a', 'object/updated'),
          clockEvent(4),
          podEvent(5, 'b', 'object/deleted'),
          podEvent(6, 'c'),
          podEvent(7, 'b'),
        ]
        await seed(events)
        const seqs = async (from: number, to?: number) => (await batchesOf(log.readLatest!(from, to))).flat().map((e) => e.seq)
        expect(await seqs(1)).toEqual([3, 4, 5, 6, 7])
        expect(await seqs(1, 2)).toEqual([1, 2])
        expect(await seqs(2, 5)).toEqual([3, 4, 5])
        expect(await seqs(4)).toEqual([4, 5, 6, 7])
        expect(await seqs(8)).toEqual([])
        expect((await batchesOf(log.readLatest!(1))).flat()).toEqual([3, 4, 5, 6, 7].map((s) => events[s - 1]))
      })
    })

    describe('readRaw', () => {
      it('returns the events as recorded, not upcast, while read upcasts them', async () => {
        const v1 = { seq: 1, at: 0, type: 'run/started', v: 1, actor: 'user:test', data: { seed: 3, nodes: 2, reelVersion: '0.0.9' } } as unknown as Event
        await seed([v1, clockEvent(2)])
        expect((await batchesOf(log.readRaw(1))).flat()).toEqual([v1, clockEvent(2)])
        const [first] = await readAll(log, 1, 1)
        expect(first!.v).toBe(2)
        expect((await batchesOf(log.readRaw(2, 2))).flat()).toEqual([clockEvent(2)])
        expect((await batchesOf(log.readRaw(3))).flat()).toEqual([])
      })

      it('keeps values JSON keeps: unicode, large and fractional numbers, nested arrays, empty objects', async () => {
        const e = { ...clockEvent(1), at: 2 ** 52 + 1, data: { byMs: 0.25, note: 'ünïcødé ✓ \u0000', list: [[1, -2], [], {}], big: 5_000_000_000 } } as unknown as Event
        await seed([e])
        expect((await batchesOf(log.readRaw(1))).flat()).toEqual([e])
        expect(await readAll(log)).toEqual([e])
      })
    })

    if (canReopen) {
      it('shows nothing after a reopen of a large batch that failed once some of its chunks were written', async () => {
        await seed(podEvents(1, 2))
        await expect(log.append([...podEvents(3, 1_800), podEvent(1_900, 'late')], 2)()).rejects.toThrow(/out of order/)
        await log.close()
        log = await opened.reopen!()
        expect(log.head()).toBe(2)
        expect(await readAll(log)).toHaveLength(2)
        expect(await right(log.objectHistory('Pod/default/pod-700'))).toEqual([])
        const retry = [podEvent(3, 'after')]
        expect(await right(log.append(retry, 2))).toBe(3)
        expect((await readAll(log)).slice(2)).toEqual(retry)
      })

      it('keeps meta, head, events, index and snapshots across close and reopen', async () => {
        const events = [podEvent(1, 'web'), podEvent(2, 'web-1'), clockEvent(3), podEvent(4, 'web', 'object/updated')]
        await seed(events)
        await right(log.putSnapshot({ seq: 2, payload: bytes('at-2') }))
        const records = (await batchesOf(log.readRecords(1))).flat()
        await log.close()
        log = await opened.reopen!()
        expect(await right(log.readMeta())).toEqual(testMeta)
        expect(log.head()).toBe(4)
        expect(await readAll(log)).toEqual(events)
        expect((await batchesOf(log.readRecords(1))).flat()).toEqual(records)
        expect(await right(log.objectHistory('Pod/default/web'))).toEqual([1, 4])
        expect(await right(log.objectHistory('Pod/default/web-1'))).toEqual([2])
        expect(await right(log.nearestSnapshot(3))).toEqual({ seq: 2, payload: bytes('at-2') })
        expect(await left(log.initialize(testMeta))).toEqual({ _tag: 'AlreadyInitialized' })
        expect(await left(log.append([podEvent(5, 'x')], 3))).toEqual({ _tag: 'HeadMismatch', expected: 3, actual: 4 })
        expect(await right(log.append([podEvent(5, 'web', 'object/deleted')], 4))).toBe(5)
        expect(await right(log.objectHistory('Pod/default/web'))).toEqual([1, 4, 5])
      })
    }
  })
}
