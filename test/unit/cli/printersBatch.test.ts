import { describe, expect, it } from 'vitest'
import { toTimestamp } from '../../../src/kernel/brand.js'
import type { KObject } from '../../../src/model/meta.js'
import { columnsFor, rowFor } from '../../../src/cli/printers/table.js'

// Table columns of the batch, autoscaling and configuration kinds, as kubectl 1.32 prints them.
const NOW_MS = 600_000
const obj = (apiVersion: string, kind: string, name: string, body: Record<string, unknown>, meta: Record<string, unknown> = {}): KObject =>
  ({ apiVersion, kind, metadata: { name, namespace: 'default', creationTimestamp: toTimestamp(0), ...meta }, ...body }) as KObject
const template = { spec: { containers: [{ name: 'pi', image: 'perl' }] } }

describe('job, cronjob and hpa columns', () => {
  it('a completed Job: Complete, n/m, start to completion', () => {
    const job = obj('batch/v1', 'Job', 'pi', {
      spec: { completions: 2, template, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } } },
      status: { succeeded: 2, startTime: toTimestamp(60_000), completionTime: toTimestamp(135_000), conditions: [{ type: 'Complete', status: 'True' }] },
    })
    expect(columnsFor('Job', true)).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'])
    expect(rowFor(job, NOW_MS, true)).toEqual(['pi', 'Complete', '2/2', '75s', '10m', 'pi', 'perl', 'batch.kubernetes.io/controller-uid=u'])
  })

  it('a running work-queue Job: n/1 of P and the time since it started; nothing before it starts', () => {
    const running = obj('batch/v1', 'Job', 'q', { spec: { parallelism: 3, template }, status: { startTime: toTimestamp(540_000), conditions: [{ type: 'Complete', status: 'False' }] } })
    expect(rowFor(running, NOW_MS, false)).toEqual(['q', 'Running', '0/1 of 3', '60s', '10m'])
    const suspended = obj('batch/v1', 'Job', 's', { spec: { template }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } })
    expect(rowFor(suspended, NOW_MS, false)).toEqual(['s', 'Suspended', '0/1', '', '10m'])
  })

  it('a CronJob: schedule, time zone, suspend, active jobs and the last schedule', () => {
    const cj = obj('batch/v1', 'CronJob', 'tick', {
      spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } },
      status: { active: [{ name: 'tick-1' }], lastScheduleTime: toTimestamp(300_000) },
    })
    expect(columnsFor('CronJob', false)).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'])
    expect(rowFor(cj, NOW_MS, true)).toEqual(['tick', '*/5 * * * *', '<none>', 'False', '1', '5m', '10m', 'pi', 'perl', '<none>'])
  })

  it('an HPA: the reference, each metric against its current value, two shown and a count of the rest', () => {
    const metric = (name: string, pct: number) => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: pct } } })
    const hpa = obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', {
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [metric('cpu', 50), metric('memory', 80), metric('cpu', 90)] },
      status: { currentReplicas: 2, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42 } } }] },
    })
    expect(rowFor(hpa, NOW_MS, false)).toEqual(['web', 'Deployment/web', 'cpu: 42%/50%, memory: <unknown>/80% + 1 more...', '1', '5', '2', '10m'])
    const bare = obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'none', { spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 3 } })
    expect(rowFor(bare, NOW_MS, false)).toEqual(['none', 'Deployment/x', '<none>', '<unset>', '3', '0', '10m'])
  })
})

describe('configuration and bookkeeping kinds', () => {
  it('ConfigMap, Secret and ServiceAccount count their entries', () => {
    expect(rowFor(obj('v1', 'ConfigMap', 'c', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), NOW_MS, false)).toEqual(['c', '3', '10m'])
    expect(rowFor(obj('v1', 'Secret', 's', { type: 'Opaque', data: { a: 'MQ==' } }), NOW_MS, false)).toEqual(['s', 'Opaque', '1', '10m'])
    expect(rowFor(obj('v1', 'ServiceAccount', 'default', {}), NOW_MS, false)).toEqual(['default', '0', '10m'])
  })

  it('a ControllerRevision names its controller as kind.group/name', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }
    expect(rowFor(obj('apps/v1', 'ControllerRevision', 'web-1', { revision: 3 }, { ownerReferences: [owner] }), NOW_MS, false)).toEqual(['web-1', 'statefulset.apps/web', '3', '10m'])
    expect(rowFor(obj('apps/v1', 'ControllerRevision', 'lone', { revision: 1 }), NOW_MS, false)).toEqual(['lone', '<none>', '1', '10m'])
  })

  it('an EndpointSlice shows three ports and addresses, then how many more; <unset> when empty', () => {
    const slice = obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-abc', {
      addressType: 'IPv4',
      ports: [{ port: 80 }, { name: 'metrics' }],
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2', '10.0.0.3'] }, { addresses: ['10.0.0.4'] }, { addresses: ['10.0.0.5'] }],
    })
    expect(rowFor(slice, NOW_MS, false)).toEqual(['web-abc', 'IPv4', '80,metrics', '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...', '10m'])
    expect(rowFor(obj('discovery.k8s.io/v1', 'EndpointSlice', 'empty', { addressType: 'IPv4' }), NOW_MS, false)).toEqual(['empty', 'IPv4', '<unset>', '<unset>', '10m'])
  })
})
