import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServeHarness, startServer } from './harness.js'
import { expectReplayable } from './replay.js'

// The real @kubernetes/client-node 1.4.0 (promise API, object parameters) against the server.
let h: ServeHarness
let kc: k8s.KubeConfig
let core: k8s.CoreV1Api
let apps: k8s.AppsV1Api
const NS = 'default'
const deployment = (name: string, replicas: number): k8s.V1Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
})
/** The requests (with their content types) since request number `from`. */
const sent = (from: number) => h.requests.slice(from).map((r, i) => `${r} ${h.contentTypes[from + i]}`.trim())
/** The ApiException a call rejects with. */
const failure = async (p: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> => {
  const e = (await p.then(() => undefined, (err: unknown) => err)) as k8s.ApiException<string> | undefined
  expect(e).toBeInstanceOf(k8s.ApiException)
  return { code: e!.code, body: JSON.parse(e!.body) as Record<string, unknown> }
}

beforeAll(async () => {
  h = await startServer('reel-client-node-')
  kc = new k8s.KubeConfig()
  kc.loadFromFile(h.kubeconfig)
  core = kc.makeApiClient(k8s.CoreV1Api)
  apps = kc.makeApiClient(k8s.AppsV1Api)
})
afterAll(async () => {
  await h?.close()
})

describe('@kubernetes/client-node 1.4.0 against reel serve', () => {
  it('typed create, list and a refused duplicate', async () => {
    const created = await apps.createNamespacedDeployment({ namespace: NS, body: deployment('cn', 2) })
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date)
    const dup = await failure(apps.createNamespacedDeployment({ namespace: NS, body: deployment('cn', 2) }))
    expect(dup.code).toBe(409)
    expect(dup.body).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', message: 'deployments.apps "cn" already exists' })
    await h.settle()
    const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=cn' })
    expect(pods.metadata?.resourceVersion).toMatch(/^\d+$/)
    expect(pods.items).toHaveLength(2)
    expect(pods.items.map((p) => p.status?.phase)).toEqual(['Running', 'Running'])
    expect(pods.items[0]!.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', controller: true })
  })

  it('patchNamespacedDeployment: JSON patch by default, merge and strategic merge on request, all applied', async () => {
    const from = h.requests.length
    const json = await apps.patchNamespacedDeployment({ name: 'cn', namespace: NS, body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] })
    expect(json.spec?.replicas).toBe(3)
    const merge = await apps.patchNamespacedDeployment(
      { name: 'cn', namespace: NS, body: { metadata: { labels: { tier: 'web' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    )
    expect(merge.metadata?.labels).toEqual({ tier: 'web' })
    const smp = await apps.patchNamespacedDeployment(
      { name: 'cn', namespace: NS, body: { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    )
    expect(smp.spec?.template.spec?.containers.map((c) => `${c.name}=${c.image}`)).toEqual(['c=nginx:1.27'])
    expect(sent(from)).toEqual([
      'PATCH /apis/apps/v1/namespaces/default/deployments/cn application/json-patch+json',
      'PATCH /apis/apps/v1/namespaces/default/deployments/cn application/merge-patch+json',
      'PATCH /apis/apps/v1/namespaces/default/deployments/cn application/strategic-merge-patch+json',
    ])
    const bad = await failure(apps.patchNamespacedDeployment({ name: 'cn', namespace: NS, body: [{ op: 'test', path: '/spec/replicas', value: 9 }] }))
    expect(bad.code).toBe(422)
  })

  it('deleteNamespacedDeployment with Foreground propagation (a query parameter) removes its pods, then itself', async () => {
    const from = h.requests.length
    await h.settle()
    await apps.deleteNamespacedDeployment({ name: 'cn', namespace: NS, propagationPolicy: 'Foreground' })
    expect(h.requests.slice(from)).toContain('DELETE /apis/apps/v1/namespaces/default/deployments/cn?propagationPolicy=Foreground')
    const deleting = await apps.readNamespacedDeployment({ name: 'cn', namespace: NS })
    expect(deleting.metadata?.finalizers).toEqual(['foregroundDeletion'])
    await h.settle()
    expect((await failure(apps.readNamespacedDeployment({ name: 'cn', namespace: NS }))).code).toBe(404)
    expect((await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=cn' })).items).toEqual([])
    expect((await apps.listNamespacedReplicaSet({ namespace: NS, labelSelector: 'app=cn' })).items).toEqual([])
  })

  it('KubernetesObjectApi: generic create, read, patch (strategic merge), list, delete', async () => {
    const client = k8s.KubernetesObjectApi.makeApiClient(kc)
    const from = h.requests.length
    const cm: k8s.V1ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: NS }, data: { a: '1' } }
    const created = await client.create(cm)
    expect(created.metadata?.resourceVersion).toMatch(/^\d+$/)
    expect(((await client.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: NS } })) as k8s.V1ConfigMap).data).toEqual({ a: '1' })
    const patched: k8s.V1ConfigMap = await client.patch({ ...cm, data: { b: '2' } })
    expect(patched.data).toEqual({ a: '1', b: '2' })
    const list = await client.list('v1', 'ConfigMap', NS)
    expect(list.items.map((o) => o.metadata?.name)).toContain('generic')
    // A workload in a legacy group/version, mapped through its own discovery document.
    const old = await client.create({ ...deployment('legacy', 1), apiVersion: 'apps/v1beta1' })
    expect(old.metadata?.name).toBe('legacy')
    await client.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: NS } })
    expect((await failure(client.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: NS } }))).code).toBe(404)
    const requests = sent(from)
    // Discovery once per group/version (kind → plural and scope), then plain REST.
    expect(requests.filter((r) => r === 'GET /api/v1')).toHaveLength(1)
    expect(requests).toContain('GET /apis/apps/v1beta1')
    expect(requests).toContain('POST /api/v1/namespaces/default/configmaps application/json')
    expect(requests).toContain('PATCH /api/v1/namespaces/default/configmaps/generic application/strategic-merge-patch+json')
    expect(requests).toContain('POST /apis/apps/v1beta1/namespaces/default/deployments application/json')
  })

  it('server-side apply through KubernetesObjectApi creates, then updates', async () => {
    const client = k8s.KubernetesObjectApi.makeApiClient(kc)
    const cm: k8s.V1ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: NS }, data: { a: '1' } }
    const ssa = (o: k8s.V1ConfigMap) => client.patch(o, undefined, undefined, 'probe', true, k8s.PatchStrategy.ServerSideApply)
    expect((await ssa(cm)).data).toEqual({ a: '1' })
    expect((await ssa({ ...cm, data: { a: '2' } })).data).toEqual({ a: '2' })
    expect(h.requests.filter((r) => r.startsWith('PATCH /api/v1/namespaces/default/configmaps/ssa?'))).toEqual([
      'PATCH /api/v1/namespaces/default/configmaps/ssa?fieldManager=probe&force=true',
      'PATCH /api/v1/namespaces/default/configmaps/ssa?fieldManager=probe&force=true',
    ])
  })

  it('leaves a log that re-simulates identically and folds to the live state', async () => {
    await h.settle()
    await expectReplayable(h, [])
  })
})
