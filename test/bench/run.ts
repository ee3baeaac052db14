// Reel's benchmark: `npm run bench -- [--quick] [--json] [--only append,replay,timetravel,memory,sim,api,scenarios] [--replay-events N]`.
// Each phase runs Reel side by side with a raw baseline on the same machine and the same bytes; progress
// goes to stderr, the results table (or JSON lines with --json) to stdout. Nothing here asserts a time.
import { cpus, loadavg } from 'node:os'
import { benchAppend } from './append.js'
import { runChild } from './child.js'
import type { MemoryResult } from './memory.js'
import { benchReplay } from './replay.js'
import { benchTimeTravel } from './timeTravel.js'
import { compared, plain, progress, renderJsonLines, renderTable, type Result } from './report.js'
import type { PhaseResult, SimResult } from './sim.js'
import type { ApiResult } from './api.js'
import type { ScenariosResult } from './scenarios.js'

interface Sizes {
  readonly appendEvents: number
  readonly replayEvents: number
  readonly population: number
  readonly timeTravelSamples: number
  /** The large time-travel log: its population, length and queries. */
  readonly largePods: number
  readonly largeEvents: number
  readonly largeSamples: number
  readonly memoryPods: number
  readonly simMain: number
  readonly simScaling: readonly number[]
  /** API: pods listed, watchers, and the replicas of the rolling update they follow. */
  readonly apiPods: number
  readonly apiWatchers: number
  readonly apiWatchReplicas: number
  /** Scenario throughput: seconds of repeated runs per scenario. */
  readonly scenarioSeconds: number
}

const FULL: Sizes = {
  appendEvents: 200_000,
  replayEvents: 1_000_000,
  population: 10_000,
  timeTravelSamples: 20,
  largePods: 100_000,
  largeEvents: 300_000,
  largeSamples: 10,
  memoryPods: 100_000,
  simMain: 10_000,
  simScaling: [1_000, 3_000, 10_000],
  apiPods: 10_000,
  apiWatchers: 100,
  apiWatchReplicas: 1_000,
  scenarioSeconds: 2,
}

/** Under 2 minutes on 2 cores. Memory per pod barely depends on the count, so 30k pods stand in for 100k. */
const QUICK: Sizes = {
  appendEvents: 50_000,
  replayEvents: 100_000,
  population: 10_000,
  timeTravelSamples: 20,
  largePods: 30_000,
  largeEvents: 90_000,
  largeSamples: 10,
  memoryPods: 30_000,
  simMain: 1_000,
  simScaling: [300, 1_000, 3_000],
  apiPods: 3_000,
  apiWatchers: 100,
  apiWatchReplicas: 200,
  scenarioSeconds: 0.5,
}

const PHASES = ['append', 'replay', 'timetravel', 'memory', 'sim', 'api', 'scenarios'] as const
type Phase = (typeof PHASES)[number]

const parseArgs = (argv: readonly string[]) => {
  let quick = false
  let json = false
  let only: Set<Phase> = new Set(PHASES)
  let replayEvents: number | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--quick') quick = true
    else if (a === '--json') json = true
    else if (a === '--only' || a.startsWith('--only=')) {
      const list = a === '--only' ? (argv[++i] ?? '') : a.slice('--only='.length)
      const names = list.split(',').filter((x) => x !== '')
      for (const n of names) if (!(PHASES as readonly string[]).includes(n)) throw new Error(`unknown phase ${n}; phases: ${PHASES.join(', ')}`)
      only = new Set(names as Phase[])
    } else if (a === '--replay-events' || a.startsWith('--replay-events=')) {
      replayEvents = Number(a === '--replay-events' ? argv[++i] : a.slice('--replay-events='.length))
      if (!Number.isInteger(replayEvents) || replayEvents < 1000) throw new Error('--replay-events needs an integer ≥ 1000')
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench -- [--quick] [--json] [--only append,replay,timetravel,memory,sim,api,scenarios] [--replay-events N]\n')
      process.exit(0)
    } else throw new Error(`unknown argument ${a}`)
  }
  return { quick, json, only, replayEvents }
}

const memoryPhase = async (pods: number): Promise<Result[]> => {
  progress(`memory: ${pods.toLocaleString('en-US')} pods in a ClusterState vs a plain Map (child process, --expose-gc)`)
  const m = await runChild<MemoryResult>('./memory.ts', [String(pods)])
  progress(`memory: ${Math.round(m.statePodBytes)} B/pod in ClusterState, ${Math.round(m.mapPodBytes)} B/pod in a Map`)
  return [
    compared('memory.heap_per_pod', m.statePodBytes, 'B', m.mapPodBytes),
    compared('memory.heap_per_pod_uncompacted', m.decodedPodBytes, 'B', m.mapPodBytes),
    plain('memory.heap_total', (m.statePodBytes * m.pods) / 1e6, 'MB'),
    plain('memory.pods', m.pods, 'pods'),
    plain('memory.record_bytes_avg', m.recordBytesAvg, 'B'),
  ]
}

const phaseResults = (prefix: string, replicas: number, p: PhaseResult): Result[] => [
  plain(`${prefix}.wall_s`, p.wallMs / 1000, 's'),
  plain(`${prefix}.cpu_s`, p.cpuMs / 1000, 's'),
  plain(`${prefix}.persist_s`, p.persistMs / 1000, 's'),
  plain(`${prefix}.events`, p.events, 'events'),
  plain(`${prefix}.events_per_s`, p.events / (p.wallMs / 1000), 'events/s'),
  plain(`${prefix}.pods_per_s`, replicas / (p.wallMs / 1000), 'pods/s'),
  plain(`${prefix}.peak_rss`, p.peakRssBytes / 1e6, 'MB'),
]

const describePhase = (p: PhaseResult, replicas: number): string =>
  `${(p.wallMs / 1000).toFixed(2)} s (cpu ${(p.cpuMs / 1000).toFixed(2)} s, persist ${(p.persistMs / 1000).toFixed(2)} s), ${p.events.toLocaleString('en-US')} events, ${((p.wallMs * 1000) / replicas).toFixed(0)} µs/pod, peak RSS ${(p.peakRssBytes / 1e6).toFixed(0)} MB${p.quiescent ? '' : ' (NOT quiescent after 1 h of virtual time)'}`

/** 1 = linear in the replica count, 2 = quadratic (least squares of log time on log size). */
const growthExponent = (points: readonly (readonly [number, number])[]): number => {
  const xs = points.map(([n]) => Math.log(n))
  const ys = points.map(([, ms]) => Math.log(ms))
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length
  const my = ys.reduce((a, b) => a + b, 0) / ys.length
  let num = 0
  let den = 0
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my)
    den += (xs[i]! - mx) ** 2
  }
  return num / den
}

const simPhase = async (main: number, scaling: readonly number[]): Promise<Result[]> => {
  const sizes = [...new Set([...scaling, main])].sort((a, b) => a - b)
  const runs = new Map<number, SimResult>()
  for (const n of sizes) {
    progress(`sim: Deployment of ${n.toLocaleString('en-US')} replicas on ${Math.ceil(n / 10).toLocaleString('en-US')} nodes, then a rolling update (engine + LevelDB, child process)`)
    const r = await runChild<SimResult>('./sim.ts', [String(n)])
    progress(`sim: ${n} create: ${describePhase(r.create, n)}`)
    progress(`sim: ${n} rollout: ${describePhase(r.rollout, n)}; then ${(r.flushMs / 1000).toFixed(2)} s for the snapshot written after its reply`)
    runs.set(n, r)
  }
  const m = runs.get(main)!
  const out: Result[] = [plain('sim.replicas', main, 'pods'), plain('sim.nodes', m.nodes, 'nodes'), ...phaseResults('sim.create', main, m.create), ...phaseResults('sim.rollout', main, m.rollout), plain('sim.rollout.snapshot_after_reply_s', m.flushMs / 1000, 's')]
  for (const n of sizes) {
    const r = runs.get(n)!
    out.push(plain(`sim.${n}.create_us_per_pod`, (r.create.wallMs * 1000) / n, 'µs/pod'), plain(`sim.${n}.rollout_us_per_pod`, (r.rollout.wallMs * 1000) / n, 'µs/pod'))
  }
  if (sizes.length > 1) {
    out.push(plain('sim.create_growth_exponent', growthExponent(sizes.map((n) => [n, runs.get(n)!.create.wallMs])), 'exp'))
    out.push(plain('sim.rollout_growth_exponent', growthExponent(sizes.map((n) => [n, runs.get(n)!.rollout.wallMs])), 'exp'))
  }
  return out
}

const apiPhase = async (pods: number, watchers: number, watchReplicas: number): Promise<Result[]> => {
  progress(`api: list ${pods.toLocaleString('en-US')} pods as a Table and as JSON; ${watchers} watchers follow a rolling update of ${watchReplicas.toLocaleString('en-US')} replicas (child process)`)
  const r = await runChild<ApiResult>('./api.ts', [String(pods), String(watchers), String(watchReplicas)])
  progress(`api: Table ${r.table.medianMs.toFixed(0)} ms, JSON ${r.json.medianMs.toFixed(0)} ms; watch lag p50 ${r.lagP50Ms.toFixed(0)} ms, p99 ${r.lagP99Ms.toFixed(0)} ms over ${r.deliveries.toLocaleString('en-US')} deliveries`)
  return [
    plain('api.pods', r.pods, 'pods'),
    plain('api.list_table_ms', r.table.medianMs, 'ms'),
    plain('api.list_table_bytes', r.table.bytes / 1e6, 'MB'),
    plain('api.list_json_ms', r.json.medianMs, 'ms'),
    plain('api.list_json_bytes', r.json.bytes / 1e6, 'MB'),
    plain('api.watchers', r.watchers, 'watchers'),
    plain('api.watch_rollout_replicas', r.watchReplicas, 'pods'),
    plain('api.watch_deliveries', r.deliveries, 'events'),
    plain('api.watch_lag_p50_ms', r.lagP50Ms, 'ms'),
    plain('api.watch_lag_p99_ms', r.lagP99Ms, 'ms'),
    plain('api.watch_lag_max_ms', r.lagMaxMs, 'ms'),
    plain('api.watch_deliveries_per_s', r.deliveries / (r.watchWallMs / 1000), 'events/s'),
    plain('api.watch_rollout_s', r.rolloutMs / 1000, 's'),
  ]
}

const scenariosPhase = async (seconds: number): Promise<Result[]> => {
  progress(`scenarios: each seed scenario and a 20-step scenario run repeatedly for ~${seconds} s, in memory (child process)`)
  const r = await runChild<ScenariosResult>('./scenarios.ts', [String(seconds)])
  progress(`scenarios: 20-step ${r.twentyStep.runsPerS.toFixed(1)} runs/s; the ${r.seeds.length} seed scenarios ${r.suiteRunsPerS.toFixed(2)} suites/s`)
  return [
    plain('scenarios.twenty_step_runs_per_s', r.twentyStep.runsPerS, 'runs/s'),
    plain('scenarios.seed_suite_runs_per_s', r.suiteRunsPerS, 'runs/s'),
    ...r.seeds.map((x) => plain(`scenarios.${x.name}.runs_per_s`, x.runsPerS, 'runs/s')),
  ]
}

const main = async (): Promise<void> => {
  const { quick, json, only, replayEvents } = parseArgs(process.argv.slice(2))
  const base = quick ? QUICK : FULL
  const sizes: Sizes = replayEvents === undefined ? base : { ...base, replayEvents }
  const t0 = performance.now()
  const load0 = loadavg()[0]!
  progress(`${quick ? 'quick' : 'full'} run on ${cpus().length} CPUs, node ${process.version}, load average ${load0.toFixed(2)}; phases: ${[...only].join(', ')}`)
  const results: Result[] = []
  if (only.has('append')) {
    progress(`append: ${sizes.appendEvents.toLocaleString('en-US')} pod events in batches of 1,000, reel vs raw level chained batch`)
    results.push(...(await benchAppend(sizes.appendEvents)))
  }
  if (only.has('replay')) {
    progress(`replay: building a log of ${sizes.replayEvents.toLocaleString('en-US')} events over ~${sizes.population.toLocaleString('en-US')} pods`)
    results.push(...(await benchReplay(sizes.replayEvents, sizes.population, sizes.timeTravelSamples)))
  }
  if (only.has('timetravel')) {
    progress(`timetravel: a log of ${sizes.largeEvents.toLocaleString('en-US')} events over ~${sizes.largePods.toLocaleString('en-US')} pods`)
    results.push(...(await benchTimeTravel(sizes.largeEvents, sizes.largePods, sizes.largeSamples)))
  }
  if (only.has('memory')) results.push(...(await memoryPhase(sizes.memoryPods)))
  if (only.has('sim')) results.push(...(await simPhase(sizes.simMain, sizes.simScaling)))
  if (only.has('api')) results.push(...(await apiPhase(sizes.apiPods, sizes.apiWatchers, sizes.apiWatchReplicas)))
  if (only.has('scenarios')) results.push(...(await scenariosPhase(sizes.scenarioSeconds)))
  const totalS = (performance.now() - t0) / 1000
  results.push(plain('env.cpus', cpus().length, 'cpus'), plain('env.loadavg_1m_start', load0, 'load'), plain('env.loadavg_1m_end', loadavg()[0]!, 'load'), plain('bench.total_s', totalS, 's'))
  progress(`done in ${totalS.toFixed(1)} s`)
  process.stdout.write(`${json ? renderJsonLines(results) : `${renderTable(results)}\n\nratio: Reel's cost relative to the baseline (for rates baseline/value, for times and sizes value/baseline); > 1 means Reel is slower or bigger.`}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exitCode = 1
})
