import { describe, expect, it } from 'vitest'
import { backoffRecordOf, backoffRemainingMs } from '../../../../src/controllers/job/backoff.js'
import { formatIndexes, parseIndexes } from '../../../../src/controllers/job/indexes.js'
import type { Job } from '../../../../src/controllers/job/job.js'
import { jobKeysFor } from '../../../../src/controllers/job/jobController.js'
import { reconcileTtlAfterFinished } from '../../../../src/controllers/job/ttlAfterFinished.js'
import { wantActiveOf } from '../../../../src/controllers/job/manage.js'
import { toTimestamp } from '../../../../src/kernel/brand.js'
import type { ObjectEvent } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { Pod } from '../../../../src/model/pod.js'
import { aJob } from './given.js'

const job = (spec: Record<string, unknown> = {}): Job => aJob('j', 'ok', spec) as Job

const finishedPod = (phase: 'Succeeded' | 'Failed', finishedAtMs: number): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p-${phase}-${finishedAtMs}`, namespace: 'default', creationTimestamp: toTimestamp(0) },
  spec: { containers: [{ name: 'main', image: 'x' }] },
  status: {
    phase,
    containerStatuses: [
      { name: 'main', ready: false, restartCount: 0, state: { terminated: { exitCode: phase === 'Failed' ? 1 : 0, finishedAt: toTimestamp(finishedAtMs) } } },
    ],
  },
})

describe('the pod-failure back-off (reference §8.3)', () => {
  const at = (n: number) => backoffRemainingMs({ failuresAfterLastSuccess: n, lastFailureMs: 0 }, 0)

  it('is 10 s × 2^(n−1) right after the n-th failure, capped at 10 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(at)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000])
  })

  it('counts from the last failure: 3 s after a single failure, 7 s remain; after 10 s, none', () => {
    const record = { failuresAfterLastSuccess: 1, lastFailureMs: 5_000 }
    expect(backoffRemainingMs(record, 8_000)).toBe(7_000)
    expect(backoffRemainingMs(record, 15_000)).toBe(0)
  })

  it('counts only the failures that finished after the last success', () => {
    const pods = [finishedPod('Failed', 1_000), finishedPod('Succeeded', 2_000), finishedPod('Failed', 3_000), finishedPod('Failed', 5_000)]
    expect(backoffRecordOf(pods, job(), () => false)).toEqual({ failuresAfterLastSuccess: 2, lastFailureMs: 5_000 })
  })

  it('has no delay without failures', () => {
    expect(backoffRecordOf([finishedPod('Succeeded', 2_000)], job(), () => false)).toEqual({ failuresAfterLastSuccess: 0 })
  })
})

describe('the active pod target (reference §8.2)', () => {
  it.each([
    [{ completions: 5, parallelism: 2 }, 0, 0, 2],
    [{ completions: 5, parallelism: 2 }, 2, 4, 1],
    [{ completions: 5, parallelism: 2 }, 0, 6, 0],
    [{ completions: undefined, parallelism: 3 }, 0, 0, 3],
    [{ completions: undefined, parallelism: 3 }, 2, 1, 2],
    [{ completions: 5, parallelism: 2, suspend: true }, 2, 0, 0],
  ])('spec %o with %i active and %i succeeded wants %i', (spec, active, succeeded, want) => {
    expect(wantActiveOf(job(spec), active, succeeded)).toBe(want)
  })
})

describe('completedIndexes intervals', () => {
  it('writes runs of three or more as ranges and pairs as two numbers', () => {
    expect(formatIndexes([5, 1, 3, 4, 8, 9])).toBe('1,3-5,8,9')
    expect(formatIndexes([])).toBe('')
  })
  it('parses its own output back, dropping indexes at or beyond completions', () => {
    expect([...parseIndexes('1,3-5,8,9', 9)]).toEqual([1, 3, 4, 5, 8])
  })
})

describe('jobKeysFor', () => {
  const ev = (o: KObject, type: ObjectEvent['type'] = 'object/updated'): ObjectEvent =>
    ({ seq: 2, at: 0, type, v: 1, actor: 'x', data: { object: o } }) as unknown as ObjectEvent
  const pod = (refs?: KObject['metadata']['ownerReferences']): KObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', ...(refs ? { ownerReferences: refs } : {}) },
  })
  it.each([
    ['a Job', ev({ ...job(), metadata: { name: 'j', namespace: 'ns' } }), ['ns/j']],
    ['a pod controlled by a Job', ev(pod([{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'u', controller: true }])), ['ns/j']],
    ['a deleted pod of a Job', ev(pod([{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'u', controller: true }]), 'object/deleted'), ['ns/j']],
    ['a pod controlled by a ReplicaSet', ev(pod([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'r', uid: 'u', controller: true }])), []],
    ['an orphan pod', ev(pod()), []],
  ])('%s → %o', (_what, event, keys) => {
    expect(jobKeysFor(event)).toEqual(keys)
  })
})

describe('ttl-after-finished', () => {
  const finished = (type: 'Complete' | 'Failed', atMs: number, ttl: number | undefined): Job => ({
    ...job(ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl }),
    metadata: { name: 'j', namespace: 'default', uid: 'u1' },
    status: { conditions: [{ type, status: 'True', lastTransitionTime: toTimestamp(atMs) }] },
  })

  it('requeues for the expiry before it', () => {
    expect(reconcileTtlAfterFinished(finished('Complete', 10_000, 30), 25_000)).toEqual({ commands: [], requeueAfterMs: 15_000 })
  })

  it('deletes the Job with Foreground propagation and a uid precondition once expired', () => {
    expect(reconcileTtlAfterFinished(finished('Failed', 10_000, 30), 40_000).commands).toEqual([
      { verb: 'delete', ref: { kind: 'Job', namespace: 'default', name: 'j' }, options: { propagationPolicy: 'Foreground', preconditions: { uid: 'u1' } } },
    ])
  })

  it('deletes at once with ttl 0, and never without a ttl or before the Job finished', () => {
    expect(reconcileTtlAfterFinished(finished('Complete', 10_000, 0), 10_000).commands).toHaveLength(1)
    expect(reconcileTtlAfterFinished(finished('Complete', 10_000, undefined), 99_000)).toEqual({ commands: [] })
    expect(reconcileTtlAfterFinished({ ...job({ ttlSecondsAfterFinished: 0 }), metadata: { name: 'j' } }, 99_000)).toEqual({ commands: [] })
  })
})
