import { describe, expect, it } from 'vitest'
import type { ControllerRevision, DaemonSet } from '../../../../src/controllers/daemonSet/daemonSet.js'
import type { Event } from '../../../../src/log/events.js'
import { isPodReady, type Pod } from '../../../../src/model/pod.js'
import type { World } from '../../../../src/sim/world.js'
import { listObjects } from '../../../../src/state/clusterState.js'
import { aDaemonSet, livePods, nodes, reconcileOnce, send, sendAll, settle, storedDs, worldWith } from './given.js'

const running = (ds: DaemonSet): World => settle(send(worldWith(nodes(3)), { verb: 'create', object: ds })).world

/** Changes the image (a new template, so a new revision). */
const updateImage = (w: World, image: string): ReturnType<typeof sendAll> => {
  const ds = storedDs(w.state)
  const template = { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers: [{ ...ds.spec.template.spec.containers[0]!, image }] } }
  return sendAll(w, { verb: 'update', object: { ...ds, spec: { ...ds.spec, template } } })
}

const terminating = (w: World): number => listObjects<Pod>(w.state, 'Pod', 'default').filter((p) => p.metadata.deletionTimestamp !== undefined).length

/** The most nodes that were, at once, without a ready, non-terminating daemon pod, replaying the events in order. */
const maxUnavailableSeen = (start: readonly Pod[], events: readonly Event[], nodeNames: readonly string[]): number => {
  const pods = new Map(start.map((p) => [p.metadata.name ?? '', p]))
  let worst = 0
  for (const e of events) {
    const o = e.data as { object?: Pod }
    if (o.object?.kind !== 'Pod') continue
    if (e.type === 'object/deleted') pods.delete(o.object.metadata.name ?? '')
    else pods.set(o.object.metadata.name ?? '', o.object)
    const up = new Set([...pods.values()].filter((p) => p.metadata.deletionTimestamp === undefined && isPodReady(p)).map((p) => p.spec.nodeName))
    worst = Math.max(worst, nodeNames.filter((n) => !up.has(n)).length)
  }
  return worst
}

describe.each([
  { maxUnavailable: 1, deletedAtOnce: 1 },
  { maxUnavailable: 2, deletedAtOnce: 2 },
  { maxUnavailable: '25%', deletedAtOnce: 1 },
])('given three nodes and RollingUpdate maxUnavailable $maxUnavailable', ({ maxUnavailable, deletedAtOnce }) => {
  const before = running(aDaemonSet('agent', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, maxSurge: 0 } } }))
  const { world, appended } = updateImage(before, 'agent:2')

  it(`deletes ${deletedAtOnce} old pod(s) at once when the template changes`, () => {
    expect(terminating(world)).toBe(deletedAtOnce)
  })

  it('creates a second revision numbered 2', () => {
    expect(listObjects<ControllerRevision>(world.state, 'ControllerRevision', 'default').map((r) => r.revision).sort()).toEqual([1, 2])
  })

  describe('when time passes', () => {
    const done = settle(world)
    const s = done.world.state
    const hash = listObjects<ControllerRevision>(s, 'ControllerRevision', 'default').find((r) => r.revision === 2)!.metadata.labels!['controller-revision-hash']

    it('replaces every pod with the new revision', () => {
      const placed = livePods(s).map((p) => [p.spec.nodeName, p.spec.containers[0]!.image, p.metadata.labels?.['controller-revision-hash']])
      expect(placed.sort()).toEqual(['node-1', 'node-2', 'node-3'].map((n) => [n, 'agent:2', hash]))
    })

    it(`never has more than ${deletedAtOnce} node(s) without a ready pod`, () => {
      expect(maxUnavailableSeen(livePods(before.state), [...appended, ...done.appended], ['node-1', 'node-2', 'node-3'])).toBe(deletedAtOnce)
    })

    it('reports every pod updated and available, and is quiescent', () => {
      expect(storedDs(s).status).toMatchObject({ desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberUnavailable: 0, observedGeneration: 2 })
      expect(reconcileOnce(s)).toEqual({ commands: [] })
    })
  })
})

describe('given three nodes and the OnDelete strategy', () => {
  const before = running(aDaemonSet('agent', { strategy: { type: 'OnDelete' } }))
  const updated = settle(updateImage(before, 'agent:2').world).world

  it('does nothing to the pods when the template changes', () => {
    expect(livePods(updated.state).map((p) => p.spec.containers[0]!.image)).toEqual(['agent:1', 'agent:1', 'agent:1'])
    expect(storedDs(updated.state).status).toMatchObject({ updatedNumberScheduled: 0, numberAvailable: 3, observedGeneration: 2 })
  })

  it('creates the new revision only on the node whose pod the user deleted', () => {
    const victim = livePods(updated.state).find((p) => p.spec.nodeName === 'node-2')!
    const s = settle(send(updated, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: victim.metadata.name ?? '' } })).world.state
    expect(Object.fromEntries(livePods(s).map((p) => [p.spec.nodeName, p.spec.containers[0]!.image]))).toEqual({ 'node-1': 'agent:1', 'node-2': 'agent:2', 'node-3': 'agent:1' })
    expect(storedDs(s).status).toMatchObject({ updatedNumberScheduled: 1, numberAvailable: 3 })
  })
})

describe('given a rollback to the first template', () => {
  const v2 = settle(updateImage(running(aDaemonSet('agent')), 'agent:2').world).world
  const s = settle(updateImage(v2, 'agent:1').world).world.state
  const revisions = listObjects<ControllerRevision>(s, 'ControllerRevision', 'default').sort((a, b) => a.revision - b.revision)

  it('reuses the first revision and renumbers it 3', () => {
    expect(revisions.map((r) => (r.data as { spec: { template: { spec: { containers: { image: string }[] } } } }).spec.template.spec.containers[0]!.image)).toEqual(['agent:2', 'agent:1'])
    expect(revisions.map((r) => r.revision)).toEqual([2, 3])
    expect(livePods(s).every((p) => p.metadata.labels?.['controller-revision-hash'] === revisions[1]!.metadata.labels?.['controller-revision-hash'])).toBe(true)
  })
})

describe('given revisionHistoryLimit 1 and two template changes', () => {
  let w = running(aDaemonSet('agent', { revisionHistoryLimit: 1 }))
  w = settle(updateImage(w, 'agent:2').world).world
  w = settle(updateImage(w, 'agent:3').world).world

  it('keeps the current revision and one old one, deleting the oldest unused', () => {
    expect(listObjects<ControllerRevision>(w.state, 'ControllerRevision', 'default').map((r) => r.revision).sort()).toEqual([2, 3])
  })
})
