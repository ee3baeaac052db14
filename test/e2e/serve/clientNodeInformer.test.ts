import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isObjectEvent } from '../../../src/log/events.js'
import { type ServeHarness, startServer } from './harness.js'

// A client-node 1.4.0 informer on pods: one list, then one watch that carries every change.
let h: ServeHarness
let informer: k8s.Informer<k8s.V1Pod> & k8s.ObjectCache<k8s.V1Pod>
const seen: string[] = []
const errors: unknown[] = []
const NS = 'default'
const PODS = '/api/v1/namespaces/default/pods'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const deployment = (replicas: number): k8s.V1Deployment => ({
  metadata: { name: 'inf' },
  spec: { replicas, selector: { matchLabels: { app: 'inf' } }, template: { metadata: { labels: { app: 'inf' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
})
const record = (verb: string) => (p: k8s.V1Pod) => seen.push(`${verb} ${p.metadata?.name} ${p.metadata?.resourceVersion}`)

/** What an informer must have reported: every Pod event in the namespace after `afterSeq`, from the log. */
const expectedSince = async (afterSeq: number): Promise<string[]> => {
  const verbs = { 'object/created': 'add', 'object/updated': 'update', 'object/deleted': 'delete' } as const
  const out: string[] = []
  for await (const batch of h.engine.log.read(afterSeq + 1))
    for (const e of batch)
      if (isObjectEvent(e) && e.data.object.kind === 'Pod' && e.data.object.metadata.namespace === NS)
        out.push(`${verbs[e.type]} ${e.data.object.metadata.name} ${e.data.object.metadata.resourceVersion}`)
  return out
}

const until = async (cond: () => boolean | Promise<boolean>, what: string): Promise<void> => {
  for (let i = 0; i < 250; i++) {
    if (await cond()) return
    await sleep(20)
  }
  throw new Error(`timed out waiting for ${what}; informer saw:\n${seen.join('\n')}`)
}

beforeAll(async () => {
  h = await startServer('reel-informer-')
  const kc = new k8s.KubeConfig()
  kc.loadFromFile(h.kubeconfig)
  const core = kc.makeApiClient(k8s.CoreV1Api)
  informer = k8s.makeInformer(kc, PODS, () => core.listNamespacedPod({ namespace: NS }))
  informer.on('add', record('add'))
  informer.on('update', record('update'))
  informer.on('delete', record('delete'))
  informer.on('error', (e) => errors.push(e))
})
afterAll(async () => {
  await informer?.stop()
  await h?.close()
})

describe('a client-node informer against reel serve', () => {
  it('lists once, then sees every add, update and delete through one watch, with no relist', async () => {
    const kc = new k8s.KubeConfig()
    kc.loadFromFile(h.kubeconfig)
    const apps = kc.makeApiClient(k8s.AppsV1Api)
    const core = kc.makeApiClient(k8s.CoreV1Api)
    // A pod that exists before the informer starts reaches it through the list.
    await core.createNamespacedPod({ namespace: NS, body: { metadata: { name: 'early' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } })
    const listedAt = h.engine.world().state.seq
    await informer.start()
    await h.waitForRequest(/^GET \/api\/v1\/namespaces\/default\/pods\?watch=true&resourceVersion=\d+$/)
    expect(seen).toEqual([`add early ${listedAt}`])

    await apps.createNamespacedDeployment({ namespace: NS, body: deployment(3) })
    await h.settle()
    await apps.patchNamespacedDeployment({ name: 'inf', namespace: NS, body: [{ op: 'replace', path: '/spec/replicas', value: 1 }] })
    await h.settle()
    await core.deleteNamespacedPod({ name: 'early', namespace: NS })
    await apps.deleteNamespacedDeployment({ name: 'inf', namespace: NS })
    await h.settle()

    const expected = [`add early ${listedAt}`, ...(await expectedSince(listedAt))]
    expect(expected.filter((l) => l.startsWith('add'))).toHaveLength(4)
    expect(expected.filter((l) => l.startsWith('delete'))).toHaveLength(4)
    await until(() => seen.length >= expected.length, `${expected.length} notifications`)
    // Exactly the log's pod events, in order: nothing missed, nothing twice.
    expect(seen).toEqual(expected)
    expect(informer.list(NS)).toEqual([])

    // Idle for a while: a watch closed by the server would make 1.4.0 reconnect (or relist) at once, in a loop.
    await sleep(1500)
    const pods = h.requests.filter((r) => r.startsWith(`GET ${PODS}`))
    expect(pods.filter((r) => !r.includes('watch=true'))).toEqual([`GET ${PODS}`])
    expect(pods.filter((r) => r.includes('watch=true'))).toEqual([`GET ${PODS}?watch=true&resourceVersion=${listedAt}`])
    expect(errors).toEqual([])
  })

  it('keeps its cache equal to the server as pods come back', async () => {
    const kc = new k8s.KubeConfig()
    kc.loadFromFile(h.kubeconfig)
    const apps = kc.makeApiClient(k8s.AppsV1Api)
    const core = kc.makeApiClient(k8s.CoreV1Api)
    await apps.createNamespacedDeployment({ namespace: NS, body: deployment(2) })
    await h.settle()
    // Still the informer's one list (the next one is this test's own).
    expect(h.requests.filter((r) => r === `GET ${PODS}`)).toHaveLength(1)
    const live = (await core.listNamespacedPod({ namespace: NS })).items
    const key = (p: k8s.V1Pod) => `${p.metadata?.name} ${p.metadata?.resourceVersion} ${p.status?.phase}`
    await until(() => informer.list(NS).map(key).sort().join() === live.map(key).sort().join(), 'the cache to match the server')
    expect(informer.list(NS).map((p) => p.status?.phase)).toEqual(['Running', 'Running'])
    expect(h.requests.filter((r) => r.startsWith(`GET ${PODS}?watch=true`))).toHaveLength(1)
  })
})
