import { describe, expect, it } from 'vitest'
import { garbageCollector } from '../../../../src/controllers/garbageCollector/garbageCollector.js'
import { kubeletController } from '../../../../src/controllers/kubelet/kubeletController.js'
import { namespaceController } from '../../../../src/controllers/namespace/namespaceController.js'
import { replicaSetController } from '../../../../src/controllers/replicaSet/replicaSetController.js'
import { serviceAccountController } from '../../../../src/controllers/serviceAccount/serviceAccountController.js'
import { schedulerController } from '../../../../src/controllers/scheduler/schedulerController.js'
import type { Event, ObjectEvent } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import { step } from '../../../../src/sim/step.js'
import { getObject, listObjects } from '../../../../src/state/clusterState.js'
import { addObjects, aNamespace, aReplicaSet, givenObjects, requestIn, startedWorld } from '../../../support/builders.js'
import { aConfigMap, givenTerminating, KEEP_FINALIZER } from './given.js'

const event = (type: ObjectEvent['type'], object: KObject): ObjectEvent =>
  ({ seq: 99, at: 0, type, v: 1, actor: 'user:test', data: { object } }) as ObjectEvent

describe('namespaceController', () => {
  it('is the kube-controller-manager `namespace` controller, keyed by namespace name', () => {
    expect([namespaceController.name, namespaceController.actor, namespaceController.primaryKind]).toEqual([
      'namespace',
      'controller:namespace',
      'Namespace',
    ])
  })

  describe('keysFor', () => {
    const before = givenObjects()
    const cases: [string, ObjectEvent, string[]][] = [
      ['a namespace created', event('object/created', aNamespace('team')), ['team']],
      ['a namespace updated', event('object/updated', aNamespace('team')), ['team']],
      ['a namespace removed', event('object/deleted', aNamespace('team')), []],
      ['content changing (polled, not watched)', event('object/deleted', aConfigMap('cfg', 'team')), []],
    ]
    it.each(cases)('%s', (_what, e, keys) => {
      expect(namespaceController.keysFor(e, before)).toEqual(keys)
    })
  })

  it('resyncs the namespaces being deleted only', () => {
    const s = givenTerminating()
    expect(listObjects(s, 'Namespace').length).toBeGreaterThan(1)
    expect(namespaceController.resyncKeys(s)).toEqual(['team'])
  })
})

describe('deleting a namespace that runs a ReplicaSet, through step', () => {
  const controllers = [garbageCollector, namespaceController, serviceAccountController, replicaSetController, schedulerController, kubeletController]
  // KEEP_FINALIZER holds the namespace after our finalize, so that the timeline can be read off its events.
  const ns = aNamespace('team')
  let w = addObjects(startedWorld(controllers), { ...ns, metadata: { ...ns.metadata, finalizers: [KEEP_FINALIZER] } }, aReplicaSet('web', 2, { namespace: 'team' }))
  w = step(w, { type: 'settle', actor: 'clock', maxMs: 60_000 }).world
  const running = listObjects(w.state, 'Pod', 'team')
  const deletedAtMs = w.nowMs
  const deleted = requestIn(w, { verb: 'delete', ref: { kind: 'Namespace', name: 'team' } })
  const settled = step(deleted.world, { type: 'settle', actor: 'clock', maxMs: 600_000 })
  const all = [...deleted.appended, ...settled.appended]
  const objectOf = (e: Event): KObject | undefined => ('object' in e.data ? (e.data.object as KObject) : undefined)
  const byController = (kind: string) => all.filter((e) => e.actor === 'controller:namespace' && objectOf(e)?.kind === kind)

  it('had two running pods before', () => {
    expect(running.map((p) => (p.status as { phase: string }).phase)).toEqual(['Running', 'Running'])
  })

  it('the namespace controller deletes the ReplicaSet, the pods, the Events about them and the default account at once', () => {
    expect(byController('Event').length).toBeGreaterThan(0)
    expect(byController('ServiceAccount').map((e) => e.type)).toEqual(['object/deleted'])
    const names = [...byController('Pod'), ...byController('ReplicaSet')].map((e) => `${objectOf(e)!.kind}/${objectOf(e)!.metadata.name ?? ''}`)
    expect(names.sort()).toEqual([...running.map((p) => `Pod/${p.metadata.name ?? ''}`), 'ReplicaSet/web'].sort())
    expect(new Set([...byController('Pod'), ...byController('ReplicaSet')].map((e) => e.at))).toEqual(new Set([deletedAtMs]))
  })

  it('no pod is created in the namespace after it starts terminating', () => {
    expect(all.some((e) => e.type === 'object/created' && objectOf(e)?.kind === 'Pod')).toBe(false)
  })

  it('reports the terminating pods, then finalizes at the first poll after they are gone (30/2+1 s later)', () => {
    const writes = byController('Namespace')
    const first = objectOf(writes[0]!)!
    expect((first.status as { conditions: { type: string; message: string }[] }).conditions.find((c) => c.type === 'NamespaceContentRemaining')?.message).toBe(
      'Some resources are remaining: pods. has 2 resource instances',
    )
    const finalized = writes.find((e) => ((objectOf(e)!.spec as { finalizers: string[] }).finalizers ?? []).length === 0)
    expect(finalized?.at).toBe(deletedAtMs + 16_000)
    expect(listObjects(settled.world.state, 'Pod', 'team')).toEqual([])
  })

  it('ends with everything in the namespace gone and nothing left to do', () => {
    for (const key of settled.world.state.byKindNs.keys()) if (key.endsWith('/team')) expect(settled.world.state.byKindNs.get(key)?.size ?? 0).toBe(0)
    expect(settled.reply).toMatchObject({ type: 'clock', quiescent: true })
  })

  it('once the other finalizer is removed too, the namespace is gone', () => {
    const held = getObject(settled.world.state, 'Namespace', undefined, 'team')!
    const released = requestIn(settled.world, { verb: 'update', object: { ...held, metadata: { ...held.metadata, finalizers: [] } } })
    expect(getObject(released.world.state, 'Namespace', undefined, 'team')).toBeUndefined()
  })
})
