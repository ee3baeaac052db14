import { describe, expect, it } from 'vitest'
import { jobController } from '../../../../src/controllers/job/jobController.js'
import type { Pod } from '../../../../src/model/pod.js'
import type { KObject } from '../../../../src/model/meta.js'
import { aJob, createAndSettle, jobIn, jobWorld, podCreationTimes, podsIn, recorded } from './given.js'

const conditionTypes = (o: { status?: { conditions?: readonly { type: string }[] } } | undefined): string[] =>
  (o?.status?.conditions ?? []).map((c) => c.type)

describe('given a Job with completions 5 and parallelism 2 running the ok image', () => {
  const run = createAndSettle(jobWorld(), aJob('pi', 'ok', { completions: 5, parallelism: 2 }))

  it('never has more than 2 active pods at any time', () => {
    const active = new Map<string, boolean>()
    let max = 0
    for (const e of run.events) {
      const o = (e.data as { object?: KObject }).object
      if (o?.kind !== 'Pod') continue
      const p = o as Pod
      const on = e.type !== 'object/deleted' && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && p.metadata.deletionTimestamp === undefined
      active.set(p.metadata.name ?? '', on)
      max = Math.max(max, [...active.values()].filter(Boolean).length)
    }
    expect(max).toBe(2)
  })

  it('completes with 5 succeeded pods, SuccessCriteriaMet then Complete, and completionTime', () => {
    const job = jobIn(run.world, 'pi')!
    expect(job.status).toMatchObject({ succeeded: 5, ready: 0, terminating: 0, uncountedTerminatedPods: {} })
    expect(job.status?.active).toBeUndefined()
    expect(conditionTypes(job)).toEqual(['SuccessCriteriaMet', 'Complete'])
    expect(job.status?.conditions?.[1]).toMatchObject({ status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' })
    expect(job.status?.completionTime).toBe(job.status?.conditions?.[1]?.lastTransitionTime)
  })

  it('creates pods in waves of two: at 0 s, then as each pair finishes', () => {
    expect(podCreationTimes(run.events)).toEqual([0, 0, 4000, 4000, 8000])
  })

  it('removes the job-tracking finalizer from every pod and keeps them owned by the Job', () => {
    const pods = podsIn(run.world)
    expect(pods).toHaveLength(5)
    for (const p of pods) {
      expect(p.metadata.finalizers ?? []).toEqual([])
      expect(p.metadata.name).toMatch(/^pi-[a-z0-9]{5}$/)
      expect(p.metadata.ownerReferences).toEqual([
        { apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: jobIn(run.world, 'pi')!.metadata.uid, controller: true, blockOwnerDeletion: true },
      ])
    }
  })

  it('records SuccessfulCreate for each pod and Completed once', () => {
    const events = recorded(run.world, 'Job', 'pi')
    expect(events.filter(([r]) => r === 'SuccessfulCreate').map(([, m]) => m).sort()).toEqual(podsIn(run.world).map((p) => `Created pod: ${p.metadata.name ?? ''}`).sort())
    expect(events.filter(([r]) => r === 'Completed')).toEqual([['Completed', 'Job completed']])
  })

  it('is quiescent: a later reconcile issues nothing', () => {
    expect(jobController.reconcile(run.world.state, 'default/pi', { nowMs: run.world.nowMs + 60_000, seed: 1 }).commands).toEqual([])
  })
})

describe('given a Job whose image always fails, backoffLimit 3', () => {
  const run = createAndSettle(jobWorld(), aJob('crash', 'bad', { backoffLimit: 3 }))

  it('re-creates pods after 10 s, 20 s, 40 s from each failure (failures at 2, 14, 36, 78 s)', () => {
    expect(podCreationTimes(run.events)).toEqual([0, 12_000, 34_000, 76_000])
  })

  it('fails with BackoffLimitExceeded after the 4th failure, FailureTarget first', () => {
    const job = jobIn(run.world, 'crash')!
    expect(conditionTypes(job)).toEqual(['FailureTarget', 'Failed'])
    expect(job.status?.conditions?.[1]).toMatchObject({
      status: 'True',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
      lastTransitionTime: '2024-01-01T00:01:18Z',
    })
    expect(job.status).toMatchObject({ failed: 4, ready: 0, terminating: 0, uncountedTerminatedPods: {} })
    expect(job.status?.completionTime).toBeUndefined()
  })

  it('records the BackoffLimitExceeded warning', () => {
    expect(recorded(run.world, 'Job', 'crash').filter(([r]) => r !== 'SuccessfulCreate')).toEqual([
      ['BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ])
  })
})

describe('given a Job with activeDeadlineSeconds 2 whose pods run longer', () => {
  const long = { ...aJob('slow', 'ok', { activeDeadlineSeconds: 2, parallelism: 2, completions: 4 }) }
  const run = createAndSettle(jobWorld(), long)

  it('deletes the active pods at the deadline and fails with DeadlineExceeded once they are gone', () => {
    const job = jobIn(run.world, 'slow')!
    expect(conditionTypes(job)).toEqual(['FailureTarget', 'Failed'])
    const failed = job.status?.conditions?.[1]
    expect(failed).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' })
    expect(job.status?.conditions?.[0]?.lastTransitionTime).toBe('2024-01-01T00:00:02Z')
    expect(job.status).toMatchObject({ failed: 2, terminating: 0 })
    expect(podsIn(run.world)).toEqual([])
    expect(recorded(run.world, 'Job', 'slow').filter(([r]) => r === 'SuccessfulDelete')).toHaveLength(2)
    expect(recorded(run.world, 'Job', 'slow').at(-1)).toEqual(['DeadlineExceeded', 'Job was active longer than specified deadline'])
  })
})

describe('given an Indexed Job with completions 3 and parallelism 3', () => {
  const run = createAndSettle(jobWorld(), aJob('idx', 'ok', { completions: 3, parallelism: 3, completionMode: 'Indexed' }))

  it('gives each pod its index as annotation, label, hostname, env and name prefix', () => {
    const pods = podsIn(run.world)
    expect(pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2'])
    for (const p of pods) {
      const ix = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']
      expect(p.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe(ix)
      expect(p.spec.hostname).toBe(`idx-${ix}`)
      expect(p.metadata.name).toMatch(new RegExp(`^idx-${ix}-[a-z0-9]{5}$`))
      expect(p.spec.containers[0]?.env).toContainEqual({
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } },
      })
    }
  })

  it('completes with completedIndexes "0-2" and succeeded 3', () => {
    const job = jobIn(run.world, 'idx')!
    expect(job.status).toMatchObject({ completedIndexes: '0-2', succeeded: 3 })
    expect(conditionTypes(job)).toEqual(['SuccessCriteriaMet', 'Complete'])
  })
})

describe('given a Job with ttlSecondsAfterFinished 30', () => {
  const run = createAndSettle(jobWorld(), aJob('ttl', 'ok', { ttlSecondsAfterFinished: 30 }))

  it('deletes the Job and its pods 30 s after it completed', () => {
    expect(jobIn(run.world, 'ttl')).toBeUndefined()
    expect(podsIn(run.world)).toEqual([])
    const deleted = run.events.find((e) => e.type === 'object/deleted' && (e.data as { object: KObject }).object.kind === 'Job')
    // The pod runs from 1 s to 4 s; the Job completes at 4 s and is deleted at 34 s.
    expect(deleted?.at).toBe(34_000)
    const marked = run.events.find((e) => e.actor === 'controller:ttlafterfinished')
    expect(marked?.at).toBe(34_000)
    expect((marked?.data as { object: KObject }).object.metadata.finalizers).toEqual(['foregroundDeletion'])
  })
})
