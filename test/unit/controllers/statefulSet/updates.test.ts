import { describe, expect, it } from 'vitest'
import type { ControllerRevision } from '../../../../src/controllers/statefulSet/types.js'
import { listObjects } from '../../../../src/state/clusterState.js'
import type { World } from '../../../../src/sim/world.js'
import { aStatefulSet, bringUp, pass, send, forceDelete, pod, podNames, readyAll, reconcileSet, setImage, setIn, settle, type SetOptions, worldWith } from './builders.js'

const revisionLabel = (w: World, name: string): string => String(pod(w.state, name)?.metadata.labels?.['controller-revision-hash'])
const revisions = (w: World): ControllerRevision[] =>
  listObjects<ControllerRevision>(w.state, 'ControllerRevision', 'default').sort((a, b) => a.revision - b.revision)

/** Runs passes and readiness until nothing changes, recording the order pods were deleted in. */
const rollOut = (start: World): { world: World; deleted: string[] } => {
  let w = start
  const deleted: string[] = []
  for (let i = 0; i < 30; i++) {
    const { world, result: r } = pass(w)
    for (const c of r.commands) if (c.verb === 'delete' && c.ref.kind === 'Pod') deleted.push(c.ref.name)
    w = readyAll(world)
    if (r.commands.length === 0) break
  }
  return { world: settle(w), deleted }
}

const upWith = (opts: SetOptions = {}): World => bringUp(worldWith(aStatefulSet('web', 3, opts)))

describe('RollingUpdate', () => {
  it('replaces pods one at a time in reverse ordinal order, then advances currentRevision', () => {
    const before = revisionLabel(upWith(), 'web-0')
    const { world, deleted } = rollOut(setImage(upWith(), 'nginx:1.26'))
    expect(deleted).toEqual(['web-2', 'web-1', 'web-0'])
    const after = revisionLabel(world, 'web-0')
    expect(after).not.toBe(before)
    expect(podNames(world.state).map((n) => revisionLabel(world, n))).toEqual([after, after, after])
    expect(setIn(world.state).status).toMatchObject({ currentRevision: after, updateRevision: after, currentReplicas: 3, updatedReplicas: 3 })
  })

  it('waits for the replacement to be Running and Ready before the next deletion', () => {
    let w = settle(setImage(upWith(), 'nginx:1.26'))
    expect(revisionLabel(w, 'web-2')).not.toBe(revisionLabel(w, 'web-1'))
    expect(pod(w.state, 'web-2')?.status?.phase).toBe('Pending')
    expect(reconcileSet(w.state).commands.filter((c) => c.verb === 'delete')).toEqual([])
    w = settle(readyAll(w))
    expect(revisionLabel(w, 'web-1')).toBe(revisionLabel(w, 'web-2'))
  })

  it('with partition 2 updates only ordinals ≥ 2 and keeps currentRevision', () => {
    const start = upWith({ partition: 2 })
    const old = revisionLabel(start, 'web-0')
    const { world, deleted } = rollOut(setImage(start, 'nginx:1.26'))
    expect(deleted).toEqual(['web-2'])
    expect(revisionLabel(world, 'web-1')).toBe(old)
    expect(setIn(world.state).status).toMatchObject({ currentRevision: old, currentReplicas: 2, updatedReplicas: 1 })
  })

  it('with partition above replicas updates nothing', () => {
    expect(rollOut(setImage(upWith({ partition: 5 }), 'nginx:1.26')).deleted).toEqual([])
  })
})

describe('OnDelete', () => {
  it('deletes nothing; a pod the user deletes comes back at the update revision', () => {
    const start = setImage(upWith({ onDelete: true }), 'nginx:1.26')
    const { world, deleted } = rollOut(start)
    expect(deleted).toEqual([])
    const update = String(setIn(world.state).status?.updateRevision)
    expect(revisionLabel(world, 'web-1')).not.toBe(update)
    const w = settle(forceDelete(world, 'web-1'))
    expect(revisionLabel(w, 'web-1')).toBe(update)
    expect(setIn(readyAll(w).state).status?.currentRevision).not.toBe(update)
  })
})

describe('ControllerRevisions', () => {
  it('are named <set>-<hash>, numbered, owned by the set and carry only the template', () => {
    const w = rollOut(setImage(upWith(), 'nginx:1.26')).world
    const revs = revisions(w)
    expect(revs.map((r) => r.revision)).toEqual([1, 2])
    for (const r of revs) {
      expect(r.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/)
      expect(r.metadata.name).toBe(`web-${r.metadata.labels?.['controller.kubernetes.io/hash']}`)
      expect(r.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'web', controller: true })
      expect(Object.keys((r.data as { spec: object }).spec)).toEqual(['template'])
    }
    expect(JSON.stringify(revs[1]?.data)).toContain('nginx:1.26')
  })

  it('a scale change makes no new revision', () => {
    const w = upWith()
    const set = setIn(w.state)
    const scaled = settle(worldWithSpec(w, { ...set.spec, replicas: 4 }))
    expect(revisions(scaled).length).toBe(1)
  })

  it('a rollback re-uses the older revision and bumps its number', () => {
    let w = rollOut(setImage(upWith(), 'nginx:1.26')).world
    const first = revisions(w)[0]!.metadata.name
    w = rollOut(setImage(w, 'nginx:1.25')).world
    const revs = revisions(w)
    expect(revs.map((r) => r.revision)).toEqual([2, 3])
    expect(revs[1]?.metadata.name).toBe(first)
    expect(setIn(w.state).status?.updateRevision).toBe(first)
  })

  it('history beyond revisionHistoryLimit is deleted, oldest first, keeping live revisions', () => {
    let w = upWith({ revisionHistoryLimit: 1 })
    for (const image of ['a:1', 'a:2', 'a:3']) w = rollOut(setImage(w, image)).world
    const revs = revisions(w)
    expect(revs.length).toBe(2)
    expect(JSON.stringify(revs[1]?.data)).toContain('a:3')
    expect(JSON.stringify(revs[0]?.data)).toContain('a:2')
  })
})

const worldWithSpec = (w: World, spec: object): World => {
  const set = setIn(w.state)
  return settle(sendUpdate(w, { ...set, spec } as never))
}
const sendUpdate = (w: World, object: never): World => send(w, { verb: 'update', object })
