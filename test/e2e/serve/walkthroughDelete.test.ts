import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServeHarness, startServer } from './harness.js'
import { expectReplayable } from './replay.js'

// The stateful and deleting parts of the seed walkthroughs with the real kubectl 1.32, on one server.
let h: ServeHarness
const kubectl = (...args: string[]) => h.kubectl(...args)
const settle = () => h.settle()
const M = 'scenarios/manifests'
type Json = Record<string, any>
const get = (path: string) => h.get(path)
const names = async (path: string): Promise<string[]> => ((await get(path)).body.items as Json[]).map((o) => o.metadata.name as string)
const cells = (line: string | undefined): string[] => (line ?? '').trim().split(/\s{2,}/)

beforeAll(async () => {
  h = await startServer('reel-walkthrough-delete-')
})
afterAll(async () => {
  await h?.close()
})

describe('StatefulSets, claims, watches and deletes with the real kubectl', () => {
  it('get sts and get pvc show upstream columns once a StatefulSet with claim templates settles', async () => {
    const out = await kubectl('apply', '-f', `${M}/003-static-pvs.yaml`, '-f', `${M}/003-statefulset-and-headless.yaml`)
    expect(out.stdout.trim().split('\n')).toEqual(['persistentvolume/pv1 created', 'persistentvolume/pv2 created', 'persistentvolume/pv3 created', 'service/nginx created', 'statefulset.apps/web created'])
    await settle()
    const sts = (await kubectl('get', 'sts')).stdout.trimEnd().split('\n')
    expect(sts[0]).toMatch(/^NAME\s+READY\s+AGE$/)
    expect(cells(sts[1])).toEqual(['web', '3/3', expect.stringMatching(/^\d+s$/)])
    const wide = (await kubectl('get', 'sts', '-o', 'wide')).stdout.trimEnd().split('\n')
    expect(wide[0]).toMatch(/^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES$/)
    expect(cells(wide[1])).toEqual(['web', '3/3', expect.stringMatching(/^\d+s$/), 'nginx', 'nginx'])
    const pvc = (await kubectl('get', 'pvc')).stdout.trimEnd().split('\n')
    expect(pvc[0]).toMatch(/^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE$/)
    expect(pvc.slice(1).map((l) => cells(l).slice(0, 7))).toEqual([0, 1, 2].map((i) => [`www-web-${i}`, 'Bound', `pv${i + 1}`, '1Gi', 'RWO', 'gsh-pv', '<unset>']))
    expect((await kubectl('get', 'pvc', '-o', 'wide')).stdout).toMatch(/^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE\s+VOLUMEMODE\nwww-web-0\s.*\sFilesystem$/m)
    const pv = (await kubectl('get', 'pv')).stdout.trimEnd().split('\n')
    expect(pv[0]).toMatch(/^NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+REASON\s+AGE$/)
    expect(cells(pv[1]).slice(0, 8)).toEqual(['pv1', '1Gi', 'RWO', 'Retain', 'Bound', 'default/www-web-0', 'gsh-pv', '<unset>'])
    const all = (await kubectl('get', 'all')).stdout
    expect(all).toMatch(/^statefulset\.apps\/web\s+3\/3\s/m)
    expect(all).toMatch(/^service\/nginx\s+ClusterIP\s+None\s+<none>\s+80\/TCP\s/m)
    expect(all).toMatch(/^pod\/web-2\s+1\/1\s+Running\s/m)
  })

  it('get jobs, configmaps and controllerrevisions print upstream columns', async () => {
    const manifest = join(h.dir, 'job.yaml')
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  completions: 2\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: perl\n'
    writeFileSync(manifest, `${job}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\ndata:\n  a: "1"\n  b: "2"\n`)
    expect((await kubectl('apply', '-f', manifest)).stdout.trim().split('\n')).toEqual(['job.batch/pi created', 'configmap/conf created'])
    await settle()
    const jobs = (await kubectl('get', 'jobs', '-o', 'wide')).stdout.trimEnd().split('\n')
    expect(jobs[0]).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/)
    expect(cells(jobs[1])).toEqual(['pi', expect.stringMatching(/^(Running|Complete)$/), expect.stringMatching(/^[0-2]\/2$/), expect.stringMatching(/^\d+s$/), expect.stringMatching(/^\d+s$/), 'pi', 'perl', expect.stringMatching(/^batch\.kubernetes\.io\/controller-uid=[0-9a-f-]{36}$/)])
    expect((await kubectl('get', 'cm', 'conf')).stdout).toMatch(/^NAME\s+DATA\s+AGE\nconf\s+2\s+\d+s\n$/)
    expect((await kubectl('get', 'controllerrevisions')).stdout).toMatch(/^NAME\s+CONTROLLER\s+REVISION\s+AGE\nweb-[a-z0-9]+\s+statefulset\.apps\/web\s+1\s+\d+s\n$/)
  })

  it('delete pod --force --grace-period=0 warns, removes it at once, and the StatefulSet recreates it with its claim', async () => {
    const uid = (await get('/api/v1/namespaces/default/pods/web-0')).body.metadata.uid as string
    const before = h.requests.length
    const out = await kubectl('delete', 'pod', 'web-0', '--force', '--grace-period=0')
    expect(out.stderr.trim()).toBe(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.',
    )
    expect(out.stdout.trim()).toBe('pod "web-0" force deleted')
    // kubectl's wait found it gone on the first GET: no watch was needed.
    expect(h.requests.slice(before).some((r) => r.includes('watch=true'))).toBe(false)
    await settle()
    const again = (await get('/api/v1/namespaces/default/pods/web-0')).body
    expect(again.metadata.uid).not.toBe(uid)
    expect(again.status.phase).toBe('Running')
    expect(again.spec.volumes).toContainEqual(expect.objectContaining({ name: 'www', persistentVolumeClaim: expect.objectContaining({ claimName: 'www-web-0' }) }))
    expect((await get('/api/v1/namespaces/default/persistentvolumeclaims/www-web-0')).body.status.phase).toBe('Bound')
  })

  it('get pods -w prints ADDED, MODIFIED and DELETED lines as a pod comes and goes', async () => {
    const before = h.requests.length
    const w = h.spawnKubectl('get', 'pods', '-w', '--output-watch-events')
    await w.waitFor(/^ADDED\s+web-2\s/m)
    await h.waitForRequest(/pods\?resourceVersion=\d+&watch=true$/, before)
    expect((await kubectl('run', 'solo', '--image=nginx')).stdout.trim()).toBe('pod/solo created')
    await settle()
    expect((await kubectl('delete', 'pod', 'solo', '--wait=false')).stdout.trim()).toBe('pod "solo" deleted')
    await settle()
    await w.waitFor(/^DELETED\s+solo\s/m)
    w.child.kill('SIGTERM')
    const lines = w.output().trimEnd().split('\n')
    expect(lines[0]).toMatch(/^EVENT\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/)
    const solo = lines.filter((l) => /^\w+\s+solo\s/.test(l)).map((l) => cells(l).slice(0, 4).join(' '))
    expect(solo[0]).toBe('ADDED solo 0/1 Pending')
    expect(solo).toContain('MODIFIED solo 0/1 ContainerCreating')
    expect(solo).toContain('MODIFIED solo 1/1 Running')
    expect(solo).toContain('MODIFIED solo 1/1 Terminating')
    expect(solo.at(-1)).toMatch(/^DELETED solo /)
    expect(solo.filter((l) => l.startsWith('ADDED') || l.startsWith('DELETED'))).toHaveLength(2)
  })

  it('delete deploy cascades: its ReplicaSets and pods go away after settling', async () => {
    await kubectl('apply', '-f', `${M}/002-kubia-deployment-and-service-v1.yaml`)
    await settle()
    expect(await names('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dkubia')).toHaveLength(1)
    expect(await names('/api/v1/namespaces/default/pods?labelSelector=app%3Dkubia')).toHaveLength(3)
    const before = h.requests.length
    const del = h.spawnKubectl('delete', 'deploy', 'kubia')
    expect(await h.settleUntilExit(del, before)).toBe(0)
    expect(del.output().trim()).toBe('deployment.apps "kubia" deleted')
    expect(h.requests.slice(before)).toContain('DELETE /apis/apps/v1/namespaces/default/deployments/kubia')
    await settle()
    expect((await get('/apis/apps/v1/namespaces/default/deployments/kubia')).status).toBe(404)
    expect(await names('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dkubia')).toEqual([])
    expect(await names('/api/v1/namespaces/default/pods?labelSelector=app%3Dkubia')).toEqual([])
    // The Service is not owned by the Deployment: it stays.
    expect((await get('/api/v1/namespaces/default/services/kubia')).status).toBe(200)
  })

  it('leaves a log that re-simulates identically and folds to the live state', async () => {
    await settle()
    await expectReplayable(h, ['kubectl apply', 'kubectl delete', 'kubectl run'])
  })
})
