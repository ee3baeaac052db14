import { describe, expect, it } from 'vitest'
import { endpointSliceController } from '../../../src/controllers/endpoints/endpointsController.js'
import { resolveDns } from '../../../src/model/dns.js'
import type { ClusterState } from '../../../src/state/clusterState.js'
import { givenObjects } from '../../support/builders.js'
import { aService, anEpPod, converge } from '../controllers/endpoints/fixtures.js'

/** Seed 003: StatefulSet `web` (pods web-0..2, hostname/subdomain nginx) behind headless `nginx`, port `web` 80. */
const seed003 = (readyWeb2 = true): ClusterState => {
  const pod = (i: number, ready = true) =>
    anEpPod(`web-${i}`, { ip: `10.244.0.${10 - i}`, ready, labels: { app: 'nginx' }, hostname: `web-${i}`, subdomain: 'nginx', ports: [{ name: 'web', containerPort: 80 }] })
  let s = givenObjects(
    aService('nginx', { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] }),
    aService('api', { clusterIP: '10.96.200.7', selector: { app: 'api' }, ports: [{ name: 'http', port: 8000, targetPort: 8080 }, { name: 'metrics', port: 9000 }] }),
    pod(0), pod(1), pod(2, readyWeb2),
  )
  s = converge(endpointSliceController, s, 'default/nginx')
  return converge(endpointSliceController, s, 'default/api')
}

const values = (s: ClusterState, name: string, ns?: string) => resolveDns(s, name, ns).records.map((r) => r.value)

describe('cluster DNS for seed 003', () => {
  const s = seed003()

  it('resolves web-0.nginx and web-0.nginx.default through the search path, and the FQDN', () => {
    expect(values(s, 'web-0.nginx', 'default')).toEqual(['10.244.0.10'])
    expect(values(s, 'web-0.nginx.default', 'default')).toEqual(['10.244.0.10'])
    const a = resolveDns(s, 'web-0.nginx.default.svc.cluster.local')
    expect(a).toEqual({ status: 'NOERROR', name: 'web-0.nginx.default.svc.cluster.local', records: [{ name: 'web-0.nginx.default.svc.cluster.local', type: 'A', value: '10.244.0.10', ttl: 5 }] })
    expect(resolveDns(s, 'web-0.nginx').status).toBe('NXDOMAIN')
  })

  it('answers the headless name with every ready endpoint IP, sorted', () => {
    expect(values(s, 'nginx.default.svc.cluster.local')).toEqual(['10.244.0.8', '10.244.0.9', '10.244.0.10'])
    expect(values(s, 'NGINX.default.svc.cluster.local.')).toHaveLength(3)
  })

  it('answers SRV for the named port with one target per ready pod', () => {
    expect(values(s, '_web._tcp.nginx.default.svc.cluster.local')).toEqual([
      '0 33 80 web-2.nginx.default.svc.cluster.local.',
      '0 33 80 web-1.nginx.default.svc.cluster.local.',
      '0 33 80 web-0.nginx.default.svc.cluster.local.',
    ])
  })

  it('leaves a not-ready pod out of every answer', () => {
    const t = seed003(false)
    expect(values(t, 'nginx.default.svc.cluster.local')).toEqual(['10.244.0.9', '10.244.0.10'])
    expect(resolveDns(t, 'web-2.nginx', 'default').status).toBe('NXDOMAIN')
  })

  it('answers a ClusterIP service with its IP, SRV only for named ports, and NXDOMAIN otherwise', () => {
    expect(values(s, 'api', 'default')).toEqual(['10.96.200.7'])
    expect(values(s, '_http._tcp.api.default.svc.cluster.local')).toEqual(['0 100 8000 api.default.svc.cluster.local.'])
    expect(resolveDns(s, '_http._udp.api.default.svc.cluster.local').status).toBe('NXDOMAIN')
    expect(resolveDns(s, 'missing.default.svc.cluster.local').status).toBe('NXDOMAIN')
    expect(resolveDns(s, 'api.kube-system.svc.cluster.local').status).toBe('NXDOMAIN')
  })

  it('answers pod A records and the schema version', () => {
    expect(values(s, '10-244-0-9.default.pod.cluster.local')).toEqual(['10.244.0.9'])
    expect(resolveDns(s, 'dns-version.cluster.local').records).toEqual([{ name: 'dns-version.cluster.local', type: 'TXT', value: '1.0.1', ttl: 5 }])
  })
})
