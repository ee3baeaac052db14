import { describe, expect, it } from 'vitest'
import { decide } from '../../../src/api/decide.js'
import type { KObject } from '../../../src/model/meta.js'
import { givenObjects } from '../../support/builders.js'

type Json = Record<string, any>

const created = (object: KObject): Json => {
  const d = decide(givenObjects(), { verb: 'create', object }, { actor: 'user:test', atMs: 0 })
  if (!d.ok || d.object === undefined) throw new Error(`refused: ${d.ok ? 'no object' : d.status.message}`)
  return d.object as Json
}

describe('API defaults of Secrets and CronJobs (SetDefaults_Secret, SetDefaults_CronJob)', () => {
  it('a Secret without a type is Opaque; a typed one keeps its type', () => {
    expect(created({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: {} } as KObject).type).toBe('Opaque')
    const tls = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 't', namespace: 'default' }, type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }
    expect(created(tls as KObject).type).toBe('kubernetes.io/tls')
  })

  it('a CronJob gets Allow, suspend false, history limits 3 and 1, and pod defaults in its job template', () => {
    const cj = created({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'default' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox' }] } } } } },
    } as KObject)
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 })
    const pod = cj.spec.jobTemplate.spec.template.spec
    expect(pod).toMatchObject({ restartPolicy: 'OnFailure', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst' })
    expect(pod.containers[0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log' })
  })

  it('explicit CronJob fields are kept', () => {
    const cj = created({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c', namespace: 'default' },
      spec: { schedule: '0 * * * *', suspend: true, concurrencyPolicy: 'Forbid', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1' }] } } } } },
    } as KObject)
    expect(cj.spec).toMatchObject({ suspend: true, concurrencyPolicy: 'Forbid' })
  })
})
