import { describe, expect, it } from 'vitest'
import { type DeploymentStatus, newCondition, setCondition } from '../../../../src/controllers/deployment/conditions.js'
import type { Deployment } from '../../../../src/model/workloads.js'
import type { World } from '../../../../src/sim/world.js'
import { advance, aDeploymentWith, controllersWorld, deploymentIn, reconcileD, send, setsOf } from './builders.js'

const progressing = (w: World) => deploymentIn(w.state).status?.conditions?.find((c) => c.type === 'Progressing')

describe('setCondition (SetDeploymentCondition, workloads.md §7.2)', () => {
  const base: DeploymentStatus = {
    conditions: [newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'a', 0), newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'b', 0)],
  }

  it('leaves a condition with the same status and reason alone, timestamps included', () => {
    expect(setCondition(base, newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'other', 9000))).toBe(base)
  })

  it('keeps lastTransitionTime when only the reason changes, and moves the condition to the end', () => {
    const next = setCondition(base, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'c', 9000))
    expect(next.conditions?.map((c) => c.type)).toEqual(['Available', 'Progressing'])
    expect(next.conditions?.[1]).toMatchObject({ lastTransitionTime: '2024-01-01T00:00:00Z', lastUpdateTime: '2024-01-01T00:00:09Z' })
  })

  it('resets lastTransitionTime on a status change', () => {
    const next = setCondition(base, newCondition('Available', 'True', 'MinimumReplicasAvailable', 'd', 9000))
    expect(next.conditions?.[1]).toMatchObject({ status: 'True', lastTransitionTime: '2024-01-01T00:00:09Z' })
  })
})

describe('the progress deadline on the virtual clock (progressDeadlineSeconds 10, pods never ready)', () => {
  const created = send(controllersWorld(), { verb: 'create', object: aDeploymentWith('web', 2, { progressDeadlineSeconds: 10 }) })

  it('asks to be requeued just after the deadline (strictly after lastUpdateTime + 10s)', () => {
    expect(reconcileD(created.state, 0)).toEqual({ commands: [], requeueAfterMs: 10_001 })
    expect(reconcileD(created.state, 5500)).toEqual({ commands: [], requeueAfterMs: 4501 })
  })

  it('is not timed out at exactly the deadline', () => {
    expect(progressing(advance(created, 10_000))?.reason).toBe('ReplicaSetUpdated')
  })

  it('times out 1ms later: Progressing False ProgressDeadlineExceeded, then stays quiet', () => {
    const w = advance(created, 10_001)
    const rs = setsOf(w.state)[0]?.metadata.name ?? ''
    expect(progressing(w)).toEqual({
      type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rs}" has timed out progressing.`,
      lastUpdateTime: '2024-01-01T00:00:10Z', lastTransitionTime: '2024-01-01T00:00:10Z',
    })
    expect(reconcileD(w.state, w.nowMs + 60_000)).toEqual({ commands: [] })
  })

  it('has no deadline (and no Progressing condition) at MaxInt32', () => {
    const w = send(controllersWorld(), { verb: 'create', object: aDeploymentWith('web', 1, { progressDeadlineSeconds: 2147483647 }) })
    expect(progressing(w)).toBeUndefined()
    expect(reconcileD(w.state, 0)).toEqual({ commands: [] })
  })
})

describe('paused and resumed (checkPausedConditions, workloads.md §7.3)', () => {
  const setPaused = (w: World, paused: boolean): World => {
    const d = deploymentIn(w.state)
    return send(w, { verb: 'update', object: { ...d, spec: { ...d.spec, paused } } as Deployment })
  }
  const started = send(controllersWorld(), { verb: 'create', object: aDeploymentWith('web', 2) })

  it('sets Progressing Unknown DeploymentPaused while paused', () => {
    expect(progressing(setPaused(started, true))).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' })
  })

  it('sets Progressing Unknown DeploymentResumed once resumed', () => {
    expect(progressing(setPaused(setPaused(started, true), false))).toMatchObject({
      status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed',
    })
  })

  it('leaves a timed-out deployment timed out when paused', () => {
    const timedOut = advance(send(controllersWorld(), { verb: 'create', object: aDeploymentWith('web', 2, { progressDeadlineSeconds: 1 }) }), 1001)
    expect(progressing(timedOut)?.reason).toBe('ProgressDeadlineExceeded')
    expect(progressing(setPaused(timedOut, true))?.reason).toBe('ProgressDeadlineExceeded')
  })
})
