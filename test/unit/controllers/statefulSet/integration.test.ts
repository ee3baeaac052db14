import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { garbageCollector } from '../../../../src/controllers/garbageCollector/garbageCollector.js'
import { kubeletController } from '../../../../src/controllers/kubelet/kubeletController.js'
import { schedulerController } from '../../../../src/controllers/scheduler/schedulerController.js'
import { statefulSetController } from '../../../../src/controllers/statefulSet/statefulSetController.js'
import type { StatefulSet } from '../../../../src/controllers/statefulSet/types.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { Pod } from '../../../../src/model/pod.js'
import { parseManifests } from '../../../../src/scenario/manifests.js'
import { listObjects } from '../../../../src/state/clusterState.js'
import { emptyWorld, step } from '../../../../src/sim/step.js'
import type { World } from '../../../../src/sim/world.js'
import { expectAccepted, requestIn, stored } from '../../../support/builders.js'

const CONTROLLERS = [garbageCollector, statefulSetController, schedulerController, kubeletController]

const seed003 = (): World => {
  let w = step(emptyWorld(CONTROLLERS), {
    type: 'start',
    seed: 3,
    cluster: { nodes: [{ name: 'node-1' }, { name: 'node-2' }] },
    actor: 'user:test',
  }).world
  const parsed = parseManifests(readFileSync('scenarios/manifests/003-statefulset-and-headless.yaml', 'utf8'), '003')
  if (E.isLeft(parsed)) throw new Error(parsed.left.message)
  // The claims' class binds WaitForFirstConsumer, so the scheduler's VolumeBinding lets the pods through
  // while the claims stay Pending (this world has no PV controller).
  const waiting = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gsh-pv' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' }
  for (const { object } of [{ object: waiting as unknown as KObject }, ...parsed.right]) {
    const out = requestIn(w, { verb: 'create', object: { ...object, metadata: { ...object.metadata, namespace: 'default' } } })
    expectAccepted(out.decision, `create ${object.kind}`)
    w = out.world
  }
  return w
}

const settle = (w: World): World => step(w, { type: 'settle', maxMs: 600_000, actor: 'user:test' }).world
const events = (w: World): string[] =>
  listObjects<KObject & { message?: string; involvedObject?: { kind?: string } }>(w.state, 'Event', 'default')
    .filter((e) => e.involvedObject?.kind === 'StatefulSet')
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => e.message ?? '')

describe('seed 003: the 3-replica web set through step (scheduler, kubelet, garbage collector)', () => {
  const w = settle(seed003())

  it('brings up web-0, web-1, web-2 in order, each claim created before its pod', () => {
    expect(events(w)).toEqual([
      'create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'create Pod web-0 in StatefulSet web successful',
      'create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'create Pod web-1 in StatefulSet web successful',
      'create Claim www-web-2 Pod web-2 in StatefulSet web success',
      'create Pod web-2 in StatefulSet web successful',
    ])
    const pods = listObjects<Pod>(w.state, 'Pod', 'default')
    expect(pods.map((p) => [p.metadata.name, p.status?.phase, p.spec.subdomain])).toEqual([
      ['web-0', 'Running', 'nginx'], ['web-1', 'Running', 'nginx'], ['web-2', 'Running', 'nginx'],
    ])
    const created = pods.map((p) => String(p.metadata.creationTimestamp))
    expect([...created].sort()).toEqual(created)
    expect(created[0]).not.toBe(created[2])
  })

  it('leaves the claims Pending (no PV controller) without blocking the pods, and reports a full status', () => {
    expect(listObjects(w.state, 'PersistentVolumeClaim', 'default').map((c) => c.metadata.name)).toEqual(['www-web-0', 'www-web-1', 'www-web-2'])
    expect(stored<StatefulSet>(w.state, 'StatefulSet', 'web').status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 })
  })

  it('recreates a deleted pod with the same name and claim, and the Retain policy keeps claims when the set goes', () => {
    let out = requestIn(w, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'web-1' }, options: { gracePeriodSeconds: 0 } }).world
    out = settle(out)
    const p = stored<Pod>(out.state, 'Pod', 'web-1')
    expect(p.status?.phase).toBe('Running')
    expect(p.spec.volumes?.[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1', readOnly: false } })
    out = settle(requestIn(out, { verb: 'delete', ref: { kind: 'StatefulSet', namespace: 'default', name: 'web' } }).world)
    expect(listObjects(out.state, 'Pod', 'default')).toEqual([])
    expect(listObjects(out.state, 'ControllerRevision', 'default')).toEqual([])
    expect(listObjects(out.state, 'PersistentVolumeClaim', 'default').length).toBe(3)
  })
})
