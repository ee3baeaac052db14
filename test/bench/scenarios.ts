// Scenario throughput: runs/s of the seed scenarios end to end (parse + run on an in-memory log, as
// `reel scenario run` without --data), and of a 20-step scenario built here — the base rate of the
// random-history testing to come. Every run must pass its expectations: a failing run is an error.
// Run standalone (the bench runner spawns it): `node --import tsx test/bench/scenarios.ts [seconds per scenario]`.
import * as E from 'fp-ts/lib/Either.js'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { memoryEventLog } from '../../src/adapters/memoryEventLog.js'
import { parseScenario } from '../../src/scenario/loadScenario.js'
import { runScenario } from '../../src/scenario/runner.js'
import type { Scenario } from '../../src/scenario/scenario.js'
import { isMain, REPO_ROOT } from './child.js'

export interface ScenarioRate {
  readonly name: string
  readonly steps: number
  readonly runs: number
  readonly runsPerS: number
  /** Events each run writes. */
  readonly events: number
}

export interface ScenariosResult {
  readonly seeds: readonly ScenarioRate[]
  /** All seed scenarios one after the other, as one "suite run". */
  readonly suiteRunsPerS: number
  readonly twentyStep: ScenarioRate
}

/** A 20-step scenario: a Deployment created, scaled, rolled to a new image, a pod lost, undone, scaled down, deleted. */
export const TWENTY_STEPS = `
name: bench-20-steps
seed: 7
cluster: { nodes: 3 }
steps:
  - apply: { apiVersion: apps/v1, kind: Deployment, metadata: { name: web, namespace: default }, spec: { replicas: 3, selector: { matchLabels: { app: web } }, template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: web, image: "nginx:1.25" }] } } } }
  - settle: 1m
  - expect: { count: pods, selector: app=web, equals: 3 }
  - scale: { target: deploy/web, replicas: 5 }
  - settle: 1m
  - expect: { target: deploy/web, path: status.availableReplicas, equals: 5 }
  - setImage: { target: deploy/web, images: { web: "nginx:1.26" } }
  - settle: 2m
  - expect: { target: deploy/web, path: status.updatedReplicas, equals: 5 }
  - delete: { target: pod, selector: app=web, index: 0 }
  - settle: 1m
  - expect: { count: pods, selector: app=web, equals: 5 }
  - rollout: { action: undo, target: deploy/web }
  - settle: 2m
  - expect: { target: pod, selector: app=web, index: 0, path: "spec.containers[0].image", equals: "nginx:1.25" }
  - scale: { target: deploy/web, replicas: 2 }
  - settle: 1m
  - expect: { count: pods, selector: app=web, equals: 2 }
  - delete: deploy/web
  - settle: 1m
`

interface Loaded {
  readonly name: string
  readonly text: string
  readonly file: string
}

const SCENARIO_DIR = join(REPO_ROOT, 'scenarios')

const seedScenarios = async (): Promise<Loaded[]> => {
  const files = (await readdir(SCENARIO_DIR)).filter((f) => f.endsWith('.yaml')).sort()
  return Promise.all(files.map(async (f) => ({ name: f.replace(/\.yaml$/, ''), text: await readFile(join(SCENARIO_DIR, f), 'utf8'), file: join(SCENARIO_DIR, f) })))
}

/** One end-to-end run: parse, a fresh in-memory log, run every step; throws when an expectation fails. */
const runOnce = async (s: Loaded): Promise<{ steps: number; events: number }> => {
  const parsed = parseScenario(s.text, s.file)
  if (E.isLeft(parsed)) throw new Error(`${s.name}: ${parsed.left.message}`)
  const scenario: Scenario = parsed.right
  const log = memoryEventLog()
  await log.initialize({ formatVersion: 1, seed: scenario.seed ?? 1, createdWith: 'reel-bench' })()
  const r = await runScenario(scenario, log, SCENARIO_DIR)
  await log.close()
  if (r.failures.length > 0) throw new Error(`${s.name}: step ${r.failures[0]!.step} failed: ${r.failures[0]!.description}`)
  return { steps: scenario.steps.length, events: r.head }
}

/** Runs `s` repeatedly for about `seconds` (at least twice, after one warm-up run). */
const rateOf = async (s: Loaded, seconds: number): Promise<ScenarioRate> => {
  const first = await runOnce(s)
  let runs = 0
  const t0 = performance.now()
  while (runs < 2 || performance.now() - t0 < seconds * 1000) {
    await runOnce(s)
    runs++
  }
  return { name: s.name, steps: first.steps, runs, runsPerS: runs / ((performance.now() - t0) / 1000), events: first.events }
}

export const runScenarios = async (seconds: number): Promise<ScenariosResult> => {
  const seeds: ScenarioRate[] = []
  for (const s of await seedScenarios()) {
    const r = await rateOf(s, seconds)
    process.stderr.write(`[bench] scenarios: ${r.name}: ${r.runsPerS.toFixed(1)} runs/s (${r.steps} steps, ${r.events} events)\n`)
    seeds.push(r)
  }
  // A suite run takes the sum of the per-scenario times.
  const suiteRunsPerS = 1 / seeds.reduce((a, r) => a + 1 / r.runsPerS, 0)
  const twentyStep = await rateOf({ name: 'bench-20-steps', text: TWENTY_STEPS, file: join(SCENARIO_DIR, 'bench-20-steps.yaml') }, seconds * 2)
  return { seeds, suiteRunsPerS, twentyStep }
}

if (isMain(import.meta.url)) {
  runScenarios(Number(process.argv[2] ?? '1')).then(
    (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
      process.exit(1)
    },
  )
}
