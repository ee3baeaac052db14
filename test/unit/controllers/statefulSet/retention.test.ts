import { describe, expect, it } from 'vitest'
import { garbageCollector } from '../../../../src/controllers/garbageCollector/garbageCollector.js'
import { pvcProtectionController } from '../../../../src/controllers/persistentVolume/protection.js'
import { statefulSetController } from '../../../../src/controllers/statefulSet/statefulSetController.js'
import type { KObject } from '../../../../src/model/meta.js'
import { getObject, listObjects } from '../../../../src/state/clusterState.js'
import type { World } from '../../../../src/sim/world.js'
import { expectAccepted, requestIn, startedWorld } from '../../../support/builders.js'
import { aStatefulSet, claimNames, reconcileSet, setIn, type SetOptions } from './builders.js'

/** A world running the garbage collector and the controller, holding a Parallel set of 3 (pods stay Pending). */
const running = (opts: SetOptions): World => {
  const out = requestIn(startedWorld([garbageCollector, statefulSetController, pvcProtectionController]), { verb: 'create', object: aStatefulSet('web', 3, { ...opts, policy: 'Parallel' }) })
  expectAccepted(out.decision, 'create set')
  return out.world
}
const send = (w: World, c: Parameters<typeof requestIn>[1]): World => requestIn(w, c).world
const owners = (w: World, claim: string): string[] =>
  (getObject<KObject>(w.state, 'PersistentVolumeClaim', 'default', claim)?.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`)
const deleteSet = (w: World): World => send(w, { verb: 'delete', ref: { kind: 'StatefulSet', namespace: 'default', name: 'web' } })
const scaleTo = (w: World, replicas: number): World => {
  const set = setIn(w.state)
  return send(w, { verb: 'update', object: { ...set, spec: { ...set.spec, replicas } } })
}

describe('persistentVolumeClaimRetentionPolicy', () => {
  it('Retain/Retain: claims carry no owner and survive scale-down and the set’s deletion', () => {
    let w = running({})
    expect(owners(w, 'www-web-0')).toEqual([])
    w = scaleTo(w, 1)
    expect(listObjects(w.state, 'Pod', 'default').map((p) => p.metadata.name)).toEqual(['web-0'])
    w = deleteSet(w)
    expect(listObjects(w.state, 'Pod', 'default')).toEqual([])
    expect(claimNames(w.state)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
  })

  it('whenDeleted Delete: claims are owned by the set and go with it', () => {
    let w = running({ whenDeleted: 'Delete' })
    expect(owners(w, 'www-web-2')).toEqual(['StatefulSet/web'])
    w = deleteSet(w)
    expect(claimNames(w.state)).toEqual([])
  })

  it('whenScaled Delete: a condemned pod’s claim is given to the pod before the pod is deleted', () => {
    const w = scaleTo(running({ whenScaled: 'Delete' }), 1)
    expect(claimNames(w.state)).toEqual(['www-web-0'])
  })

  it('whenScaled Delete: the claim update precedes the pod deletion in one pass', () => {
    const w = running({ whenScaled: 'Delete', whenDeleted: 'Delete' })
    const set = setIn(w.state)
    const scaled = requestIn({ ...w, controllers: [] }, { verb: 'update', object: { ...set, spec: { ...set.spec, replicas: 2 } } }).world
    const r = reconcileSet(scaled.state)
    const relevant = r.commands.filter((c) => c.verb === 'delete' || (c.verb === 'update' && c.object.kind === 'PersistentVolumeClaim'))
    expect(relevant.map((c) => c.verb)).toEqual(['update', 'delete'])
    const claim = relevant[0]!.verb === 'update' ? relevant[0]!.object : undefined
    expect(claim?.metadata.ownerReferences?.map((o) => `${o.kind}/${o.name}`)).toEqual(['Pod/web-2'])
  })

  it('whenScaled Delete with a retained in-range claim leaves in-range claims unowned', () => {
    const w = running({ whenScaled: 'Delete' })
    expect(owners(w, 'www-web-0')).toEqual([])
    expect(reconcileSet(w.state).commands).toEqual([])
  })
})
