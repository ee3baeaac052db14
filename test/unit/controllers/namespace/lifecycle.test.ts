import { describe, expect, it } from 'vitest'
import { finalizeNamespaceCommand } from '../../../../src/controllers/namespace/finalize.js'
import { IMMORTAL_NAMESPACES, refuseImmortalNamespaceDelete, specFinalizersRemain } from '../../../../src/api/kinds/namespace.js'
import type { KObject } from '../../../../src/model/meta.js'
import { SYSTEM_NAMESPACES } from '../../../../src/sim/bootstrap.js'

const ns = (finalizers: string[]): KObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'team', resourceVersion: '42', deletionTimestamp: '2024-01-01T00:00:03Z' },
  spec: { finalizers },
  status: { phase: 'Terminating' },
})

describe('refuseImmortalNamespaceDelete (NamespaceLifecycle admission)', () => {
  it.each(['default', 'kube-system', 'kube-public'])('refuses to delete %s with 403 Forbidden', (name) => {
    expect(refuseImmortalNamespaceDelete('Namespace', name)).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      details: { name, kind: 'namespaces', group: '' },
    })
  })

  it('allows kube-node-lease, other namespaces, and other kinds named like them', () => {
    expect(refuseImmortalNamespaceDelete('Namespace', 'kube-node-lease')).toBeUndefined()
    expect(refuseImmortalNamespaceDelete('Namespace', 'team')).toBeUndefined()
    expect(refuseImmortalNamespaceDelete('ConfigMap', 'default')).toBeUndefined()
  })

  it('every immortal namespace is one the cluster starts with', () => {
    for (const n of IMMORTAL_NAMESPACES) expect(SYSTEM_NAMESPACES).toContain(n)
  })
})

describe('specFinalizersRemain (ShouldDeleteNamespaceDuringUpdate)', () => {
  it('holds a Namespace while spec.finalizers is not empty', () => {
    expect(specFinalizersRemain(ns(['kubernetes']))).toBe(true)
    expect(specFinalizersRemain(ns([]))).toBe(false)
    expect(specFinalizersRemain({ ...ns([]), spec: {} })).toBe(false)
  })

  it('never holds another kind', () => {
    expect(specFinalizersRemain({ ...ns(['kubernetes']), kind: 'ConfigMap' })).toBe(false)
  })
})

describe('finalizeNamespaceCommand', () => {
  it('removes the kubernetes token, keeps the others sorted and unique, and drops the resourceVersion precondition', () => {
    const c = finalizeNamespaceCommand(ns(['z.io/b', 'kubernetes', 'a.io/a', 'z.io/b']))
    expect(c.verb).toBe('update')
    if (c.verb !== 'update') return
    expect(c.object.spec).toEqual({ finalizers: ['a.io/a', 'z.io/b'] })
    expect(c.object.metadata.resourceVersion).toBeUndefined()
    expect(c.object.metadata.deletionTimestamp).toBe('2024-01-01T00:00:03Z')
  })

  it('writes an empty list (not an absent one) when ours was the last', () => {
    const c = finalizeNamespaceCommand(ns(['kubernetes']))
    expect(c.verb === 'update' && c.object.spec).toEqual({ finalizers: [] })
  })
})
