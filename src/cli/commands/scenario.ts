import type { Command as Cmd } from 'commander'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { memoryEventLog } from '../../adapters/memoryEventLog.js'
import { formatDurationMs } from '../../kernel/duration.js'
import { REEL_VERSION } from '../../log/events.js'
import type { EventLog } from '../../ports/eventLog.js'
import { loadScenario } from '../../scenario/loadScenario.js'
import { describeManifestError } from '../../scenario/manifests.js'
import { runScenario, type ScenarioResult } from '../../scenario/runner.js'
import { loadState } from '../open.js'
import { narrate } from '../narrate.js'
import { printGet } from '../printers/table.js'
import { listObjects } from '../../state/clusterState.js'
import { CliError, type GlobalOptions, openLog, seedOf } from '../open.js'

/** The package root: where `scenarios/` lives, whether running from src/ (tests) or dist/ (the bin). */
export const packageRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new CliError('error: cannot find the Reel package root')
    dir = up
  }
  return dir
}

/** Runs a scenario file into `log`; prints failures; returns the result. */
export const playScenario = async (file: string, log: EventLog, seed: number | undefined): Promise<ScenarioResult> => {
  const scenario = await loadScenario(file)
  if (E.isLeft(scenario)) throw new CliError(`error: ${describeManifestError(scenario.left)}`)
  if (log.head() === 0) {
    const meta = await log.readMeta()()
    if (E.isRight(meta) && meta.right === undefined)
      await log.initialize({ formatVersion: 1, seed: seed ?? scenario.right.seed ?? 1, createdWith: `reel ${REEL_VERSION}` })()
  } else throw new CliError('error: the data directory already holds a log; run a scenario into a new --data directory')
  return runScenario(scenario.right, log, dirname(resolve(file)), seed)
}

const report = (file: string, r: ScenarioResult): void => {
  for (const f of r.failures)
    console.log(`FAIL step ${f.step}: ${f.description}\n  expected: ${JSON.stringify(f.expected)}\n  actual:   ${JSON.stringify(f.actual)}`)
  console.log(`${r.failures.length === 0 ? 'PASS' : 'FAIL'} ${file}: ${r.head} events, virtual time ${formatDurationMs(r.nowMs)}, ${r.failures.length} failed expectation(s)`)
}

export const registerScenarioVerbs = (program: Cmd, globals: () => GlobalOptions): void => {
  const scenario = program.command('scenario').description('Run YAML scenarios (scenarios/README.md)')
  scenario
    .command('run')
    .description('Run a scenario; exit 0 when every expectation holds. Without --data the log is kept in memory')
    .argument('<file>', 'scenario YAML')
    .action(async (file: string) => {
      const g = globals()
      const seed = g.seed !== undefined || process.env.REEL_SEED ? seedOf(g) : undefined
      const persistent = g.data !== undefined || Boolean(process.env.REEL_DATA)
      const log = persistent ? await openLog({ ...g, ...(seed !== undefined ? { seed: String(seed) } : {}) }) : memoryEventLog()
      try {
        const r = await playScenario(file, log, seed)
        report(file, r)
        if (r.failures.length > 0) throw new CliError('', 1)
      } finally {
        await log.close()
      }
    })

  program
    .command('demo')
    .description("Play the seed walkthrough (ReplicaSet: create, lose a pod, get it back) and print what happened")
    .action(async () => {
      const file = join(packageRoot(), 'scenarios', 'seed-000-replicaset-vs-rc.yaml')
      const log = memoryEventLog()
      const r = await playScenario(file, log, undefined)
      for await (const batch of log.read(1)) for (const e of batch) console.log(narrate(e))
      const state = await loadState(log)
      console.log('')
      console.log(printGet([...listObjects(state, 'ReplicaSet', 'default'), ...listObjects(state, 'ReplicationController', 'default'), ...listObjects(state, 'Pod', 'default')], { nowMs: state.atMs, wide: false, allNamespaces: false, showKind: true }).trimEnd())
      console.log('')
      report(file, r)
    })
}
