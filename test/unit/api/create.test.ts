import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Decision, WriteContext } from '../../../src/api/context.js'
import { decide } from '../../../src/api/decide.js'
import { KUBE_ALPHABET } from '../../../src/kernel/rand.js'
import type { KObject } from '../../../src/model/meta.js'
import type { Status } from '../../../src/model/status.js'
import { parseManifests } from '../../../src/scenario/manifests.js'
import { addObjects, aDeployment, aPod, aReplicaSet, givenObjects, startedWorld } from '../../support/builders.js'

const at = (atMs: number): WriteContext => ({ actor: 'user:test', atMs })

const accepted = (d: Decision): KObject => {
  if (!d.ok) throw new Error(`refused: ${d.status.message ?? ''}`)
  if (d.object === undefined) throw new Error('accepted without an object')
  return d.object
}

const refused = (d: Decision): Status => {
  if (d.ok) throw new Error('expected a refusal, the write was accepted')
  return d.status
}

const create = (object: KObject, atMs = 0, state = givenObjects()): Decision =>
  decide(state, { verb: 'create', object }, at(atMs))

type Json = Record<string, unknown>
const specOf = (o: KObject): Json => o.spec as Json
const templateSpecOf = (o: KObject): Json => (specOf(o).template as Json).spec as Json
const containersOf = (o: KObject): Json[] => templateSpecOf(o).containers as Json[]

/** A Deployment with one edit to its spec. */
const deploymentWith = (edit: (spec: Json) => Json): KObject => {
  const d = aDeployment('web', 3)
  return { ...d, spec: edit(specOf(d)) }
}

const withContainers = (containers: Json[]) =>
  deploymentWith((s) => ({ ...s, template: { ...(s.template as Json), spec: { containers } } }))

describe('create: the server-set fields', () => {
  const state = givenObjects()

  describe('when a ReplicaSet is created at virtual time 0', () => {
    const d = create(aReplicaSet('web', 3), 0, state)
    const o = accepted(d)

    it('gives it a version-4-shaped uid', () => {
      expect(o.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    })

    it('stamps creationTimestamp from the virtual clock, generation 1 and resourceVersion = the new seq', () => {
      expect(o.metadata.creationTimestamp).toBe('2024-01-01T00:00:00Z')
      expect(o.metadata.generation).toBe(1)
      expect(o.metadata.resourceVersion).toBe(String(state.seq + 1))
    })

    it('appends one object/created event at that seq carrying the stored object', () => {
      expect(d.ok && d.events.map((e) => [e.type, e.seq, e.at, e.actor])).toEqual([['object/created', state.seq + 1, 0, 'user:test']])
      expect(d.ok && d.events[0]?.type === 'object/created' && d.events[0].data.object).toEqual(o)
    })
  })

  it('renders a later virtual instant as a later creationTimestamp (second precision)', () => {
    expect(accepted(create(aReplicaSet('web', 3), 90_500)).metadata.creationTimestamp).toBe('2024-01-01T00:01:30Z')
  })

  it('ignores the status a client sends for a ReplicaSet, and gives a new pod phase Pending', () => {
    const rs = { ...aReplicaSet('web', 3), status: { replicas: 7 } }
    expect(accepted(create(rs)).status).toEqual({})
    const pod = { ...aPod('p', { labels: { app: 'x' } }), status: { phase: 'Running' } }
    expect((accepted(create(pod)).status as Json).phase).toBe('Pending')
  })
})

describe('create: generateName', () => {
  const pod = (): KObject => {
    const p = aPod('ignored', { labels: { app: 'web' } })
    return { ...p, metadata: { generateName: 'web-', namespace: 'default', labels: { app: 'web' } } }
  }
  const nameIn = (seed: number): string => accepted(create(pod(), 0, addObjects(startedWorld([], seed)).state)).metadata.name ?? ''
  const suffixRe = new RegExp(`^web-[${KUBE_ALPHABET}]{5}$`)

  it('appends five characters of the Kubernetes alphabet to the base', () => {
    expect(nameIn(1)).toMatch(suffixRe)
  })

  it('is deterministic for the same seed and seq', () => {
    expect(nameIn(1)).toBe(nameIn(1))
  })

  it('differs for another seed at the same seq', () => {
    expect(nameIn(2)).toMatch(suffixRe)
    expect(nameIn(2)).not.toBe(nameIn(1))
  })
})

describe('create: refusals', () => {
  it('refuses an existing name with 409 AlreadyExists', () => {
    const status = refused(create(aReplicaSet('web', 3), 0, givenObjects(aReplicaSet('web', 1))))
    expect(status).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'replicasets.apps "web" already exists' })
  })

  it('refuses a missing namespace with 404 NotFound', () => {
    const status = refused(create(aReplicaSet('web', 3, { namespace: 'nope' })))
    expect(status).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "nope" not found' })
  })

  it('refuses an object with neither name nor generateName with 422, cause metadata.name', () => {
    const rs = aReplicaSet('web', 3)
    const status = refused(create({ ...rs, metadata: { namespace: 'default' } }))
    expect(status.code).toBe(422)
    expect(status.reason).toBe('Invalid')
    expect(status.details?.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' },
    ])
  })
})

describe('create: validation (422 Invalid with field paths)', () => {
  it.each<[string, KObject, string, string]>([
    [
      'a Deployment selector that does not match the template labels',
      aDeployment('web', 3, { selector: { app: 'other' } }),
      'spec.template.metadata.labels',
      'Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ],
    ['negative replicas', aDeployment('web', -1), 'spec.replicas', 'Invalid value: -1: must be greater than or equal to 0'],
    [
      'maxSurge and maxUnavailable both 0',
      aDeployment('web', 3, { maxSurge: 0, maxUnavailable: 0 }),
      'spec.strategy.rollingUpdate.maxUnavailable',
      'Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ],
    [
      '"0%" maxSurge with 0 maxUnavailable',
      aDeployment('web', 3, { maxSurge: '0%', maxUnavailable: 0 }),
      'spec.strategy.rollingUpdate.maxUnavailable',
      'Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ],
    ['a container without image', withContainers([{ name: 'app' }]), 'spec.template.spec.containers[0].image', 'Required value'],
    ['a container with an empty image', withContainers([{ name: 'app', image: '' }]), 'spec.template.spec.containers[0].image', 'Required value'],
  ])('refuses %s', (_what, object, field, message) => {
    const status = refused(create(object))
    expect(status.code).toBe(422)
    expect(status.reason).toBe('Invalid')
    expect(status.details?.causes).toEqual([expect.objectContaining({ field, message })])
    expect(status.message).toBe(`Deployment.apps "web" is invalid: ${field}: ${message}`)
  })

  it('refuses a field of the wrong type with 400 BadRequest naming the field', () => {
    const status = refused(create(deploymentWith((s) => ({ ...s, replicas: '3' }))))
    expect(status.code).toBe(400)
    expect(status.reason).toBe('BadRequest')
    expect(status.message).toContain('spec.replicas')
  })

  it('refuses a ReplicaSet template restartPolicy other than Always', () => {
    const rs = aReplicaSet('web', 1)
    const spec = specOf(rs)
    const object = { ...rs, spec: { ...spec, template: { ...(spec.template as Json), spec: { ...templateSpecOf(rs), restartPolicy: 'Never' } } } }
    expect(refused(create(object)).details?.causes).toEqual([
      expect.objectContaining({ field: 'spec.template.spec.restartPolicy', reason: 'FieldValueNotSupported' }),
    ])
  })
})

describe('create: conversion from old apiVersions', () => {
  const manifest = readFileSync(new URL('../../../scenarios/manifests/001-nginx-git.yaml', import.meta.url), 'utf8')
  const parsed = parseManifests(manifest, '001-nginx-git.yaml')
  if (parsed._tag === 'Left') throw new Error(parsed.left.message)
  const seed = parsed.right[0]!.object

  describe('given the seed manifest 001 (apps/v1beta1 Deployment without a selector)', () => {
    const o = accepted(create(seed))

    it('stores it as apps/v1', () => {
      expect(seed.apiVersion).toBe('apps/v1beta1')
      expect(o.apiVersion).toBe('apps/v1')
    })

    it('defaults the selector to the template labels', () => {
      expect(specOf(o).selector).toEqual({ matchLabels: { app: 'nginx' } })
    })

    it('keeps two old ReplicaSets (revisionHistoryLimit 2) and the apps/v1beta1 25%/25% strategy', () => {
      expect(specOf(o).revisionHistoryLimit).toBe(2)
      expect(specOf(o).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } })
    })
  })

  it('defaults an extensions/v1beta1 Deployment to maxSurge 1 and maxUnavailable 1', () => {
    const o = accepted(create({ ...seed, apiVersion: 'extensions/v1beta1' }))
    expect(o.apiVersion).toBe('apps/v1')
    expect(specOf(o).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } })
    expect(specOf(o).selector).toEqual({ matchLabels: { app: 'nginx' } })
  })
})

describe('create: defaults', () => {
  describe('given an apps/v1 Deployment with nothing optional set', () => {
    const o = accepted(create(aDeployment('web', 3, { image: 'nginx' })))

    it('defaults strategy RollingUpdate 25%/25% (strings), revisionHistoryLimit 10, progressDeadlineSeconds 600', () => {
      expect(specOf(o).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } })
      expect(specOf(o).revisionHistoryLimit).toBe(10)
      expect(specOf(o).progressDeadlineSeconds).toBe(600)
    })

    it('defaults the pod template: restartPolicy Always, terminationGracePeriodSeconds 30', () => {
      expect(templateSpecOf(o).restartPolicy).toBe('Always')
      expect(templateSpecOf(o).terminationGracePeriodSeconds).toBe(30)
    })
  })

  it('keeps an explicit replicas: 0', () => {
    expect(specOf(accepted(create(aDeployment('web', 0)))).replicas).toBe(0)
  })

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['registry:5000/nginx', 'Always'],
    ['nginx@sha256:abc', 'IfNotPresent'],
  ])('defaults imagePullPolicy for image %s to %s', (image, policy) => {
    expect(containersOf(accepted(create(aDeployment('web', 1, { image }))))[0]?.imagePullPolicy).toBe(policy)
  })

  it('defaults a pod spec the same way', () => {
    const spec = accepted(create(aPod('p', { labels: { app: 'x' } }))).spec as Json
    expect(spec.restartPolicy).toBe('Always')
    expect(spec.terminationGracePeriodSeconds).toBe(30)
  })
})
