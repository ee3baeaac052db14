import { describe, expect, it } from 'vitest'
import type { World } from '../../../../src/sim/world.js'
import { aStatefulSet, bringUp, claimNames, forceDelete, pod, podIs, podNames, reconcileSet, scale, send, settle, verbs, worldWith } from './builders.js'

/** Binds every unbound pod to node-1, so that deleting it is graceful (the object stays Terminating). */
const bindAll = (w: World): World => {
  let out = w
  for (const name of podNames(w.state))
    if (pod(out.state, name)?.spec.nodeName === undefined) out = send(out, { verb: 'bind', ref: { kind: 'Pod', namespace: 'default', name }, nodeName: 'node-1' })
  return out
}

const up = (replicas: number, policy?: 'Parallel'): World => {
  let w = worldWith(aStatefulSet('web', replicas, policy ? { policy } : {}))
  for (let i = 0; i < replicas + 1; i++) w = bringUp(bindAll(bringUp(w)))
  return bindAll(w)
}

describe('scale down under OrderedReady', () => {
  it('deletes the highest ordinal first and waits until the object is gone before the next', () => {
    let w = scale(up(3), 1)
    const r = reconcileSet(w.state)
    expect(verbs(r).filter((v) => v.startsWith('delete'))).toEqual(['delete Pod/web-2'])
    expect(r.commands.find((c) => c.verb === 'delete')?.record?.message).toBe('delete Pod web-2 in StatefulSet web successful')
    w = settle(w)
    expect(pod(w.state, 'web-2')?.metadata.deletionTimestamp).toBeDefined()
    expect(pod(w.state, 'web-1')?.metadata.deletionTimestamp).toBeUndefined()
    w = settle(forceDelete(w, 'web-2'))
    expect(pod(w.state, 'web-1')?.metadata.deletionTimestamp).toBeDefined()
    w = settle(forceDelete(w, 'web-1'))
    expect(podNames(w.state)).toEqual(['web-0'])
    expect(claimNames(w.state)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
  })

  it('blocks while an in-range pod is not Ready', () => {
    const w = scale(podIs(up(3), 'web-0', { phase: 'Running', ready: false }), 2)
    expect(verbs(reconcileSet(w.state)).filter((v) => v.startsWith('delete'))).toEqual([])
  })

  it('under Parallel deletes every condemned pod at once', () => {
    const w = scale(up(3, 'Parallel'), 1)
    expect(verbs(reconcileSet(w.state)).filter((v) => v.startsWith('delete'))).toEqual(['delete Pod/web-2', 'delete Pod/web-1'])
  })
})

describe('replacement keeps the identity', () => {
  it('a deleted pod is recreated with the same name, hostname and claim', () => {
    let w = up(3)
    const uid = pod(w.state, 'web-1')?.metadata.uid
    w = settle(forceDelete(w, 'web-1'))
    const p = pod(w.state, 'web-1')!
    expect(p.metadata.uid).not.toBe(uid)
    expect([p.spec.hostname, p.spec.subdomain]).toEqual(['web-1', 'web-svc'])
    expect(p.spec.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1', readOnly: false } }])
    expect(claimNames(w.state)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
  })

  it('a Failed pod is deleted, and recreated with the same name once the object is gone', () => {
    let w = podIs(up(3), 'web-1', { phase: 'Failed' })
    const uid = pod(w.state, 'web-1')?.metadata.uid
    expect(verbs(reconcileSet(w.state))).toContain('delete Pod/web-1')
    w = settle(w)
    expect(pod(w.state, 'web-1')?.metadata.uid).not.toBe(uid)
    expect(pod(w.state, 'web-1')?.status?.phase).toBe('Pending')
  })

  it('a Terminating pod (e.g. on an unreachable node) is not replaced until it is force-deleted', () => {
    let w = send(up(3), { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'web-1' } })
    const uid = pod(w.state, 'web-1')?.metadata.uid
    w = settle(w)
    expect(pod(w.state, 'web-1')?.metadata.uid).toBe(uid)
    expect(reconcileSet(w.state).commands.filter((c) => c.verb === 'create')).toEqual([])
    w = settle(forceDelete(w, 'web-1'))
    expect(pod(w.state, 'web-1')?.metadata.uid).not.toBe(uid)
  })

  it('under Parallel a Terminating pod is skipped, not replaced, while other slots proceed', () => {
    let w = send(up(3, 'Parallel'), { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'web-0' } })
    w = settle(forceDelete(w, 'web-2'))
    expect(podNames(w.state)).toEqual(['web-0', 'web-1', 'web-2'])
    expect(pod(w.state, 'web-0')?.metadata.deletionTimestamp).toBeDefined()
    expect(pod(w.state, 'web-2')?.metadata.deletionTimestamp).toBeUndefined()
  })
})
