import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configMap, serve, type Served } from './serve.js'

let s: Served
const CMS = '/api/v1/namespaces/default/configmaps'
beforeAll(async () => {
  s = await serve()
  for (const n of ['a', 'b']) await s.call('POST', CMS, configMap(n))
})
afterAll(async () => s?.close())

interface Line {
  type: string
  object: { kind: string; apiVersion: string; metadata: { name?: string; resourceVersion: string; annotations?: Record<string, string> } }
}
const watch = async (query: string): Promise<Line[]> =>
  (await s.app.inject({ method: 'GET', url: `${CMS}?watch=true&${query}` })).body
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line)

describe('watch BOOKMARKs', () => {
  it('never without allowWatchBookmarks, even when idle', async () => {
    const lines = await watch(`resourceVersion=${s.head()}&timeoutSeconds=2`)
    expect(lines).toEqual([])
  })

  it('with allowWatchBookmarks=true, one after a second of silence, carrying the last seq seen', async () => {
    const head = s.head()
    const lines = await watch(`resourceVersion=${head}&allowWatchBookmarks=true&timeoutSeconds=2`)
    expect(lines.length).toBeGreaterThanOrEqual(1)
    for (const l of lines) {
      expect(l.type).toBe('BOOKMARK')
      expect(l.object).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: String(head) } })
    }
  })

  it('sendInitialEvents=true: the ADDED objects, then the initial-events-end bookmark at the listed seq', async () => {
    const head = s.head()
    const lines = await watch('sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1')
    const added = lines.filter((l) => l.type === 'ADDED').map((l) => l.object.metadata.name)
    expect(added).toEqual(expect.arrayContaining(['a', 'b']))
    const end = lines.findIndex((l) => l.type === 'BOOKMARK')
    expect(end).toBe(added.length)
    expect(lines[end]!.object.metadata).toEqual({ resourceVersion: String(head), annotations: { 'k8s.io/initial-events-end': 'true' } })
  })

  it('sendInitialEvents=false from now sends no ADDED for existing objects', async () => {
    const lines = await watch('sendInitialEvents=false&timeoutSeconds=1')
    expect(lines).toEqual([])
  })
})
