import { describe, expect, it } from 'vitest'
import type { ReconcileResult } from '../../../../src/controllers/controller.js'
import { schedulerKeysFor } from '../../../../src/controllers/scheduler/schedulerController.js'
import type { ObjectEvent } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { World } from '../../../../src/sim/world.js'
import { aPod, create, nodes, schedule, worldWith } from './given.js'

// kube-scheduler's VolumeBinding PreFilter: given claims in some state, when the scheduler reconciles a
// pod using them, then it binds the pod or reports upstream's PreFilter message on every node.
const NOT_HELPFUL_3 = 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.'

const claim = (name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default', ...metadata },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
})

const waitingClass: KObject = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'local' },
  provisioner: 'kubernetes.io/no-provisioner',
  volumeBindingMode: 'WaitForFirstConsumer',
} as KObject

const withClaims = (...claimNames: string[]) => aPod('p', { extraSpec: { volumes: claimNames.map((c, i) => ({ name: `v${i}`, persistentVolumeClaim: { claimName: c } })) } })

const attempt = (world: World, ...claimNames: string[]): ReconcileResult => schedule(create(world, withClaims(...claimNames)).state, 'default/p')

const messageOf = (r: ReconcileResult): string => {
  const c = r.commands[0]
  if (c?.verb !== 'updateStatus') throw new Error(`expected updateStatus, got ${c?.verb ?? 'nothing'}`)
  return c.record?.message ?? ''
}

describe('given three nodes and claims in several states', () => {
  const base = worldWith(nodes(3))

  it('a pod whose claim does not exist fits no node: persistentvolumeclaim "x" not found', () => {
    expect(messageOf(attempt(base, 'missing'))).toBe(`0/3 nodes are available: persistentvolumeclaim "missing" not found. ${NOT_HELPFUL_3}`)
  })

  it('a pod with an unbound claim of no class (Immediate) waits for the PV controller', () => {
    const w = create(base, claim('data'))
    expect(messageOf(attempt(w, 'data'))).toBe(`0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. ${NOT_HELPFUL_3}`)
  })

  it('a pod whose claims are bound is placed', () => {
    const w = create(base, claim('data', { volumeName: 'pv-1' }))
    expect(attempt(w, 'data').commands[0]).toMatchObject({ verb: 'bind', nodeName: 'node-1' })
  })

  it('an unbound claim of a WaitForFirstConsumer class does not hold the pod back', () => {
    const w = create(base, waitingClass, claim('data', { storageClassName: 'local' }))
    expect(attempt(w, 'data').commands[0]).toMatchObject({ verb: 'bind' })
  })

  it('one unbound Immediate claim among bound ones is enough to wait', () => {
    const w = create(base, claim('a', { volumeName: 'pv-1' }), claim('b'))
    expect(messageOf(attempt(w, 'a', 'b'))).toContain('pod has unbound immediate PersistentVolumeClaims')
  })
})

describe('scheduler keys for claim events', () => {
  it('a claim changing makes the pending pods that use it dirty, and only those', () => {
    const w = create(worldWith(nodes(1)), claim('data'), withClaims('data'), aPod('other'))
    const bound = claim('data', { volumeName: 'pv-1' })
    const event = { seq: 99, at: 0, type: 'object/updated', v: 1, actor: 'test', data: { object: bound } } as unknown as ObjectEvent
    expect(schedulerKeysFor(event, w.state)).toEqual(['default/p'])
  })
})
