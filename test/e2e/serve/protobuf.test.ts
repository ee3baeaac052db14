import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { messageTypeOf, UNKNOWN } from '../../../src/server/protobuf/schema.js'
import { type ServeHarness, startServer } from './harness.js'

let h: ServeHarness
const kubectl = (...args: string[]) => h.kubectl(...args)
const get = async (path: string): Promise<Record<string, any>> => (await (await fetch(`${h.base}${path}`)).json()) as Record<string, any>

/** The Content-Type of the last request matching `re`. */
const contentTypeOf = (re: RegExp): string => {
  const i = h.requests.findLastIndex((r) => re.test(r))
  return i < 0 ? '(no such request)' : h.contentTypes[i]!
}

/** A body framed as kubectl frames one: `k8s\0` + runtime.Unknown{typeMeta, raw}. */
const protobufBody = (apiVersion: string, kind: string, raw: Uint8Array): Uint8Array => {
  const unknown = UNKNOWN.encode(UNKNOWN.fromObject({ typeMeta: { apiVersion, kind }, raw })).finish()
  return Uint8Array.from([0x6b, 0x38, 0x73, 0x00, ...unknown])
}

const send = (method: string, path: string, body: Uint8Array) =>
  fetch(`${h.base}${path}`, { method, body, headers: { 'content-type': 'application/vnd.kubernetes.protobuf', accept: 'application/vnd.kubernetes.protobuf,application/json' } })

beforeAll(async () => {
  h = await startServer('reel-serve-protobuf-')
})
afterAll(async () => {
  await h?.close()
})

describe("kubectl 1.32's typed commands, which send protobuf bodies", () => {
  it('create deployment d2 --image=nginx --replicas=2: stored as kubectl asked, and settles to 2 pods', async () => {
    expect((await kubectl('create', 'deployment', 'd2', '--image=nginx', '--replicas=2')).stdout).toContain('deployment.apps/d2 created')
    expect(contentTypeOf(/^POST \/apis\/apps\/v1\/namespaces\/default\/deployments/)).toBe('application/vnd.kubernetes.protobuf')
    const d = await get('/apis/apps/v1/namespaces/default/deployments/d2')
    expect(d.metadata.labels).toEqual({ app: 'd2' })
    expect(d.spec.replicas).toBe(2)
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'd2' } })
    expect(d.spec.template.metadata.labels).toEqual({ app: 'd2' })
    expect(d.spec.template.spec.containers).toMatchObject([{ name: 'nginx', image: 'nginx' }])
    await h.settle()
    const pods = await get('/api/v1/namespaces/default/pods?labelSelector=app%3Dd2')
    expect(pods.items).toHaveLength(2)
    expect(pods.items.map((p: any) => p.status.phase)).toEqual(['Running', 'Running'])
    expect((await get('/apis/apps/v1/namespaces/default/deployments/d2')).status.readyReplicas).toBe(2)
  })

  it('create service clusterip s --tcp=80:8080: the port, its targetPort and a ClusterIP', async () => {
    expect((await kubectl('create', 'service', 'clusterip', 's', '--tcp=80:8080')).stdout).toContain('service/s created')
    const s = await get('/api/v1/namespaces/default/services/s')
    expect(s.spec.type).toBe('ClusterIP')
    expect(s.spec.selector).toEqual({ app: 's' })
    expect(s.spec.ports).toEqual([{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }])
    expect(s.spec.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
  })

  it('create job j --image=busybox', async () => {
    expect((await kubectl('create', 'job', 'j', '--image=busybox')).stdout).toContain('job.batch/j created')
    const j = await get('/apis/batch/v1/namespaces/default/jobs/j')
    expect(j.spec.template.spec.containers).toMatchObject([{ name: 'j', image: 'busybox' }])
    expect(j.spec.template.spec.restartPolicy).toBe('Never')
  })

  it('create namespace n', async () => {
    expect((await kubectl('create', 'namespace', 'n')).stdout).toContain('namespace/n created')
    expect((await get('/api/v1/namespaces/n')).status.phase).toBe('Active')
  })

  it('autoscale deployment d2 --min=2 --max=5 --cpu-percent=80: an autoscaling/v1 write, stored as v2', async () => {
    const out = await kubectl('autoscale', 'deployment', 'd2', '--min=2', '--max=5', '--cpu-percent=80')
    expect(out.stdout).toContain('horizontalpodautoscaler.autoscaling/d2 autoscaled')
    expect(contentTypeOf(/^POST \/apis\/autoscaling\/v1\/namespaces\/default\/horizontalpodautoscalers/)).toBe('application/vnd.kubernetes.protobuf')
    const v2 = await get('/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/d2')
    expect(v2.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd2' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    })
    const v1 = await get('/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/d2')
    expect(v1.apiVersion).toBe('autoscaling/v1')
    expect(v1.spec).toMatchObject({ minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 80 })
    const list = await get('/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers')
    expect(list.apiVersion).toBe('autoscaling/v1')
    expect(list.items.map((i: Record<string, any>) => [i.apiVersion, i.spec.targetCPUUtilizationPercentage])).toEqual([['autoscaling/v1', 80]])
  })
})

describe('protobuf bodies over HTTP', () => {
  it('PUT of a protobuf Namespace updates it', async () => {
    const current = await get('/api/v1/namespaces/n')
    const type = messageTypeOf('v1', 'Namespace')!
    const raw = type.encode(type.fromObject({ metadata: { name: 'n', resourceVersion: current.metadata.resourceVersion, labels: { team: 'a' } } })).finish()
    const res = await send('PUT', '/api/v1/namespaces/n', protobufBody('v1', 'Namespace', raw))
    expect(res.status).toBe(200)
    expect((await get('/api/v1/namespaces/n')).metadata.labels).toMatchObject({ team: 'a' })
  })

  it('PUT of a protobuf autoscaling/v1 Scale scales the deployment (to 0 too)', async () => {
    const type = messageTypeOf('autoscaling/v1', 'Scale')!
    const scale = (replicas: number) => protobufBody('autoscaling/v1', 'Scale', type.encode(type.fromObject({ metadata: { name: 'd2' }, spec: { replicas } })).finish())
    const path = '/apis/apps/v1/namespaces/default/deployments/d2'
    expect((await send('PUT', `${path}/scale`, scale(3))).status).toBe(200)
    expect((await get(path)).spec.replicas).toBe(3)
    expect((await send('PUT', `${path}/scale`, scale(0))).status).toBe(200)
    expect((await get(path)).spec.replicas).toBe(0)
  })

  it('415 naming the supported kinds for a kind outside the schema, 400 for bytes that are not protobuf; nothing written', async () => {
    const seq = h.engine.world().state.seq
    const other = await send('POST', '/api/v1/namespaces/default/endpoints', protobufBody('v1', 'Endpoints', new Uint8Array()))
    expect(other.status).toBe(415)
    const s = (await other.json()) as Record<string, any>
    expect(s).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', code: 415 })
    expect(s.message).toContain('Deployment (apps/v1)')
    const garbage = await send('POST', '/api/v1/namespaces', new TextEncoder().encode('not protobuf'))
    expect(garbage.status).toBe(400)
    expect(((await garbage.json()) as Record<string, any>).reason).toBe('BadRequest')
    expect(h.engine.world().state.seq).toBe(seq)
  })
})
