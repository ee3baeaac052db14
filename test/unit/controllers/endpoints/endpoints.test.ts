import { describe, expect, it } from 'vitest'
import { endpointsController } from '../../../../src/controllers/endpoints/endpointsController.js'
import type { Endpoints } from '../../../../src/controllers/endpoints/reconcileEndpoints.js'
import type { ObjectEvent } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import { getObject } from '../../../../src/state/clusterState.js'
import { andObjects, applied, givenObjects, stored } from '../../../support/builders.js'
import { aService, anEpPod, converge, reconcileOnce } from './fixtures.js'

const endpointsOf = (s: ReturnType<typeof givenObjects>, name = 'web') => stored<Endpoints>(s, 'Endpoints', name)
const ips = (list: readonly { ip: string }[] | undefined) => (list ?? []).map((a) => a.ip)

/** Ready, not ready, ready but terminating, without IP, Succeeded — and one pod of another app. */
const table = (publish: boolean) => {
  let s = givenObjects(
    aService('web', { publishNotReadyAddresses: publish }),
    anEpPod('ready', { ip: '10.244.0.2' }),
    anEpPod('unready', { ip: '10.244.0.3', ready: false }),
    anEpPod('leaving', { ip: '10.244.0.4' }),
    anEpPod('no-ip'),
    anEpPod('done', { ip: '10.244.0.6', phase: 'Succeeded', ready: false }),
    anEpPod('other', { ip: '10.244.0.7', labels: { app: 'db' } }),
  )
  s = applied(s, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'leaving' } })
  return converge(endpointsController, s)
}

describe('endpoints readiness table', () => {
  it('puts ready pods in addresses, unready in notReadyAddresses, and leaves out terminating, IP-less and finished pods', () => {
    const ep = endpointsOf(table(false))
    expect(ep.subsets).toHaveLength(1)
    expect(ips(ep.subsets![0]!.addresses)).toEqual(['10.244.0.2'])
    expect(ips(ep.subsets![0]!.notReadyAddresses)).toEqual(['10.244.0.3'])
    expect(ep.subsets![0]!.ports).toEqual([{ port: 8080, protocol: 'TCP' }])
  })

  it('with publishNotReadyAddresses publishes unready and terminating pods as ready addresses', () => {
    const ep = endpointsOf(table(true))
    expect(ips(ep.subsets![0]!.addresses)).toEqual(['10.244.0.2', '10.244.0.3', '10.244.0.4'])
    expect(ep.subsets![0]!.notReadyAddresses).toBeUndefined()
  })

  it('fills ip, nodeName and a Pod targetRef with uid', () => {
    const s = table(false)
    const a = endpointsOf(s).subsets![0]!.addresses![0]!
    expect(a).toEqual({ ip: '10.244.0.2', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'ready', uid: stored(s, 'Pod', 'ready').metadata.uid } })
  })

  it('labels the object like the service plus managed-by, and stamps the service creation as trigger time', () => {
    const s = table(false)
    const ep = endpointsOf(s)
    expect(ep.metadata.labels).toEqual({ 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' })
    expect(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBe(stored(s, 'Service', 'web').metadata.creationTimestamp)
  })
})

describe('named target ports', () => {
  it('resolves a named targetPort per pod and groups pods by the port they offer; a pod without it is left out', () => {
    let s = givenObjects(
      aService('web', { ports: [{ name: 'http', port: 80, targetPort: 'http' }] }),
      anEpPod('a', { ip: '10.244.0.2', ports: [{ name: 'http', containerPort: 8080 }] }),
      anEpPod('b', { ip: '10.244.0.3', ports: [{ name: 'http', containerPort: 9090 }] }),
      anEpPod('c', { ip: '10.244.0.4', ports: [{ name: 'metrics', containerPort: 9100 }] }),
      anEpPod('d', { ip: '10.244.0.5', ports: [{ name: 'http', containerPort: 7070, protocol: 'UDP' }] }),
    )
    s = converge(endpointsController, s)
    const subsets = endpointsOf(s).subsets!
    expect(subsets.map((x) => [x.ports, ips(x.addresses)])).toEqual([
      [[{ name: 'http', port: 8080, protocol: 'TCP' }], ['10.244.0.2']],
      [[{ name: 'http', port: 9090, protocol: 'TCP' }], ['10.244.0.3']],
    ])
  })
})

describe('headless services', () => {
  it('sets hostname only for pods whose subdomain is the service, and labels the Endpoints headless', () => {
    let s = givenObjects(
      aService('nginx', { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] }),
      anEpPod('web-0', { ip: '10.244.0.2', labels: { app: 'nginx' }, hostname: 'web-0', subdomain: 'nginx' }),
      anEpPod('web-1', { ip: '10.244.0.3', labels: { app: 'nginx' }, hostname: 'web-1', subdomain: 'other' }),
    )
    s = converge(endpointsController, s, 'default/nginx')
    const ep = endpointsOf(s, 'nginx')
    expect(ep.subsets![0]!.addresses!.map((a) => [a.ip, a.hostname])).toEqual([['10.244.0.2', 'web-0'], ['10.244.0.3', undefined]])
    expect(ep.metadata.labels?.['service.kubernetes.io/headless']).toBe('')
  })
})

describe('services the controller leaves alone, and deletion', () => {
  it('writes nothing for a service without selector', () => {
    const s = givenObjects(aService('web', { selector: null }), anEpPod('a', { ip: '10.244.0.2' }))
    expect(reconcileOnce(endpointsController, s).commands).toEqual([])
  })

  it('deletes its Endpoints when the service is gone, but not user-written ones', () => {
    let s = converge(endpointsController, givenObjects(aService('web'), anEpPod('a', { ip: '10.244.0.2' })))
    s = applied(s, { verb: 'delete', ref: { kind: 'Service', namespace: 'default', name: 'web' } })
    expect(reconcileOnce(endpointsController, s).commands).toEqual([{ verb: 'delete', ref: { kind: 'Endpoints', namespace: 'default', name: 'web' } }])
    const user = andObjects(givenObjects(), { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [] } as KObject)
    expect(reconcileOnce(endpointsController, user).commands).toEqual([])
  })
})

describe('quiescence', () => {
  const converged = () => converge(endpointsController, givenObjects(aService('web'), anEpPod('a', { ip: '10.244.0.2' }), anEpPod('db', { ip: '10.244.0.9', labels: { app: 'db' } })))

  it('re-reconciling a converged service issues nothing', () => {
    expect(reconcileOnce(endpointsController, converged()).commands).toEqual([])
  })

  it('an unrelated pod changing makes no key dirty and changes nothing', () => {
    const s = converged()
    const db = stored(s, 'Pod', 'db')
    const event: ObjectEvent = { seq: s.seq + 1, at: s.atMs, type: 'object/updated', v: 1, actor: 'kubelet:node-1', data: { object: { ...db, status: { ...(db.status as object), podIP: '10.244.0.10' } } } } as ObjectEvent
    expect(endpointsController.keysFor(event, s)).toEqual([])
    const after = applied(s, { verb: 'delete', ref: { kind: 'Pod', namespace: 'default', name: 'db' } })
    expect(reconcileOnce(endpointsController, after).commands).toEqual([])
    expect(getObject(after, 'Endpoints', 'default', 'web')).toEqual(getObject(s, 'Endpoints', 'default', 'web'))
  })

  it('a selected pod turning unready makes the service dirty and moves the address', () => {
    const s = converged()
    const a = stored(s, 'Pod', 'a')
    const unready = { ...a, status: { ...(a.status as object), conditions: [{ type: 'Ready', status: 'False' }] } }
    const event = { seq: s.seq + 1, at: s.atMs, type: 'object/updated', v: 1, actor: 'kubelet:node-1', data: { object: unready } } as ObjectEvent
    expect(endpointsController.keysFor(event, s)).toEqual(['default/web'])
    const after = converge(endpointsController, applied(s, { verb: 'updateStatus', object: unready }))
    expect(ips(endpointsOf(after).subsets![0]!.notReadyAddresses)).toEqual(['10.244.0.2'])
  })
})
