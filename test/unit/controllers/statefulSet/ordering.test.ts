import { describe, expect, it } from 'vitest'
import type { KObject } from '../../../../src/model/meta.js'
import { stored } from '../../../support/builders.js'
import { aStatefulSet, bringUp, claimNames, pass, pod, podIs, podNames, readyAll, reconcileSet, settle, verbs, worldWith } from './builders.js'

describe('given a new OrderedReady StatefulSet web with 3 replicas and claim template www', () => {
  const w0 = worldWith(aStatefulSet('web', 3))

  it('creates the revision, then claim www-web-0 before pod web-0, and nothing for web-1', () => {
    const r = reconcileSet(w0.state)
    expect(verbs(r).filter((v) => !v.startsWith('updateStatus'))).toEqual([
      expect.stringMatching(/^create ControllerRevision\/web-[bcdfghjklmnpqrstvwxz2456789]+$/),
      'create PersistentVolumeClaim/www-web-0',
      'create Pod/web-0',
    ])
    expect(r.commands.map((c) => c.record?.message).filter(Boolean)).toEqual([
      'create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'create Pod web-0 in StatefulSet web successful',
    ])
  })

  it('gives the pod its identity: hostname, subdomain, labels, owner and the claim volume', () => {
    const w = pass(w0).world
    const p = pod(w.state, 'web-0')!
    const rev = String(p.metadata.labels?.['controller-revision-hash'])
    expect(rev).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/)
    expect(p.metadata.labels).toEqual({
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'apps.kubernetes.io/pod-index': '0',
      'controller-revision-hash': rev,
    })
    expect([p.spec.hostname, p.spec.subdomain]).toEqual(['web-0', 'web-svc'])
    expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'web', controller: true, blockOwnerDeletion: true })
    expect(p.spec.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0', readOnly: false } }])
    const claim = stored<KObject>(w.state, 'PersistentVolumeClaim', 'www-web-0')
    expect(claim.metadata.labels).toEqual({ tier: 'data', app: 'web' })
    expect(claim.metadata.ownerReferences).toBeUndefined()
  })

  it('never creates web-1 while web-0 is Pending or Running but not Ready', () => {
    let w = settle(w0)
    expect(podNames(w.state)).toEqual(['web-0'])
    w = settle(podIs(w, 'web-0', { phase: 'Running', ready: false }))
    expect(podNames(w.state)).toEqual(['web-0'])
    w = settle(podIs(w, 'web-0', { ready: true }))
    expect(podNames(w.state)).toEqual(['web-0', 'web-1'])
    expect(claimNames(w.state)).toEqual(['www-web-0', 'www-web-1'])
  })

  it('waits for web-1 again when web-0 stops being Ready after web-1 exists', () => {
    let w = settle(podIs(settle(w0), 'web-0', { ready: true }))
    w = settle(podIs(readyAll(w), 'web-0', { phase: 'Running', ready: false }))
    expect(podNames(w.state)).toEqual(['web-0', 'web-1'])
  })

  it('converges to 3 Ready pods with a status that matches, and then is quiescent', () => {
    const w = bringUp(w0)
    expect(podNames(w.state)).toEqual(['web-0', 'web-1', 'web-2'])
    const status = stored<KObject>(w.state, 'StatefulSet', 'web').status as Record<string, unknown>
    expect(status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1, collisionCount: 0 })
    expect(status.currentRevision).toBe(status.updateRevision)
    expect(reconcileSet(w.state).commands).toEqual([])
  })
})

describe('given a Parallel StatefulSet', () => {
  it('creates every pod (and claim) in one pass without waiting for readiness', () => {
    const r = reconcileSet(worldWith(aStatefulSet('web', 3, { policy: 'Parallel' })).state)
    expect(verbs(r).filter((v) => v.includes('Pod/') || v.includes('Claim/'))).toEqual([
      'create PersistentVolumeClaim/www-web-0', 'create Pod/web-0',
      'create PersistentVolumeClaim/www-web-1', 'create Pod/web-1',
      'create PersistentVolumeClaim/www-web-2', 'create Pod/web-2',
    ])
  })
})

describe('given spec.ordinals.start 5', () => {
  it('names pods web-5 and web-6 and labels their index', () => {
    const w = bringUp(worldWith(aStatefulSet('web', 2, { start: 5 })))
    expect(podNames(w.state)).toEqual(['web-5', 'web-6'])
    expect(pod(w.state, 'web-6')?.metadata.labels?.['apps.kubernetes.io/pod-index']).toBe('6')
    expect(claimNames(w.state)).toEqual(['www-web-5', 'www-web-6'])
  })
})
