import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fieldsOf, fromFieldsV1, toFieldsV1 } from '../../../../src/api/apply/fieldSet.js'
import { applyConfig, conflictMessage, recordCreate, recordUpdate, type ManagedFieldsEntry, type Writer } from '../../../../src/api/apply/managedFields.js'
import type { KObject } from '../../../../src/model/meta.js'

const at = (manager: string, time = '2024-01-01T00:00:00Z'): Writer => ({ manager, apiVersion: 'apps/v1', time })

const deploy = (spec: Record<string, unknown>, labels: Record<string, string> = { app: 'web' }): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels },
  spec,
})

const containers = (...cs: Record<string, unknown>[]) => ({ template: { spec: { containers: cs } } })
const entries = (o: KObject): ManagedFieldsEntry[] => (o.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? []
const applyOk = (live: KObject, config: KObject, w: Writer, force = false): KObject => {
  const r = applyConfig(live, config, w, force)
  if (!r.ok) throw new Error(conflictMessage(r.conflicts))
  return r.object
}

describe('FieldsV1 encoding', () => {
  it('spells fields, keyed items and set members as upstream', () => {
    const o: KObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a'] },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        ...containers({ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], args: ['-x'] }),
      },
      status: { replicas: 3 },
    }
    expect(toFieldsV1(fieldsOf(o, 'Deployment').keys())).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:finalizers': { 'v:"a"': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:name': {},
                'f:image': {},
                'f:args': {},
                'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
              },
            },
          },
        },
      },
    })
  })

  it('decodes what it encodes', () => {
    const keys = [...fieldsOf(deploy({ replicas: 1, ...containers({ name: 'a', image: 'x' }) }), 'Deployment').keys()]
    expect([...fromFieldsV1(toFieldsV1(keys))].sort()).toEqual([...keys].sort())
  })
})

describe('server-side apply', () => {
  const config = deploy({ replicas: 2, ...containers({ name: 'nginx', image: 'nginx:1' }) })
  const created = recordCreate(config, at('kubectl'), 'Apply')

  it('a create by apply records one Apply entry for the whole config', () => {
    expect(entries(created)).toHaveLength(1)
    expect(entries(created)[0]).toMatchObject({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' })
    expect(entries(created)[0]!.fieldsV1).toMatchObject({ 'f:spec': { 'f:replicas': {} } })
  })

  it('a field owned by another manager with another value conflicts, with upstream wording', () => {
    const r = applyConfig(created, deploy({ replicas: 5 }), at('other'), false)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.conflicts).toEqual([{ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', field: '.spec.replicas' }])
    expect(conflictMessage(r.conflicts)).toBe('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas')
  })

  it('an Update owner is named with its apiVersion', () => {
    const edited = recordUpdate(created, deploy({ ...(created.spec as object), replicas: 3 }), at('kubectl-client-side-apply'))
    const r = applyConfig(edited, deploy({ replicas: 4 }), at('other'), false)
    expect(r.ok ? '' : conflictMessage(r.conflicts)).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas')
  })

  it('the same value is shared, not a conflict', () => {
    const shared = applyOk(created, deploy({ replicas: 2 }), at('other'))
    const owners = entries(shared).filter((e) => JSON.stringify(e.fieldsV1).includes('f:replicas')).map((e) => e.manager)
    expect(owners).toEqual(['kubectl', 'other'])
  })

  it('force takes the field: the value changes and the old owner loses it', () => {
    const forced = applyOk(created, deploy({ replicas: 5 }), at('other'), true)
    expect((forced.spec as { replicas: number }).replicas).toBe(5)
    const kubectl = entries(forced).find((e) => e.manager === 'kubectl')!
    expect(JSON.stringify(kubectl.fieldsV1)).not.toContain('f:replicas')
    expect(JSON.stringify(kubectl.fieldsV1)).toContain('f:image')
  })

  it('fields dropped from the config that only the applier owned are removed; shared ones stay', () => {
    const two = applyOk(created, deploy({ replicas: 2, ...containers({ name: 'nginx', image: 'nginx:1' }, { name: 'side', image: 'busybox' }) }), at('kubectl'))
    expect(((two.spec as any).template.spec.containers as unknown[]).length).toBe(2)
    const one = applyOk(two, deploy({ replicas: 2, ...containers({ name: 'nginx', image: 'nginx:1' }) }), at('kubectl'))
    expect((one.spec as any).template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['nginx'])
    const labelled = recordUpdate(one, { ...one, metadata: { ...one.metadata, labels: { app: 'web', tier: 'x' } } }, at('kubectl-label'))
    const noLabels = applyOk(labelled, { ...deploy({ replicas: 2, ...containers({ name: 'nginx', image: 'nginx:1' }) }), metadata: { name: 'web' } }, at('kubectl'))
    // `app` was only the applier's: removed; `tier` belongs to kubectl-label: kept.
    expect(noLabels.metadata.labels).toEqual({ tier: 'x' })
  })

  it('kubectl server-side apply takes over the fields of a client-side last-applied-configuration without conflict', () => {
    const csa = recordCreate(
      { ...config, metadata: { ...config.metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(config) } } },
      at('kubectl-client-side-apply'),
      'Update',
    )
    expect(applyConfig(csa, deploy({ replicas: 4 }), at('kubectl'), false).ok).toBe(true)
    // Another manager name does not get that pass.
    expect(applyConfig(csa, deploy({ replicas: 4 }), at('helm'), false).ok).toBe(false)
  })

  it('an update owns what it changed and takes it from others', () => {
    const scaled = recordUpdate(created, { ...created, spec: { ...(created.spec as object), replicas: 7 } }, at('kubectl-scale'))
    const byManager = Object.fromEntries(entries(scaled).map((e) => [e.manager, JSON.stringify(e.fieldsV1)]))
    expect(byManager['kubectl-scale']).toBe('{"f:spec":{"f:replicas":{}}}')
    expect(byManager.kubectl).not.toContain('f:replicas')
  })
})

// ---- properties

const name = fc.constantFrom('a', 'b', 'c')
const arbConfig = fc.record({
  replicas: fc.integer({ min: 0, max: 5 }),
  labels: fc.dictionary(fc.constantFrom('app', 'tier', 'env'), fc.constantFrom('x', 'y')),
  containers: fc.uniqueArray(fc.record({ name, image: fc.constantFrom('i1', 'i2') }), { selector: (c) => c.name, minLength: 1, maxLength: 3 }),
})
const toObject = (c: { replicas: number; labels: Record<string, string>; containers: { name: string; image: string }[] }) =>
  deploy({ replicas: c.replicas, ...containers(...c.containers) }, c.labels)

describe('server-side apply properties', () => {
  it('applying the same config twice is a no-op', () => {
    fc.assert(
      fc.property(arbConfig, arbConfig, (first, second) => {
        const live = recordCreate(toObject(first), at('m1'), 'Apply')
        const once = applyOk(live, toObject(second), at('m1', 't1'))
        const twice = applyOk(once, toObject(second), at('m1', 't2'))
        expect(twice).toEqual(once)
      }),
      { numRuns: 150 },
    )
  })

  it('two managers own disjoint sets, except fields where they applied the same value', () => {
    fc.assert(
      fc.property(arbConfig, arbConfig, (a, b) => {
        const live = recordCreate(toObject(a), at('m1'), 'Apply')
        const r = applyConfig(live, toObject(b), at('m2'), true)
        if (!r.ok) throw new Error('force never conflicts')
        const [e1, e2] = ['m1', 'm2'].map((m) => fromFieldsV1(entries(r.object).find((e) => e.manager === m)?.fieldsV1 ?? {}))
        const shared = [...e1!].filter((k) => e2!.has(k))
        const A = fieldsOf(toObject(a), 'Deployment')
        for (const k of shared) {
          const path = JSON.parse(k) as string[]
          // A shared leaf has the same value in both configs.
          const va = JSON.stringify(pick(toObject(a), path))
          const vb = JSON.stringify(pick(toObject(b), path))
          if (!A.get(k)!.item) expect(va).toBe(vb)
        }
      }),
      { numRuns: 150 },
    )
  })
})

const pick = (o: unknown, path: string[]): unknown => {
  let cur: unknown = o
  for (const e of path) {
    if (e.startsWith('f:')) cur = (cur as Record<string, unknown> | undefined)?.[e.slice(2)]
    else if (e.startsWith('k:')) {
      const keys = JSON.parse(e.slice(2)) as Record<string, unknown>
      cur = (cur as Record<string, unknown>[]).find((x) => Object.entries(keys).every(([k, v]) => x[k] === v))
    }
  }
  return cur
}
