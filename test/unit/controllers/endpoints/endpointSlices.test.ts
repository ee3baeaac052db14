import { describe, expect, it } from 'vitest'
import { endpointSliceController } from '../../../../src/controllers/endpoints/endpointsController.js'
import type { EndpointSlice } from '../../../../src/controllers/endpoints/sliceEndpoints.js'
import type { ObjectEvent } from '../../../../src/log/events.js'
import { type ClusterState, listObjects } from '../../../../src/state/clusterState.js'
import { andObjects, applied, givenObjects, stored } from '../../../support/builders.js'
import { aService, anEpPod, converge, reconcileOnce } from './fixtures.js'

const slicesOf = (s: ClusterState): EndpointSlice[] => listObjects<EndpointSlice>(s, 'EndpointSlice', 'default')
const conditionsByPod = (s: ClusterState) =>
  Object.fromEntries(slicesOf(s).flatMap((x) => x.endpoints.map((e) => [e.targetRef.name, e.conditions])))

const table = (publish: boolean): ClusterState => {
  let s = givenObjects(
    aService('web', { publishNotReadyAddresses: publish }),
    anEpPod('ready', { ip: '10.244.0.2' }),
    anEpPod('unready', { ip: '10.244.0.3', ready: false }),
    anEpPod('leaving', { ip: '10.244.0.4' }),
    anEpPod('no-ip'),
  )
  s = applied(s, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'leaving' } })
  return converge(endpointSliceController, s)
}

describe('endpoint slices', () => {
  it('writes one IPv4 slice named <service>-<5 chars>, owned by and labelled for the service', () => {
    const s = table(false)
    const [slice, ...rest] = slicesOf(s)
    expect(rest).toEqual([])
    expect(slice!.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
    expect(slice!.addressType).toBe('IPv4')
    expect(slice!.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' })
    expect(slice!.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: stored(s, 'Service', 'web').metadata.uid, controller: true, blockOwnerDeletion: true }])
    expect(slice!.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }])
  })

  it('keeps terminating pods with ready=false, serving, terminating; skips pods without IP', () => {
    expect(conditionsByPod(table(false))).toEqual({
      ready: { ready: true, serving: true, terminating: false },
      unready: { ready: false, serving: false, terminating: false },
      leaving: { ready: false, serving: true, terminating: true },
    })
  })

  it('with publishNotReadyAddresses every endpoint is ready', () => {
    const c = conditionsByPod(table(true))
    expect(Object.values(c).map((x) => x.ready)).toEqual([true, true, true])
    expect(c.leaving).toEqual({ ready: true, serving: true, terminating: true })
  })

  it('splits pods whose named targetPort resolves differently into separate slices', () => {
    const s = converge(endpointSliceController, givenObjects(
      aService('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
      anEpPod('a', { ip: '10.244.0.2', ports: [{ name: 'http', containerPort: 8080 }] }),
      anEpPod('b', { ip: '10.244.0.3', ports: [{ name: 'http', containerPort: 9090 }] }),
      anEpPod('c', { ip: '10.244.0.4', ports: [{ name: 'http', containerPort: 8080 }] }),
    ))
    const byPort = slicesOf(s).map((x) => [x.ports[0]?.port, x.endpoints.map((e) => e.addresses[0])]).sort()
    expect(byPort).toEqual([[8080, ['10.244.0.2', '10.244.0.4']], [9090, ['10.244.0.3']]])
  })

  it('sets hostname for pods of a headless service whose subdomain names it, and the headless label', () => {
    const s = converge(endpointSliceController, givenObjects(
      aService('nginx', { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] }),
      anEpPod('web-0', { ip: '10.244.0.2', labels: { app: 'nginx' }, hostname: 'web-0', subdomain: 'nginx' }),
    ), 'default/nginx')
    const [slice] = slicesOf(s)
    expect(slice!.endpoints[0]!.hostname).toBe('web-0')
    expect(slice!.metadata.labels?.['service.kubernetes.io/headless']).toBe('')
  })

  it('keeps one empty placeholder slice when nothing is selected, and reuses its name once pods appear', () => {
    let s = converge(endpointSliceController, givenObjects(aService('web')))
    const [placeholder] = slicesOf(s)
    expect(placeholder!.endpoints).toEqual([])
    expect(placeholder!.ports).toEqual([])
    expect(reconcileOnce(endpointSliceController, s).commands).toEqual([])
    s = converge(endpointSliceController, andObjects(s, anEpPod('a', { ip: '10.244.0.2' })))
    const slices = slicesOf(s)
    expect(slices.map((x) => x.metadata.name)).toEqual([placeholder!.metadata.name])
    expect(slices[0]!.endpoints.map((e) => e.addresses)).toEqual([['10.244.0.2']])
  })

  it('removes an endpoint whose pod was deleted without rewriting the others', () => {
    let s = converge(endpointSliceController, givenObjects(aService('web'), anEpPod('a', { ip: '10.244.0.2' }), anEpPod('b', { ip: '10.244.0.3' })))
    s = applied(s, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'a' }, options: { gracePeriodSeconds: 0 } })
    const { commands } = reconcileOnce(endpointSliceController, s)
    expect(commands.map((c) => c.verb)).toEqual(['update'])
    s = converge(endpointSliceController, s)
    expect(slicesOf(s)[0]!.endpoints.map((e) => e.targetRef.name)).toEqual(['b'])
  })

  it('is quiescent: re-reconciling issues nothing, and its own writes make no key dirty', () => {
    const s = table(false)
    expect(reconcileOnce(endpointSliceController, s).commands).toEqual([])
    const slice = slicesOf(s)[0]!
    const own = { seq: s.seq + 1, at: s.atMs, type: 'object/updated', v: 1, actor: 'controller:endpointslice', data: { object: slice } } as ObjectEvent
    expect(endpointSliceController.keysFor(own, s)).toEqual([])
    const user = { ...own, actor: 'user:test' } as ObjectEvent
    expect(endpointSliceController.keysFor(user, s)).toEqual(['default/web'])
  })
})
