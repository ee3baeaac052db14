import { describe, expect, it } from 'vitest'
import { allocateClusterIP, allocateService, carryServiceAllocations, defaultService, type Service, validateService, validateServiceUpdate } from '../../../../src/api/kinds/service.js'
import { loadBalancerController } from '../../../../src/controllers/endpoints/loadBalancerController.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { ClusterState } from '../../../../src/state/clusterState.js'
import { andObjects, appliedAll, givenObjects, stored } from '../../../support/builders.js'
import { aService } from './fixtures.js'

const svc = (name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec })
const allocated = (s: ClusterState, o: KObject): Service => {
  const r = allocateService(s, o)
  if (!r.ok) throw new Error(JSON.stringify(r.causes))
  return r.object as Service
}
const fields = (causes: readonly { field?: string; message: string }[]) => causes.map((c) => `${c.field ?? ''}: ${c.message}`)

describe('ClusterIP allocation', () => {
  it('is a pure function of the name and the taken addresses, inside the upper band of 10.96.0.0/12', () => {
    const s = givenObjects()
    const ip = allocateClusterIP(s, svc('web', {}))
    expect(allocateClusterIP(s, svc('web', {}))).toBe(ip)
    const [a, b, c] = ip.split('.').map(Number) as [number, number, number]
    expect(a).toBe(10)
    expect(b >= 96 && b <= 111).toBe(true)
    expect(b > 96 || c >= 1).toBe(true)
  })

  it('probes past an address another service holds', () => {
    const first = allocateClusterIP(givenObjects(), svc('web', {}))
    const s = givenObjects(aService('other', { clusterIP: first }))
    const next = allocateClusterIP(s, svc('web', {}))
    expect(next).not.toBe(first)
  })

  it('fills clusterIPs, ipFamilies and ipFamilyPolicy, keeps None for headless, refuses a taken IP', () => {
    const s = givenObjects(aService('taken', { clusterIP: '10.96.5.5' }))
    const web = allocated(s, svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }))
    expect(web.spec?.clusterIPs).toEqual([web.spec?.clusterIP])
    expect([web.spec?.ipFamilies, web.spec?.ipFamilyPolicy]).toEqual([['IPv4'], 'SingleStack'])
    expect(allocated(s, svc('h', { clusterIP: 'None', selector: { app: 'h' } })).spec?.clusterIPs).toEqual(['None'])
    expect(allocated(s, svc('h', { clusterIP: 'None' })).spec?.ipFamilyPolicy).toBe('RequireDualStack')
    const r = allocateService(s, svc('web', { clusterIP: '10.96.5.5', ports: [{ port: 80 }] }))
    expect(r.ok ? [] : fields(r.causes)).toEqual(['spec.clusterIPs: Invalid value: ["10.96.5.5"]: failed to allocate IP 10.96.5.5: provided IP is already allocated'])
  })
})

describe('node ports and defaults', () => {
  it('gives NodePort and LoadBalancer ports the lowest free node ports and refuses a taken one', () => {
    const s = givenObjects(aService('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] }))
    const lb = allocated(s, svc('lb', { type: 'LoadBalancer', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81, nodePort: 30001 }, { name: 'c', port: 82 }] }))
    expect(lb.spec?.ports?.map((p) => p.nodePort)).toEqual([30002, 30001, 30003])
    const r = allocateService(s, svc('x', { type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] }))
    expect(r.ok ? [] : fields(r.causes)).toEqual(['spec.ports[0].nodePort: Invalid value: 30000: provided port is already allocated'])
  })

  it('defaults traffic policies by type', () => {
    expect((defaultService(svc('a', { type: 'ClusterIP' })).spec as Record<string, unknown>).externalTrafficPolicy).toBeUndefined()
    expect(defaultService(svc('a', { type: 'LoadBalancer' })).spec).toMatchObject({ internalTrafficPolicy: 'Cluster', externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true })
  })
})

describe('validation', () => {
  it('refuses missing ports, unnamed ports among several, bad numbers and names, nodePort on ClusterIP', () => {
    expect(fields(validateService(svc('a', { selector: { app: 'a' } })))).toEqual(['spec.ports: Required value'])
    expect(fields(validateService(svc('a', { clusterIP: 'None' })))).toEqual([])
    expect(fields(validateService(svc('a', { ports: [{ port: 80 }, { port: 0, name: 'b', targetPort: 'Bad_Name' }], type: 'ClusterIP' })))).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].targetPort: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ])
    expect(fields(validateService(svc('a', { ports: [{ port: 80, nodePort: 30000 }] })))).toEqual(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"])
  })

  it('keeps an allocated ClusterIP on an update that omits it, and refuses changing it', () => {
    const old = svc('a', { clusterIP: '10.96.1.2', clusterIPs: ['10.96.1.2'], ports: [{ port: 80 }] })
    const carried = carryServiceAllocations(svc('a', { ports: [{ port: 81 }] }), old)
    expect((carried.spec as Record<string, unknown>).clusterIP).toBe('10.96.1.2')
    expect(fields(validateServiceUpdate(carried, old))).toEqual([])
    expect(fields(validateServiceUpdate(svc('a', { clusterIP: '10.96.1.3', ports: [{ port: 80 }] }), old))).toEqual(['spec.clusterIPs[0]: Invalid value: ["10.96.1.3"]: may not change once set'])
  })
})

describe('simulated load balancer', () => {
  it('gives a LoadBalancer service the first pool address, the next one to the next service, and then is quiescent', () => {
    let s = givenObjects(aService('a', { type: 'LoadBalancer' }))
    const first = loadBalancerController.reconcile(s, 'default/a', { nowMs: s.atMs, seed: 1 })
    expect(first.commands[0]?.record?.reason).toBe('EnsuredLoadBalancer')
    s = appliedAll(s, first.commands)
    expect((stored<Service>(s, 'Service', 'a').status?.loadBalancer?.ingress)).toEqual([{ ip: '172.18.255.200', ipMode: 'VIP' }])
    expect(loadBalancerController.reconcile(s, 'default/a', { nowMs: s.atMs, seed: 1 }).commands).toEqual([])
    s = andObjects(s, aService('b', { type: 'LoadBalancer', clusterIP: '10.96.100.2' }))
    s = appliedAll(s, loadBalancerController.reconcile(s, 'default/b', { nowMs: s.atMs, seed: 1 }).commands)
    expect(stored<Service>(s, 'Service', 'b').status?.loadBalancer?.ingress?.[0]?.ip).toBe('172.18.255.201')
  })
})
