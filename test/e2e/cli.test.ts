import { afterEach, describe, expect, it } from 'vitest'
import { buildProgram } from '../../src/cli/main.js'
import { reel, tempDir } from '../support/reel.js'

const RS_OF_3 = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
      - name: web
        image: nginx
`

const podNames = (data: string): string[] =>
  reel(['get', 'pods', '-o', 'name', '--data', data]).stdout.trim().split('\n').filter(Boolean).map((l) => l.replace('pod/', ''))

describe('reel CLI on the embedded LevelDB log', () => {
  let cleanup: (() => void) | undefined
  afterEach(() => cleanup?.())

  const fresh = (): string => {
    const t = tempDir()
    cleanup = t.cleanup
    return t.dir
  }

  it('keeps a ReplicaSet at 3 pods, replaces a deleted pod and says why the replacement exists', () => {
    const data = fresh()
    const applied = reel(['apply', '-f', '-', '--data', data], { input: RS_OF_3 })
    expect(applied.stderr).toBe('')
    expect(applied.stdout.trim()).toBe('replicaset.apps/web created')
    expect(reel(['settle', '--data', data]).stdout).toMatch(/^settled at virtual time/)
    const before = podNames(data)
    expect(before).toHaveLength(3)
    for (const n of before) expect(n).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/)

    const victim = before[0]!
    expect(reel(['delete', 'pod', victim, '--data', data]).stdout.trim()).toBe(`pod "${victim}" deleted`)
    reel(['settle', '--data', data])
    const after = podNames(data)
    expect(after).toHaveLength(3)
    const replacement = after.find((n) => !before.includes(n))!
    expect(replacement).toBeDefined()
    expect(after).not.toContain(victim)

    const why = reel(['why', `pod/${replacement}`, '--data', data]).stdout
    expect(why).toContain(`pod/${replacement} was created because:`)
    // The replacement is created as soon as the victim is marked for deletion (a terminating pod no longer counts).
    expect(why).toMatch(new RegExp(`← #\\d+ at 3s by user:admin: object/updated Pod/${victim}`))
  })

  it('shows the cluster as of an earlier seq and diffs two seqs by object and field', () => {
    const data = fresh()
    reel(['apply', '-f', '-', '--data', data], { input: RS_OF_3 })
    const head = Number(/head\s+(\d+)/.exec(reel(['hash', '--data', data]).stdout)![1])
    reel(['scale', 'rs', 'web', '--replicas', '5', '--data', data])
    expect(podNames(data)).toHaveLength(5)
    const past = reel(['get', 'pods', '--at', String(head), '-o', 'name', '--data', data]).stdout.trim().split('\n')
    expect(past).toHaveLength(3)
    const diff = reel(['diff', String(head), '--data', data]).stdout
    expect(diff).toContain('~ ReplicaSet/default/web')
    expect(diff).toContain('spec.replicas: 3 → 5')
    expect(diff.match(/^\+ Pod\/default\/web-/gm)).toHaveLength(2)
    // The log tells an update by what it changed.
    expect(reel(['log', '--from', String(head + 1), '--data', data]).stdout).toMatch(/user:admin +updated ReplicaSet default\/web: spec\.replicas 3→5, metadata\.generation 1→2|user:admin +updated ReplicaSet default\/web: metadata\.generation 1→2, spec\.replicas 3→5/)
  })

  it('refuses bad YAML with file:line and writes nothing', () => {
    const data = fresh()
    reel(['apply', '-f', '-', '--data', data], { input: RS_OF_3 })
    const head = reel(['hash', '--data', data]).stdout
    const bad = reel(['apply', '-f', '-', '--data', data], { input: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: [unclosed\n' })
    expect(bad.code).not.toBe(0)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/^error: <stdin>:\d+: /)
    expect(reel(['hash', '--data', data]).stdout).toBe(head)
  })

  it('refuses an invalid object with its field path and writes nothing, even when other documents are valid', () => {
    const data = fresh()
    reel(['hash', '--data', data])
    const head = reel(['hash', '--data', data]).stdout
    const invalid = RS_OF_3.replace('name: web\nspec', 'name: ok\nspec') + '---\n' + RS_OF_3.replace('replicas: 3', 'replicas: -1')
    const r = reel(['apply', '-f', '-', '--data', data], { input: invalid })
    expect(r.code).not.toBe(0)
    expect(r.stderr.trim()).toBe('The ReplicaSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0')
    expect(reel(['hash', '--data', data]).stdout).toBe(head)
  })

  it('gives the same hash for the same scenario and seed, and other pod names for another seed', () => {
    const a = tempDir()
    const b = tempDir()
    const c = tempDir()
    cleanup = () => [a, b, c].forEach((t) => t.cleanup())
    const file = 'scenarios/seed-000-replicaset-vs-rc.yaml'
    for (const [t, seed] of [[a, '1'], [b, '1'], [c, '2']] as const)
      expect(reel(['scenario', 'run', file, '--data', t.dir, '--seed', seed]).code).toBe(0)
    const ha = reel(['hash', '--data', a.dir]).stdout
    expect(reel(['hash', '--data', b.dir]).stdout).toBe(ha)
    expect(reel(['hash', '--data', c.dir]).stdout).not.toBe(ha)
    const names = (d: string) => reel(['log', '-o', 'json', '--data', d]).stdout.match(/"name":"web-rc-[a-z0-9]{5}"/g)
    expect(names(c.dir)).not.toEqual(names(a.dir))
  })

  it('prints help for every verb', () => {
    const program = buildProgram([])
    const verbs = program.commands.flatMap((c) => (c.commands.length > 0 ? c.commands.map((sub) => [c.name(), sub.name()]) : [[c.name()]]))
    expect(verbs.map((v) => v.join(' '))).toEqual(expect.arrayContaining(['apply', 'create', 'get', 'describe', 'delete', 'scale', 'label', 'log', 'hash', 'history', 'diff', 'why', 'replay', 'import', 'migrate', 'clock advance', 'settle', 'scenario run', 'demo']))
    for (const path of verbs) {
      let cmd = program
      for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!
      expect(cmd.helpInformation(), path.join(' ')).toMatch(new RegExp(`^Usage: reel ${path.join(' ')}`))
      expect(cmd.description().length, path.join(' ')).toBeGreaterThan(10)
    }
    const viaBin = reel(['get', '--help'])
    expect(viaBin.code).toBe(0)
    expect(viaBin.stdout).toMatch(/^Usage: reel get \[options\] <args\.\.\.>/)
  })
})
