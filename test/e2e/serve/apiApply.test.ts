import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServeHarness, startServer } from './harness.js'

let h: ServeHarness
beforeAll(async () => {
  h = await startServer('reel-serve-ssa-')
})
afterAll(async () => h?.close())

const manifest = (name: string, replicas: number, labels = 'app: NAME') =>
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {${labels.replace('NAME', name)}}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
`
const file = (name: string, text: string): string => {
  const path = join(h.dir, name)
  writeFileSync(path, text)
  return path
}
const get = async (name: string): Promise<Record<string, any>> =>
  (await (await fetch(`${h.base}/apis/apps/v1/namespaces/default/deployments/${name}`)).json()) as Record<string, any>
const failure = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e)
  }
  throw new Error('expected kubectl to fail')
}

describe('server-side apply with the real kubectl', () => {
  it('apply --server-side creates, a second manager conflicts, --force-conflicts wins', async () => {
    const first = await h.kubectl('apply', '--server-side', '-f', file('ssa.yaml', manifest('ssa', 2)))
    expect(first.stdout).toContain('deployment.apps/ssa serverside-applied')
    expect((await get('ssa')).metadata.managedFields.map((e: { manager: string; operation: string }) => `${e.manager}/${e.operation}`)).toContain('kubectl/Apply')
    const other = file('ssa-other.yaml', manifest('ssa', 5))
    const err = await failure(h.kubectl('apply', '--server-side', '--field-manager=other', '-f', other))
    expect(err).toContain('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas')
    expect((await get('ssa')).spec.replicas).toBe(2)
    const forced = await h.kubectl('apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', other)
    expect(forced.stdout).toContain('deployment.apps/ssa serverside-applied')
    expect((await get('ssa')).spec.replicas).toBe(5)
  })

  it('a label dropped from the applied manifest is removed', async () => {
    await h.kubectl('apply', '--server-side', '-f', file('ssa-l.yaml', manifest('ssa-l', 1, 'app: NAME, tier: web')))
    expect((await get('ssa-l')).metadata.labels).toEqual({ app: 'ssa-l', tier: 'web' })
    await h.kubectl('apply', '--server-side', '-f', file('ssa-l2.yaml', manifest('ssa-l', 1)))
    expect((await get('ssa-l')).metadata.labels).toEqual({ app: 'ssa-l' })
  })

  it('client-side apply keeps last-applied-configuration verbatim, and a later server-side apply takes over', async () => {
    const path = file('csa.yaml', manifest('csa', 1))
    await h.kubectl('apply', '-f', path)
    const annotation = (await get('csa')).metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']
    expect(JSON.parse(annotation)).toMatchObject({ kind: 'Deployment', metadata: { name: 'csa' }, spec: { replicas: 1 } })
    await h.kubectl('label', 'deployment', 'csa', 'extra=1')
    expect((await get('csa')).metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(annotation)
    const managers = (await get('csa')).metadata.managedFields.map((e: { manager: string }) => e.manager)
    expect(managers).toEqual(expect.arrayContaining(['kubectl-client-side-apply', 'kubectl-label']))
    const ssa = await h.kubectl('apply', '--server-side', '-f', file('csa2.yaml', manifest('csa', 3)))
    expect(ssa.stdout).toContain('deployment.apps/csa serverside-applied')
    const after = await get('csa')
    expect(after.spec.replicas).toBe(3)
    // kubectl then migrates the client-side apply entry into its own Apply entry with a JSON patch.
    const entries = after.metadata.managedFields.map((e: { manager: string; operation: string }) => `${e.manager}/${e.operation}`)
    expect(entries).toContain('kubectl/Apply')
    expect(entries).not.toContain('kubectl-client-side-apply/Update')
  })
})
