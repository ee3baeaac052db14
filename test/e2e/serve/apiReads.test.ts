import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServeHarness, startServer } from './harness.js'

let h: ServeHarness
beforeAll(async () => {
  h = await startServer('reel-serve-reads-')
  const docs = ['a', 'b', 'c', 'd', 'e'].map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${n}\ndata:\n  k: ${n}\n`)
  const pods = ['one', 'two'].map((n) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\nspec:\n  containers:\n  - name: app\n    image: app:1\n`)
  const path = join(h.dir, 'objects.yaml')
  writeFileSync(path, [...docs, ...pods].join('---\n'))
  await h.kubectl('create', '-f', path)
  await h.settle()
})
afterAll(async () => h?.close())

describe('reads with the real kubectl', () => {
  it('get --chunk-size pages with limit/continue and shows every object', async () => {
    const out = (await h.kubectl('get', 'configmaps', '--chunk-size=2', '-o', 'name')).stdout.trim().split('\n')
    expect(out).toEqual(expect.arrayContaining(['configmap/cm-a', 'configmap/cm-b', 'configmap/cm-c', 'configmap/cm-d', 'configmap/cm-e']))
    const verbose = await h.kubectl('get', 'configmaps', '--chunk-size=2', '-v=6')
    // kubectl followed the continue tokens: three requests of at most two items.
    expect(verbose.stderr.match(/configmaps\?[^ ]*limit=2/g)?.length).toBeGreaterThanOrEqual(3)
    expect(verbose.stderr).toMatch(/continue=/)
    const table = verbose.stdout
    expect(table).toMatch(/^NAME\s+DATA\s+AGE/)
    for (const n of ['a', 'b', 'c', 'd', 'e']) expect(table).toContain(`cm-${n}`)
  })

  it('get --field-selector filters on the server; an unsupported field is refused', async () => {
    expect((await h.kubectl('get', 'pods', '--field-selector', 'metadata.name=two', '-o', 'name')).stdout.trim()).toBe('pod/two')
    expect((await h.kubectl('get', 'pods', '--field-selector', 'status.phase=Running', '-o', 'name')).stdout.trim().split('\n')).toEqual(['pod/one', 'pod/two'])
    const err = await h.kubectl('get', 'pods', '--field-selector', 'spec.foo=x').then(
      () => '',
      (e: { stderr: string }) => e.stderr,
    )
    expect(err).toContain('field label not supported: spec.foo')
  })

  it('logs reads the simulated container log', async () => {
    const out = (await h.kubectl('logs', 'one')).stdout
    expect(out).toBe('reel: container app started (image app:1)\nreel: readiness probe succeeded\n')
    expect((await h.kubectl('logs', 'one', '--timestamps', '--tail=1')).stdout).toMatch(/^2024-01-01T\S+Z reel: readiness probe succeeded\n$/)
  })

  it('delete --force --grace-period=0 removes the pod at once', async () => {
    const r = await h.kubectl('delete', 'pod', 'two', '--force', '--grace-period=0')
    expect(r.stdout).toContain('pod "two" force deleted')
    expect((await fetch(`${h.base}/api/v1/namespaces/default/pods/two`)).status).toBe(404)
  })
})
