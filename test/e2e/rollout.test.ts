import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { reel, tempDir } from '../support/reel.js'

const MANIFEST = 'scenarios/manifests/002-kubia-deployment-and-service-v1.yaml'

describe('reel rollout against the simulated cluster (seed 002, kubectl wording)', () => {
  let cleanup: (() => void) | undefined
  afterEach(() => cleanup?.())

  it('prints kubectl rollout status, history, undo, pause and resume messages', () => {
    const t = tempDir()
    cleanup = t.cleanup
    const images = join(t.dir, 'images.yaml')
    writeFileSync(images, "luksa/kubia:v1: { pull: 2s, start: 1s }\nluksa/kubia:v2: { pull: 2s, start: 1s }\n")
    const data = join(t.dir, 'log')
    const at = (...args: string[]) => reel([...args, '--data', data, '--images', images])

    expect(at('create', '-f', MANIFEST).stdout).toBe('deployment.apps/kubia created\nservice/kubia created\n')
    const first = at('rollout', 'status', 'deployment/kubia')
    expect(first.code).toBe(0)
    const lines = first.stdout.trim().split('\n')
    expect(lines[0]).toBe('Waiting for deployment "kubia" rollout to finish: 0 of 3 updated replicas are available...')
    // The three pods start together and become available together, minReadySeconds (10s) after Ready.
    expect(new Set(lines.slice(0, -1))).toEqual(new Set(['Waiting for deployment "kubia" rollout to finish: 0 of 3 updated replicas are available...']))
    expect(lines[lines.length - 1]).toBe('deployment "kubia" successfully rolled out')

    expect(at('set', 'image', 'deployment/kubia', 'nodejs=luksa/kubia:v2', '--record').stdout).toBe('deployment.apps/kubia image updated\n')
    const second = at('rollout', 'status', 'deploy/kubia').stdout.trim().split('\n')
    expect(second[0]).toBe('Waiting for deployment "kubia" rollout to finish: 1 out of 3 new replicas have been updated...')
    // maxSurge 1, maxUnavailable 0: one new pod at a time, each old one kept until its successor is available.
    expect([...new Set(second)]).toEqual([
      'Waiting for deployment "kubia" rollout to finish: 1 out of 3 new replicas have been updated...',
      'Waiting for deployment "kubia" rollout to finish: 2 out of 3 new replicas have been updated...',
      'Waiting for deployment "kubia" rollout to finish: 1 old replicas are pending termination...',
      'deployment "kubia" successfully rolled out',
    ])
    expect(second[second.length - 1]).toBe('deployment "kubia" successfully rolled out')

    expect(at('rollout', 'history', 'deployment/kubia').stdout).toBe(
      'deployment.apps/kubia \nREVISION  CHANGE-CAUSE\n1         <none>\n2         ' +
        `reel set image deployment/kubia nodejs=luksa/kubia:v2 --record --data ${data} --images ${images}\n\n`,
    )
    expect(at('rollout', 'undo', 'deployment/kubia', '--to-revision=1').stdout).toBe('deployment.apps/kubia rolled back\n')
    expect(at('rollout', 'status', 'deployment/kubia').stdout.trim().split('\n').pop()).toBe('deployment "kubia" successfully rolled out')
    expect(at('get', 'deploy', 'kubia', '-o', 'wide').stdout).toContain('luksa/kubia:v1')
    expect(at('rollout', 'history', 'deployment/kubia').stdout).toMatch(/\n2 +reel set image.*\n3 +<none>\n\n$/)

    expect(at('rollout', 'pause', 'deployment/kubia').stdout).toBe('deployment.apps/kubia paused\n')
    const again = at('rollout', 'pause', 'deployment/kubia')
    expect(again.code).toBe(1)
    expect(again.stderr).toBe('error: deployments.apps "kubia" is already paused\n')
    expect(at('rollout', 'resume', 'deployment/kubia').stdout).toBe('deployment.apps/kubia resumed\n')
    expect(at('rollout', 'undo', 'deployment/kubia', '--to-revision=9').stderr).toBe('error: unable to find specified revision 9 in history\n')
  })

  it('refuses a bad --images file with the image and field named, writing nothing', () => {
    const t = tempDir()
    cleanup = t.cleanup
    const images = join(t.dir, 'images.yaml')
    writeFileSync(images, 'web: { readiness: sometimes }\n')
    const r = reel(['get', 'pods', '--data', join(t.dir, 'log'), '--images', images])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`error: ${images}: web.readiness: readiness must be ok, never, fail-after-probes=N or ok-after=DURATION, got "sometimes"\n`)
    expect(existsSync(join(t.dir, 'log'))).toBe(false)
  })
})
