import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve, type Served } from './serve.js'

let s: Served
const PODS = '/api/v1/namespaces/default/pods'
const pod = (name: string, containers: string[], annotations: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, annotations },
  spec: { containers: containers.map((c) => ({ name: c, image: `${c}:1` })) },
})

beforeAll(async () => {
  s = await serve()
  await s.call('POST', PODS, pod('web', ['nginx']))
  await s.call('POST', PODS, pod('two', ['app', 'side']))
  await s.call('POST', PODS, pod('crash', ['app'], { 'behavior.reel.dev/exit': 'code=3,after=5s' }))
  await s.call('POST', PODS, pod('late', ['app'], { 'behavior.reel.dev/pull': '10m' }))
  await s.app.inject({ method: 'POST', url: '/reel/v1/clock/advance?by=40s' })
})
afterAll(async () => s?.close())

describe('pods/log', () => {
  it('a running container: its start and readiness, as text/plain', async () => {
    const r = await s.app.inject({ method: 'GET', url: `${PODS}/web/log` })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toMatch(/^text\/plain/)
    expect(r.body).toBe('reel: container nginx started (image nginx:1)\nreel: readiness probe succeeded\n')
  })

  it('timestamps=true prefixes each line with its virtual time in RFC 3339 with nanoseconds', async () => {
    const r = await s.app.inject({ method: 'GET', url: `${PODS}/web/log?timestamps=true&tailLines=1` })
    expect(r.body).toMatch(/^2024-01-01T00:00:\d{2}\.\d{9}Z reel: readiness probe succeeded\n$/)
  })

  it('a crashing container: the latest run, and previous=true the run before, with its exit code', async () => {
    const now = await s.app.inject({ method: 'GET', url: `${PODS}/crash/log` })
    const before = await s.app.inject({ method: 'GET', url: `${PODS}/crash/log?previous=true` })
    expect(before.statusCode).toBe(200)
    expect(before.body).toContain('reel: container app started (image app:1)\n')
    expect(before.body).toMatch(/reel: process exited with code 3 \(Error\)\n$/)
    expect(now.body).not.toBe('')
    // Deterministic: the same request reads the same text.
    expect((await s.app.inject({ method: 'GET', url: `${PODS}/crash/log?previous=true` })).body).toBe(before.body)
  })

  it('400s worded as upstream: ambiguous or unknown container, nothing previous, not started', async () => {
    const two = await s.call('GET', `${PODS}/two/log`)
    expect(two.code).toBe(400)
    expect(two.json.message).toBe('a container name must be specified for pod two, choose one of: [app side]')
    expect((await s.app.inject({ method: 'GET', url: `${PODS}/two/log?container=side` })).statusCode).toBe(200)
    expect((await s.call('GET', `${PODS}/two/log?container=nope`)).json.message).toBe('container nope is not valid for pod two')
    expect((await s.call('GET', `${PODS}/web/log?previous=true`)).json.message).toBe('previous terminated container "nginx" in pod "web" not found')
    expect((await s.call('GET', `${PODS}/late/log`)).json.message).toBe('container "app" in pod "late" is waiting to start: ContainerCreating')
    expect((await s.call('GET', `${PODS}/nope/log`)).json.message).toBe('pods "nope" not found')
  })

  it('is only a pod subresource', async () => {
    expect((await s.call('GET', '/api/v1/namespaces/default/configmaps/x/log')).code).toBe(404)
  })
})
