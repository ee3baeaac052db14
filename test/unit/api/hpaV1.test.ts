import { describe, expect, it } from 'vitest'
import { hpaFromV1, hpaToV1 } from '../../../src/api/hpaV1.js'
import { convertToStorageVersion } from '../../../src/api/convert.js'
import type { KObject } from '../../../src/model/meta.js'

const v1 = (spec: Record<string, unknown>): KObject => ({
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
})

describe('autoscaling/v1 HorizontalPodAutoscaler ⇄ v2', () => {
  it('kubectl autoscale --cpu-percent=80 is stored as one cpu Utilization metric', () => {
    expect(convertToStorageVersion(v1({ minReplicas: 2, targetCPUUtilizationPercentage: 80 }))).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    })
  })

  it('no cpu percentage: no metric, so v2 defaulting decides (80%)', () => {
    expect((hpaFromV1(v1({})).spec as Record<string, unknown>).metrics).toBeUndefined()
  })

  it('reads back as v1: the cpu target and current value, without v2-only fields', () => {
    const stored = {
      ...hpaFromV1(v1({ minReplicas: 1, targetCPUUtilizationPercentage: 50 })),
      spec: { ...(hpaFromV1(v1({ minReplicas: 1, targetCPUUtilizationPercentage: 50 })).spec as object), behavior: { scaleUp: {} } },
      status: {
        currentReplicas: 3,
        desiredReplicas: 4,
        currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 70 } } }],
        conditions: [{ type: 'AbleToScale', status: 'True' }],
      },
    }
    expect(hpaToV1(stored)).toEqual({
      ...v1({ minReplicas: 1, targetCPUUtilizationPercentage: 50 }),
      status: { currentReplicas: 3, desiredReplicas: 4, currentCPUUtilizationPercentage: 70 },
    })
  })

  it('leaves other kinds and versions alone', () => {
    const v2 = { ...v1({}), apiVersion: 'autoscaling/v2' }
    expect(convertToStorageVersion(v2)).toBe(v2)
  })
})
