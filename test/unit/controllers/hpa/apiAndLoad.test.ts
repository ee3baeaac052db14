import { describe, expect, it } from 'vitest'
import { validateHPA } from '../../../../src/api/kinds/hpa.js'
import { hpaKeysFor } from '../../../../src/controllers/hpa/keysFor.js'
import { nextSyncMs } from '../../../../src/controllers/hpa/reconcile.js'
import type { ObjectEvent } from '../../../../src/log/events.js'
import { cpuLoadMilli, parseLoadTarget, shareOf } from '../../../../src/model/load.js'
import type { KObject } from '../../../../src/model/meta.js'
import { andObjects, givenObjects } from '../../../support/builders.js'

const hpa = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' }, spec })

describe('validateHPA', () => {
  it('accepts a defaulted HPA and refuses bad bounds and policies with upstream messages', () => {
    expect(validateHPA(hpa({ scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3 }))).toEqual([])
    const causes = validateHPA(hpa({ scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 5, maxReplicas: 3, behavior: { scaleUp: { policies: [{ type: 'Pods', value: 0, periodSeconds: 1801 }] } } }))
    expect(causes.map((c) => [c.field, c.message])).toEqual([
      ['spec.maxReplicas', 'Invalid value: 3: must be greater than or equal to `minReplicas`'],
      ['spec.behavior.scaleUp.policies[0].periodSeconds', 'Invalid value: 1801: must be less than or equal to 1800'],
      ['spec.behavior.scaleUp.policies[0].value', 'Invalid value: 0: must be greater than zero'],
    ])
  })
})

describe('load', () => {
  it('parses targets by kind short names and reads the stored millicores', () => {
    expect(parseLoadTarget('deploy/web')).toEqual({ kind: 'Deployment', name: 'web' })
    expect(typeof parseLoadTarget('pod/web')).toBe('string')
    const cm: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'reel-load' }, data: { 'deployment/web': 'cpu=1.5', 'deployment/x': 'cpu=80%' } }
    expect(cpuLoadMilli(cm, { kind: 'Deployment', name: 'web' })).toBe(1500)
    expect(cpuLoadMilli(cm, { kind: 'Deployment', name: 'x' })).toBe(0)
  })

  it('splits a load so that the shares add up to the total', () => {
    expect([0, 1, 2].map((i) => shareOf(100, 3, i))).toEqual([34, 33, 33])
  })
})

describe('the 15 s sync grid', () => {
  it('first syncs 15 s after creation and then on multiples', () => {
    expect(nextSyncMs(3000, 3500)).toBe(18_000)
    expect(nextSyncMs(3000, 18_000)).toBe(18_000)
    expect(nextSyncMs(3000, 18_001)).toBe(33_000)
  })
})

describe('hpaKeysFor', () => {
  const s = andObjects(givenObjects(), hpa({ scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3 }))
  const ev = (o: KObject): ObjectEvent => ({ seq: 99, at: 0, type: 'object/updated', v: 1, actor: 'user:test', data: { object: o } }) as ObjectEvent
  it.each([
    ['its target', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } }, ['default/web']],
    ['another deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'default' } }, []],
    ['the load ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'reel-load', namespace: 'default' } }, ['default/web']],
    ['another ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } }, []],
  ])('wakes on %s', (_what, o, keys) => {
    expect(hpaKeysFor(ev(o as KObject), s)).toEqual(keys)
  })
})
