import { describe, expect, it } from 'vitest'
import { FINALIZER_ESTIMATE_SECONDS } from '../../../../src/controllers/namespace/deleteContent.js'
import { remainingDelayMs, retryDelayMs } from '../../../../src/controllers/namespace/reconcile.js'
import { toTimestamp } from '../../../../src/kernel/brand.js'
import { getObject } from '../../../../src/state/clusterState.js'
import { aNamespace, applied, appliedAll, aReplicaSet, givenObjects, stored } from '../../../support/builders.js'
import { aConfigMap, aDefaultAccount, aRunningPod, conditionOf, deleteNamespace, givenTerminating, reconcile, summary, writtenConditions } from './given.js'

describe('given an Active namespace', () => {
  const s = givenObjects(aNamespace('team'), aDefaultAccount('team'), aConfigMap('cfg', 'team'))
  it('does nothing', () => {
    expect(reconcile(s).commands).toEqual([])
  })
})

describe('given a namespace that no longer exists', () => {
  it('does nothing', () => {
    expect(reconcile(givenObjects(), 'gone').commands).toEqual([])
  })
})

describe('given a Terminating namespace holding only its default ServiceAccount', () => {
  const s = givenTerminating()
  const r = reconcile(s)

  it('deletes the account, writes the five conditions in their success form, then finalizes', () => {
    expect(summary(r)).toEqual([
      ['delete', 'ServiceAccount', 'default'],
      ['updateStatus', 'Namespace', 'team'],
      ['update', 'Namespace', 'team'],
    ])
    expect(writtenConditions(r)).toEqual([
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: toTimestamp(s.atMs), reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
      { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: toTimestamp(s.atMs), reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
      { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: toTimestamp(s.atMs), reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
      { type: 'NamespaceContentRemaining', status: 'False', lastTransitionTime: toTimestamp(s.atMs), reason: 'ContentRemoved', message: 'All content successfully removed' },
      { type: 'NamespaceFinalizersRemaining', status: 'False', lastTransitionTime: toTimestamp(s.atMs), reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
    ])
    expect(r.requeueAfterMs).toBeUndefined()
  })

  it('the finalize write removes the kubernetes token from spec.finalizers', () => {
    const finalize = r.commands[2]!
    expect(finalize.verb === 'update' && finalize.object.spec).toEqual({ finalizers: [] })
  })

  it('once both writes are applied, the namespace is finalized and a further pass does nothing', () => {
    const after = appliedAll(s, r.commands)
    expect((stored(after, 'Namespace', 'team').spec as { finalizers: string[] }).finalizers).toEqual([])
    expect(reconcile(after).commands).toEqual([])
  })

  it('keeps the phase Terminating in the status it writes', () => {
    const c = r.commands[1]!
    expect(c.verb === 'updateStatus' && (c.object.status as { phase: string }).phase).toBe('Terminating')
  })
})

describe('given a Terminating namespace with two running pods, a ConfigMap and a ReplicaSet', () => {
  const s = givenTerminating(aRunningPod('a', 'team'), aRunningPod('b', 'team'), aConfigMap('cfg', 'team'), aReplicaSet('web', 0, { namespace: 'team' }))
  const r = reconcile(s)

  it('deletes everything with Background propagation, in resource-type order', () => {
    expect(summary(r)).toEqual([
      ['delete', 'Pod', 'a'],
      ['delete', 'Pod', 'b'],
      ['delete', 'ConfigMap', 'cfg'],
      ['delete', 'ServiceAccount', 'default'],
      ['delete', 'ReplicaSet', 'web'],
      ['updateStatus', 'Namespace', 'team'],
    ])
    for (const c of r.commands) if (c.verb === 'delete') expect(c.options).toEqual({ propagationPolicy: 'Background' })
  })

  it('reports the pods that terminate gracefully as remaining, and waits 30/2+1 s', () => {
    expect(conditionOf(r, 'NamespaceContentRemaining')).toEqual({
      type: 'NamespaceContentRemaining',
      status: 'True',
      lastTransitionTime: toTimestamp(s.atMs),
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: pods. has 2 resource instances',
    })
    expect(conditionOf(r, 'NamespaceFinalizersRemaining')?.status).toBe('False')
    expect(r.requeueAfterMs).toBe(16_000)
  })

  it('once its writes are applied, a second pass deletes nothing more and writes nothing (quiescent)', () => {
    const after = appliedAll(s, r.commands)
    expect(getObject(after, 'ConfigMap', 'team', 'cfg')).toBeUndefined()
    expect(stored(after, 'Pod', 'a', 'team').metadata.deletionTimestamp).toBeDefined()
    const again = reconcile(after)
    expect(again.commands).toEqual([])
    expect(again.requeueAfterMs).toBe(16_000)
  })
})

describe('given pods still terminating after the namespace has been deleting for their whole grace period', () => {
  const s0 = givenTerminating(aRunningPod('a', 'team'))
  const s1 = appliedAll(s0, reconcile(s0).commands)
  const late = s1.atMs + 31_000
  const r = reconcile(s1, 'team', late)

  it('reports a content deletion failure naming the group-version-resource, and retries 5 ms later', () => {
    expect(conditionOf(r, 'NamespaceDeletionContentFailure')).toEqual({
      type: 'NamespaceDeletionContentFailure',
      status: 'True',
      lastTransitionTime: toTimestamp(late),
      reason: 'ContentDeletionFailed',
      message: 'Failed to delete all resource types, 1 remaining: unexpected items still remain in namespace: team for gvr: /v1, Resource=pods',
    })
    expect(conditionOf(r, 'NamespaceContentRemaining')?.message).toBe('Some resources are remaining: pods. has 1 resource instances')
    expect(r.requeueAfterMs).toBe(5)
    expect(summary(r).some(([verb, kind]) => verb === 'update' && kind === 'Namespace')).toBe(false)
  })

  it('backs off from the first failure: the delay is the time since it plus 5 ms, at most 60 s', () => {
    const failed = writtenConditions(r)!
    expect(retryDelayMs(failed, late + 5)).toBe(10)
    expect(retryDelayMs(failed, late + 15)).toBe(20)
    expect(retryDelayMs(failed, late + 120_000)).toBe(60_000)
  })
})

describe('given content held by a finalizer', () => {
  const s = givenTerminating(aConfigMap('held', 'team', ['example.com/hold']))
  const r = reconcile(s)

  it('deletes it, reports the finalizer, and waits the finalizer estimate (15/2+1 s)', () => {
    expect(summary(r)).toEqual([
      ['delete', 'ConfigMap', 'held'],
      ['delete', 'ServiceAccount', 'default'],
      ['updateStatus', 'Namespace', 'team'],
    ])
    expect(conditionOf(r, 'NamespaceFinalizersRemaining')).toMatchObject({
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    })
    expect(conditionOf(r, 'NamespaceContentRemaining')?.message).toBe('Some resources are remaining: configmaps. has 1 resource instances')
    expect(r.requeueAfterMs).toBe(remainingDelayMs(FINALIZER_ESTIMATE_SECONDS))
    expect(r.requeueAfterMs).toBe(8_000)
  })

  it('once the finalizer is gone, a later pass flips the conditions back to False and finalizes', () => {
    const s1 = appliedAll(s, r.commands)
    const held = stored(s1, 'ConfigMap', 'held', 'team')
    const s2 = applied(s1, { verb: 'update', object: { ...held, metadata: { ...held.metadata, finalizers: [] } } }, s1.atMs + 8_000)
    expect(getObject(s2, 'ConfigMap', 'team', 'held')).toBeUndefined()
    const r2 = reconcile(s2)
    expect(summary(r2)).toEqual([
      ['updateStatus', 'Namespace', 'team'],
      ['update', 'Namespace', 'team'],
    ])
    const remaining = conditionOf(r2, 'NamespaceFinalizersRemaining')
    expect(remaining).toMatchObject({ status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' })
    expect(remaining?.lastTransitionTime).toBe(toTimestamp(s2.atMs))
    expect(conditionOf(r2, 'NamespaceDeletionDiscoveryFailure')?.lastTransitionTime).toBe(toTimestamp(s.atMs))
  })
})

describe('given a Terminating namespace that another finalizer holds, without the kubernetes token', () => {
  const other = { ...aNamespace('team'), spec: { finalizers: ['example.com/other'] } }
  const s = deleteNamespace(givenObjects(other, aConfigMap('cfg', 'team')), 'team')

  it('is not this controller\'s to empty: it does nothing', () => {
    expect(stored(s, 'Namespace', 'team').metadata.deletionTimestamp).toBeDefined()
    expect(reconcile(s).commands).toEqual([])
  })
})

describe('remainingDelayMs', () => {
  it('is estimate/2 + 1 whole seconds, with integer division', () => {
    expect([0, 1, 15, 30, 31].map(remainingDelayMs)).toEqual([1_000, 1_000, 8_000, 16_000, 16_000])
  })
})
