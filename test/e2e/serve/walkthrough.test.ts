import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServeHarness, startServer } from './harness.js'
import { expectReplayable } from './replay.js'

// The seed walkthroughs (scenarios/manifests) driven with the real kubectl 1.32, in order, on one server.
let h: ServeHarness
const kubectl = (...args: string[]) => h.kubectl(...args)
const settle = () => h.settle()
const M = 'scenarios/manifests'
type Json = Record<string, any>
const get = (path: string) => h.get(path)
const podsOf = async (selector: string): Promise<Json[]> =>
  (await get(`/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent(selector)}`)).body.items as Json[]

beforeAll(async () => {
  h = await startServer('reel-walkthrough-')
})
afterAll(async () => {
  await h?.close()
})

describe('the seed walkthroughs with the real kubectl', () => {
  it('run makes a bare Pod (kubectl 1.32), and get pods -o wide shows its IP and node', async () => {
    expect((await kubectl('run', 'nginx', '--image=nginx')).stdout.trim()).toBe('pod/nginx created')
    const pod = (await get('/api/v1/namespaces/default/pods/nginx')).body
    expect(pod.metadata.labels).toEqual({ run: 'nginx' })
    expect(pod.metadata.ownerReferences).toBeUndefined()
    expect((await get('/apis/apps/v1/namespaces/default/deployments/nginx')).status).toBe(404)
    await settle()
    const running = (await get('/api/v1/namespaces/default/pods/nginx')).body
    const [header, ...rows] = (await kubectl('get', 'pods', '-o', 'wide')).stdout.trimEnd().split('\n')
    expect(header).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.split(/\s{2,}/)).toEqual(['nginx', '1/1', 'Running', '0', expect.stringMatching(/^\d+s$/), running.status.podIP, running.spec.nodeName, '<none>', '<none>'])
    expect(running.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/)
  })

  it('create -f and apply -f of the seed manifests, including an apps/v1beta1 Deployment', async () => {
    const created = await kubectl('create', '-f', `${M}/000-replicaset-web-stable.yaml`)
    expect(created.stdout.trim().split('\n')).toEqual(['replicaset.apps/web created', 'replicationcontroller/web-rc created'])
    expect((await kubectl('apply', '-f', `${M}/001-nginx-git.yaml`)).stdout.trim()).toBe('deployment.apps/nginx-git created')
    expect(h.requests).toContain('POST /apis/apps/v1beta1/namespaces/default/deployments?fieldManager=kubectl-client-side-apply&fieldValidation=Strict')
    // Stored as apps/v1 with apps/v1beta1's defaults: the selector from the template labels, 2 old ReplicaSets kept.
    const old = (await get('/apis/apps/v1/namespaces/default/deployments/nginx-git')).body
    expect(old).toMatchObject({ apiVersion: 'apps/v1', spec: { selector: { matchLabels: { app: 'nginx' } }, revisionHistoryLimit: 2 } })
    const kubia = await kubectl('apply', '-f', `${M}/002-kubia-deployment-and-service-v1.yaml`)
    expect(kubia.stdout.trim().split('\n')).toEqual(['deployment.apps/kubia created', 'service/kubia created'])
    await settle()
    expect(await podsOf('app=web,release=stable')).toHaveLength(3)
    expect(await podsOf('app=kubia')).toHaveLength(3)
  })

  it('apply again: configured after an edit, unchanged without one, and a created object gets its annotation', async () => {
    const edited = join(h.dir, 'nginx-git-2.yaml')
    writeFileSync(edited, readFileSync(`${M}/001-nginx-git.yaml`, 'utf8').replace('replicas: 1', 'replicas: 2'))
    expect((await kubectl('apply', '-f', edited)).stdout.trim()).toBe('deployment.apps/nginx-git configured')
    expect((await get('/apis/apps/v1/namespaces/default/deployments/nginx-git')).body.spec.replicas).toBe(2)
    const before = h.requests.length
    expect((await kubectl('apply', '-f', edited)).stdout.trim()).toBe('deployment.apps/nginx-git unchanged')
    expect(h.requests.slice(before).filter((r) => r.startsWith('PATCH'))).toEqual([])
    const first = await kubectl('apply', '-f', `${M}/000-replicaset-web-stable.yaml`)
    expect(first.stderr).toContain('Warning: resource replicasets/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation')
    expect(first.stdout.trim().split('\n')).toEqual(['replicaset.apps/web configured', 'replicationcontroller/web-rc configured'])
    const again = await kubectl('apply', '-f', `${M}/000-replicaset-web-stable.yaml`)
    expect(again.stdout.trim().split('\n')).toEqual(['replicaset.apps/web unchanged', 'replicationcontroller/web-rc unchanged'])
    await settle()
  })

  it('delete pod waits until the pod is gone, and its ReplicaSet replaces it under another name', async () => {
    const victim = (await podsOf('app=web,release=stable'))[0]!.metadata.name as string
    const before = h.requests.length
    const del = h.spawnKubectl('delete', 'pod', victim)
    expect(await h.settleUntilExit(del, before)).toBe(0)
    expect(del.output().trim()).toBe(`pod "${victim}" deleted`)
    expect(h.requests.slice(before)).toContainEqual(expect.stringMatching(/allowWatchBookmarks=true&fieldSelector=metadata\.name%3D.*&watch=true$/))
    expect((await get(`/api/v1/namespaces/default/pods/${victim}`)).status).toBe(404)
    const names = (await podsOf('app=web,release=stable')).map((p) => p.metadata.name as string)
    expect(names).toHaveLength(3)
    expect(names).not.toContain(victim)
  })

  it('rollout status prints upstream messages while virtual time settles, then exits 0', async () => {
    expect((await kubectl('set', 'image', 'deployment/kubia', 'nodejs=luksa/kubia:v2')).stdout.trim()).toBe('deployment.apps/kubia image updated')
    const before = h.requests.length
    const status = h.spawnKubectl('rollout', 'status', 'deployment/kubia', '--timeout=30s')
    expect(await h.settleUntilExit(status, before)).toBe(0)
    const lines = status.output().trim().split('\n')
    expect(lines).toContain('Waiting for deployment "kubia" rollout to finish: 1 out of 3 new replicas have been updated...')
    expect(lines).toContain('Waiting for deployment "kubia" rollout to finish: 2 out of 3 new replicas have been updated...')
    expect(lines).toContain('Waiting for deployment "kubia" rollout to finish: 1 old replicas are pending termination...')
    expect(lines.at(-1)).toBe('deployment "kubia" successfully rolled out')
  }, 40_000)

  it('describe deployment has the upstream lines, its ReplicaSets and only its own events', async () => {
    const out = (await kubectl('describe', 'deployment', 'kubia')).stdout
    for (const line of [
      /^Name:\s{19}kubia$/m,
      /^Namespace:\s{14}default$/m,
      /^Selector:\s+app=kubia$/m,
      /^Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m,
      /^StrategyType:\s+RollingUpdate$/m,
      /^MinReadySeconds:\s+10$/m,
      /^RollingUpdateStrategy:\s{2}0 max unavailable, 1 max surge$/m,
      /^ {4}Image:\s+luksa\/kubia:v2$/m,
      /^ {4}Readiness:\s+http-get http:\/\/:8080\/ delay=0s timeout=1s period=1s #success=1 #failure=3$/m,
      /^Conditions:\n {2}Type {11}Status {2}Reason\n {2}-{4} {11}-{6} {2}-{6}\n {2}Available {6}True {4}MinimumReplicasAvailable\n {2}Progressing {4}True {4}NewReplicaSetAvailable$/m,
      /^OldReplicaSets:\s+kubia-[a-z0-9]+ \(0\/0 replicas created\)$/m,
      /^NewReplicaSet:\s+kubia-[a-z0-9]+ \(3\/3 replicas created\)$/m,
      /^Events:\n {2}Type {4}Reason\s+Age\s+From\s+Message\n {2}-{4} {4}-{6}\s+-{4}\s+-{4}\s+-{7}$/m,
    ])
      expect(out).toMatch(line)
    const events = out.slice(out.indexOf('Events:')).trim().split('\n').slice(3)
    expect(events.length).toBeGreaterThan(2)
    // Only this Deployment's events (the field selector on involvedObject), all from its controller.
    for (const e of events) expect(e).toMatch(/^ {2}Normal {2}ScalingReplicaSet {2}\S+\s+deployment-controller {2}Scaled (up|down) replica set kubia-[a-z0-9]+ from \d+ to \d+$/)
  })

  it('get events has the upstream columns and names objects kind/name', async () => {
    const [header, ...rows] = (await kubectl('get', 'events')).stdout.trimEnd().split('\n')
    expect(header).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/)
    expect(rows).toContainEqual(expect.stringMatching(/^\d+s\s+Normal\s+ScalingReplicaSet\s+deployment\/kubia\s+Scaled up replica set kubia-/))
    expect(rows).toContainEqual(expect.stringMatching(/^\d+s\s+Normal\s+SuccessfulCreate\s+replicaset\/web\s+Created pod: web-/))
    expect(rows).toContainEqual(expect.stringMatching(/^\d+s\s+Normal\s+Scheduled\s+pod\/nginx\s+Successfully assigned default\/nginx to node-\d$/))
  })

  it('get all lists every type in the all category', async () => {
    const before = h.requests.length
    const out = (await kubectl('get', 'all')).stdout
    for (const name of ['pod/nginx', 'service/kubia', 'replicationcontroller/web-rc', 'deployment.apps/kubia', 'deployment.apps/nginx-git', 'replicaset.apps/web'])
      expect(out).toMatch(new RegExp(`^${name.replace(/[./]/g, '\\$&')}\\s`, 'm'))
    expect(out).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m)
    expect(out).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m)
    const lists = h.requests.slice(before).filter((r) => r.startsWith('GET ') && r.endsWith('?limit=500')).map((r) => r.split('/').at(-1)!.split('?')[0])
    expect(lists).toEqual(expect.arrayContaining(['pods', 'services', 'replicationcontrollers', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'horizontalpodautoscalers']))
    // The legacy versions carry no category: nothing is listed twice.
    expect(new Set(lists).size).toBe(lists.length)
  })

  it('serves Tables with upstream column names and wide columns at priority 1', async () => {
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'
    const table = async (path: string) => (await (await fetch(`${h.base}${path}`, { headers: { accept } })).json()) as Json
    const svc = await table('/api/v1/namespaces/default/services')
    expect(svc.columnDefinitions.map((c: Json) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Type:0', 'Cluster-IP:0', 'External-IP:0', 'Port(s):0', 'Age:0', 'Selector:1'])
    const pods = await table('/api/v1/namespaces/default/pods')
    expect(pods.columnDefinitions.filter((c: Json) => c.priority === 1).map((c: Json) => c.name)).toEqual(['IP', 'Node', 'Nominated Node', 'Readiness Gates'])
    expect(pods.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' })
  })

  it('leaves a log that re-simulates identically and folds to the live state', async () => {
    await settle()
    await expectReplayable(h, ['kubectl run', 'kubectl create', 'kubectl apply', 'kubectl delete', 'kubectl set image'])
  })
})
