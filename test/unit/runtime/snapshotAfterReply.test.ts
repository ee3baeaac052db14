import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { memoryEventLog } from '../../../src/adapters/memoryEventLog.js'
import { decodeSnapshot } from '../../../src/history/snapshot.js'
import { defaultNodeShapes } from '../../../src/model/cluster.js'
import type { EventLog, StoredSnapshot } from '../../../src/ports/eventLog.js'
import { openEngine } from '../../../src/runtime/engine.js'
import { CONTROLLERS } from '../../../src/sim/controllers.js'
import { hashState } from '../../../src/history/hash.js'

const ACTOR = 'user:test'
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { k: 'v' } })

/** A memory log whose snapshot writes wait until `release()`, recording what was asked of it in order. */
const gatedLog = async () => {
  const log = memoryEventLog()
  await log.initialize({ formatVersion: 1, seed: 1, createdWith: 'test' })()
  const calls: string[] = []
  let release = (): void => undefined
  const gate = new Promise<void>((r) => (release = r))
  const held = { on: false }
  const gated: EventLog = {
    ...log,
    append: (batch, head) => async () => {
      calls.push(`append ${batch[0]!.seq}`)
      return log.append(batch, head)()
    },
    putSnapshot: (s: StoredSnapshot) => async () => {
      calls.push(`snapshot ${s.seq} started`)
      if (held.on) await gate
      calls.push(`snapshot ${s.seq} written`)
      return log.putSnapshot(s)()
    },
    close: async () => {
      calls.push('close')
      await log.close()
    },
  }
  return { log: gated, inner: log, calls, release, held }
}

describe('snapshots written after the reply', () => {
  it('acknowledges a step before its snapshot is written; the next append and close wait for it', async () => {
    const { log, inner, calls, release, held } = await gatedLog()
    const engine = await openEngine(log, { controllers: CONTROLLERS, seed: 1, cluster: { nodes: defaultNodeShapes(1) }, actor: ACTOR, snapshotEveryEvents: 1 })
    await engine.flush()
    calls.length = 0
    held.on = true
    const reply = await engine.submit({ type: 'request', command: { verb: 'create', object: configMap('a') }, actor: ACTOR })
    expect(reply.type === 'decision' && reply.decision.ok).toBe(true)
    const seqOfA = engine.world().state.seq
    // Acknowledged while the snapshot of the start step has not been written.
    expect(calls.some((c) => c.endsWith('written'))).toBe(false)

    const second = engine.submit({ type: 'request', command: { verb: 'create', object: configMap('b') }, actor: ACTOR })
    await new Promise((r) => setTimeout(r, 10))
    // The next append is held behind the pending snapshot: writes stay in log order.
    expect(calls).toEqual([`append ${seqOfA}`, `snapshot ${seqOfA} started`])
    release()
    await second
    const closing = engine.log.close()
    await closing
    const order = calls.filter((c) => !c.endsWith('started'))
    expect(order.indexOf(`snapshot ${seqOfA} written`)).toBeLessThan(order.indexOf(`append ${seqOfA + 1}`))
    expect(order[order.length - 1]).toBe('close')
    expect(order[order.length - 2]).toBe(`snapshot ${seqOfA + 1} written`)

    // Each snapshot holds the state as of its seq, not of when it was written.
    const snap = await inner.nearestSnapshot(seqOfA)()
    expect(E.isRight(snap) && snap.right?.seq).toBe(seqOfA)
    const stored = E.isRight(snap) && snap.right ? decodeSnapshot(snap.right.payload) : undefined
    expect(stored?.objects.has('ConfigMap/default/a')).toBe(true)
    expect(stored?.objects.has('ConfigMap/default/b')).toBe(false)
    expect(hashState(stored!)).not.toBe(hashState(engine.world().state))
  })
})
