import { describe, expect, it } from 'vitest'
import type { Command } from '../../../src/api/commands.js'
import { decide } from '../../../src/api/decide.js'
import type { KObject } from '../../../src/model/meta.js'
import { step } from '../../../src/sim/step.js'
import { aDeployment, aPod, aReplicaSet, givenWorld, stored } from '../../support/builders.js'

/**
 * The write path as one door (DESIGN.md rule 5): every verb goes through `decide`, accepted writes are
 * numbered from `seq + 1` and stamped with the context, and a refusal appends nothing.
 */

describe('decide: a refused write appends nothing', () => {
  const world = givenWorld(aReplicaSet('web', 3), aPod('bound', { labels: { app: 'x' }, nodeName: 'node-1' }))
  const rs = stored(world.state, 'ReplicaSet', 'web')
  const template = (rs.spec as { template: unknown }).template

  it.each<[string, Command, number]>([
    ['create of an existing name', { verb: 'create', object: aReplicaSet('web', 1) }, 409],
    ['create in a missing namespace', { verb: 'create', object: aReplicaSet('web', 1, { namespace: 'nope' }) }, 404],
    ['create of an invalid Deployment', { verb: 'create', object: aDeployment('d', -1) }, 422],
    ['create with a wrong type', { verb: 'create', object: { ...aDeployment('d', 1), spec: { replicas: 'x', template } } }, 400],
    ['update with a stale resourceVersion', { verb: 'update', object: { ...rs, metadata: { ...rs.metadata, resourceVersion: '2' } } }, 409],
    ['updateStatus of a missing object', { verb: 'updateStatus', object: { ...rs, metadata: { ...rs.metadata, name: 'gone' } } }, 404],
    ['patch of an immutable selector', { verb: 'patch', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, patch: { spec: { selector: { matchLabels: { app: 'x' } } } } }, 422],
    ['delete of a missing object', { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'gone' } }, 404],
    ['bind of a bound pod', { verb: 'bind', ref: { kind: 'Pod', namespace: 'default', name: 'bound' }, nodeName: 'node-1' }, 409],
    ['a kind Reel does not serve', { verb: 'create', object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } } }, 400],
  ])('%s: replies %i, zero events, the state unchanged', (_what, command, code) => {
    const out = step(world, { type: 'request', actor: 'user:test', command })
    expect(out.reply).toMatchObject({ type: 'decision', decision: { ok: false, status: { kind: 'Status', status: 'Failure', code } } })
    expect(out.appended).toEqual([])
    expect(out.world.state).toBe(world.state)
  })
})

describe('decide: accepted writes are stamped with the context', () => {
  const world = givenWorld(aReplicaSet('web', 3))
  const s = world.state

  it('numbers the event s.seq + 1, with actor, cause, virtual time and the client command', () => {
    const d = decide(s, { verb: 'create', object: aPod('p', { labels: { app: 'x' } }) }, { actor: 'user:alice', cause: 3, atMs: 4_200, command: 'kubectl create' })
    expect(d.ok).toBe(true)
    if (!d.ok) return
    expect(d.events).toHaveLength(1)
    const e = d.events[0]!
    expect({ seq: e.seq, at: e.at, type: e.type, v: e.v, actor: e.actor, cause: e.cause }).toEqual({
      seq: s.seq + 1,
      at: 4_200,
      type: 'object/created',
      v: 1,
      actor: 'user:alice',
      cause: 3,
    })
    expect(e.type === 'object/created' ? e.data.command : undefined).toBe('kubectl create')
  })

  it('leaves cause out when the context has none', () => {
    const d = decide(s, { verb: 'create', object: aPod('p', { labels: { app: 'x' } }) }, { actor: 'user:test', atMs: 0 })
    expect(d.ok && 'cause' in d.events[0]!).toBe(false)
  })

  it('a dry run decides like the real thing but appends nothing', () => {
    const d = decide(s, { verb: 'create', object: aPod('p', { labels: { app: 'x' } }), dryRun: true }, { actor: 'user:test', atMs: 0 })
    expect(d).toMatchObject({ ok: true, events: [] })
    expect(d.ok && d.object?.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('a merge patch is an update: it bumps generation on a spec change', () => {
    const d = decide(s, { verb: 'patch', ref: { kind: 'ReplicaSet', namespace: 'default', name: 'web' }, patch: { spec: { replicas: 5 } } }, { actor: 'user:test', atMs: 0 })
    const o: KObject | undefined = d.ok ? d.object : undefined
    expect(o?.metadata.generation).toBe(2)
    expect((o?.spec as { replicas: number }).replicas).toBe(5)
  })
})
