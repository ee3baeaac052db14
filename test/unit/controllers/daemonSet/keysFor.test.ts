import { describe, expect, it } from 'vitest'
import { daemonSetKeysFor } from '../../../../src/controllers/daemonSet/keysFor.js'
import type { Event, ObjectEvent } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import { aDaemonSet, aNode, nodes, send, sendAll, settle, worldWith } from './given.js'

const base = settle(send(send(worldWith(nodes(2)), { verb: 'create', object: aDaemonSet('agent') }), {
  verb: 'create',
  object: aDaemonSet('ssd-only', { nodeSelector: { disk: 'ssd' } }),
})).world

const objectEvent = (appended: readonly Event[], kind: string): ObjectEvent =>
  appended.find((e) => (e.data as { object?: KObject }).object?.kind === kind) as ObjectEvent

describe('daemonSetKeysFor', () => {
  it('a DaemonSet event → its own key', () => {
    const { appended } = sendAll(worldWith(nodes(1), []), { verb: 'create', object: aDaemonSet('x') })
    expect(daemonSetKeysFor(objectEvent(appended, 'DaemonSet'), worldWith(nodes(1), []).state)).toEqual(['default/x'])
  })

  it('a new node → only the sets that should run on it', () => {
    const { appended } = sendAll(base, { verb: 'create', object: aNode('node-3', 2, { labels: { disk: 'hdd' } }) })
    expect(daemonSetKeysFor(objectEvent(appended, 'Node'), base.state)).toEqual(['default/agent'])
  })

  it('a node labelled so that another set now fits → that set', () => {
    const { appended } = sendAll(base, { verb: 'patch', ref: { kind: 'Node', name: 'node-1' }, patch: { metadata: { labels: { disk: 'ssd' } } } })
    expect(daemonSetKeysFor(objectEvent(appended, 'Node'), base.state)).toEqual(['default/ssd-only'])
  })

  it('a node change that moves no verdict (an annotation) → nothing', () => {
    const { appended } = sendAll(base, { verb: 'patch', ref: { kind: 'Node', name: 'node-1' }, patch: { metadata: { annotations: { a: 'b' } } } })
    expect(daemonSetKeysFor(objectEvent(appended, 'Node'), base.state)).toEqual([])
  })

  it('a deleted node → every set', () => {
    const { appended } = sendAll(worldWith(nodes(2), []), { verb: 'delete', ref: { kind: 'Node', name: 'node-2' } })
    expect(daemonSetKeysFor(objectEvent(appended, 'Node'), base.state)).toEqual(['default/agent', 'default/ssd-only'])
  })

  it('a pod it owns changing → the owner', () => {
    const { appended } = sendAll(base, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: base.state.objects.get([...base.state.byKindNs.get('Pod/default')!][0]!)!.metadata.name ?? '' } })
    expect(daemonSetKeysFor(objectEvent(appended, 'Pod'), base.state)).toEqual(['default/agent'])
  })

  it('an orphan pod matching a selector → the matching set', () => {
    const orphan: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', namespace: 'default', labels: { app: 'ssd-only' } }, spec: { containers: [{ name: 'a', image: 'a' }] } }
    const { appended } = sendAll(worldWith(nodes(1), []), { verb: 'create', object: orphan })
    expect(daemonSetKeysFor(objectEvent(appended, 'Pod'), base.state)).toEqual(['default/ssd-only'])
  })
})
