import { describe, expect, it } from 'vitest'
import { jobController } from '../../../../src/controllers/job/jobController.js'
import type { KObject } from '../../../../src/model/meta.js'
import { aJob, createAndSettle, jobIn, jobWorld, podsIn, recorded } from './given.js'
import { step } from '../../../../src/sim/step.js'

describe('given a new Job, when it is first reconciled', () => {
  const created = step(jobWorld(), { type: 'request', actor: 'user:test', command: { verb: 'create', object: aJob('one', 'ok', { parallelism: 1 }) } })
  const { world } = created
  const job = jobIn(world, 'one')!

  it('created one pod with the tracking finalizer at once and counted it active with startTime now', () => {
    const pods = podsIn(world)
    expect(pods).toHaveLength(1)
    expect(pods[0]?.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking'])
    expect(job.status).toMatchObject({ startTime: '2024-01-01T00:00:00Z', active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} })
  })

  it('is quiescent until a pod changes', () => {
    expect(jobController.reconcile(world.state, 'default/one', { nowMs: world.nowMs, seed: 1 }).commands).toEqual([])
  })
})

describe('given a Job created suspended', () => {
  const run = createAndSettle(jobWorld(), aJob('sus', 'ok', { suspend: true }))

  it('creates no pod, leaves startTime unset and marks Suspended', () => {
    const job = jobIn(run.world, 'sus')!
    expect(podsIn(run.world)).toEqual([])
    expect(job.status?.startTime).toBeUndefined()
    expect(job.status?.conditions).toMatchObject([{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }])
    expect(recorded(run.world, 'Job', 'sus')).toEqual([['Suspended', 'Job suspended']])
  })

  it('when resumed, resets startTime, flips Suspended to False (JobResumed) and runs to completion', () => {
    const job = jobIn(run.world, 'sus')!
    const resumed = step(step(run.world, { type: 'advance', byMs: 7_000, actor: 'user:test' }).world, {
      type: 'request',
      actor: 'user:test',
      command: { verb: 'patch', ref: { kind: 'Job', namespace: 'default', name: 'sus' }, patch: { spec: { suspend: false } } },
    }).world
    expect(jobIn(resumed, 'sus')?.status?.startTime).toBe('2024-01-01T00:00:07Z')
    const done = step(resumed, { type: 'settle', maxMs: 600_000, actor: 'user:test' }).world
    const conds = jobIn(done, 'sus')?.status?.conditions ?? []
    expect(conds.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Suspended', 'False', 'JobResumed'],
      ['SuccessCriteriaMet', 'True', 'CompletionsReached'],
      ['Complete', 'True', 'CompletionsReached'],
    ])
    expect(job.metadata.uid).toBe(jobIn(done, 'sus')?.metadata.uid)
  })
})

describe('given a Job with a FailJob pod failure policy on exit code 1', () => {
  const policy = { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] } }] }, podReplacementPolicy: 'Failed' }
  const run = createAndSettle(jobWorld(), aJob('pfp', 'bad', policy))

  it('fails on the first failure with reason PodFailurePolicy and upstream wording, without retrying', () => {
    const job = jobIn(run.world, 'pfp')!
    const pod = podsIn(run.world)[0]!
    expect(podsIn(run.world)).toHaveLength(1)
    expect(job.status?.conditions?.at(-1)).toMatchObject({
      type: 'Failed',
      reason: 'PodFailurePolicy',
      message: `Container main for pod default/${pod.metadata.name ?? ''} failed with exit code 1 matching FailJob rule at index 0`,
    })
    expect(job.status?.failed).toBe(1)
  })

  it('an Ignore rule instead neither counts the failure nor fails the Job by backoff', () => {
    const ignore = { podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [1] } }] }, podReplacementPolicy: 'Failed', backoffLimit: 0 }
    const w = step(jobWorld(), { type: 'request', actor: 'user:test', command: { verb: 'create', object: aJob('ign', 'bad', ignore) } }).world
    const later = step(w, { type: 'advance', byMs: 10_000, actor: 'user:test' }).world
    const job = jobIn(later, 'ign')!
    expect(job.status?.failed).toBeUndefined()
    expect(job.status?.conditions ?? []).toEqual([])
    expect(podsIn(later).length).toBeGreaterThan(1)
  })
})

describe('given a running Job that the user deletes', () => {
  const w = step(jobWorld(), { type: 'request', actor: 'user:test', command: { verb: 'create', object: aJob('gone', 'ok', { parallelism: 2, completions: 2 }) } }).world
  const deleted = step(w, { type: 'request', actor: 'user:test', command: { verb: 'delete', ref: { kind: 'Job', namespace: 'default', name: 'gone' } } })
  const settled = step(deleted.world, { type: 'settle', maxMs: 600_000, actor: 'user:test' })
  const appended = [...deleted.appended, ...settled.appended]

  it('removes the tracking finalizer of its orphaned pods so that they go away', () => {
    expect(jobIn(settled.world, 'gone')).toBeUndefined()
    expect(podsIn(settled.world)).toEqual([])
    const unfinalized = appended.filter(
      (e) => e.actor === 'controller:job' && (e.data as { object: KObject }).object.kind === 'Pod' && (e.data as { object: KObject }).object.metadata.finalizers === undefined,
    )
    expect(unfinalized).toHaveLength(2)
  })

  it('had written the first status with both pods active', () => {
    expect(jobIn(w, 'gone')?.status?.active).toBe(2)
    expect(jobController.reconcile(w.state, 'default/gone', { nowMs: 0, seed: 1 }).commands).toEqual([])
  })
})
