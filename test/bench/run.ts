// Reel's benchmark: `npm run bench -- [--quick] [--json] [--only append,replay,memory,sim] [--replay-events N]`.
// Each phase runs Reel side by side with a raw baseline on the same machine and the same bytes; progress
// goes to stderr, the results table (or JSON lines with --json) to stdout. Nothing here asserts a time.
import { cpus, loadavg } from 'node:os'
import { benchAppend } from './append.js'
import { runChild } from './child.js'
import type { MemoryResult } from './memory.js'
import { benchReplay } from './replay.js'
import { compared, plain, progress, renderJsonLines, renderTable, type Result } from './report.js'
import type { SimResult } from './sim.js'

interface Sizes {
  readonly appendEvents: number
  readonly replayEvents: number
  readonly population: number
  readonly timeTravelSamples: number
  readonly memoryPods: number
  readonly simMain: number
  readonly simScaling: readonly number[]
}

const FULL: Sizes = {
  appendEvents: 200_000,
  replayEvents: 1_000_000,
  population: 10_000,
  timeTravelSamples: 20,
  memoryPods: 100_000,
  simMain: 10_000,
  simScaling: [1_000, 3_000, 10_000],
}

/** Under 2 minutes on 2 cores. Memory per pod barely depends on the count, so 30k pods stand in for 100k. */
const QUICK: Sizes = {
  appendEvents: 50_000,
  replayEvents: 100_000,
  population: 10_000,
  timeTravelSamples: 20,
  memoryPods: 30_000,
  simMain: 1_000,
  simScaling: [300, 1_000, 3_000],
}

const PHASES = ['append', 'replay', 'memory', 'sim'] as const
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
      process.stdout.write('usage: npm run bench -- [--quick] [--json] [--only append,replay,memory,sim] [--replay-events N]\n')
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
    plain('memory.heap_total', (m.statePodBytes * m.pods) / 1e6, 'MB'),
    plain('memory.pods', m.pods, 'pods'),
    plain('memory.record_bytes_avg', m.recordBytesAvg, 'B'),
  ]
}

const simPhase = async (main: number, scaling: readonly number[]): Promise<Result[]> => {
  const sizes = [...new Set([...scaling, main])].sort((a, b) => a - b)
  const runs = new Map<number, SimResult>()
  for (const n of sizes) {
    progress(`sim: ReplicaSet of ${n.toLocaleString('en-US')} replicas through step + CONTROLLERS (child process)`)
    const r = await runChild<SimResult>('./sim.ts', [String(n)])
    if (r.pods !== n) throw new Error(`sim: expected ${n} pods, got ${r.pods}`)
    progress(`sim: ${n} replicas: step ${(r.stepMs / 1000).toFixed(2)} s, persist ${(r.persistMs / 1000).toFixed(2)} s, ${r.events} events, ${((r.stepMs * 1000) / n).toFixed(0)} µs/pod${r.quiescent ? '' : ' (NOT quiescent after 1 h of virtual time)'}`)
    runs.set(n, r)
  }
  const m = runs.get(main)!
  const wallS = (m.stepMs + m.persistMs) / 1000
  const out: Result[] = [
    plain('sim.replicas', main, 'pods'),
    plain('sim.wall_s', wallS, 's'),
    plain('sim.step_s', m.stepMs / 1000, 's'),
    plain('sim.persist_s', m.persistMs / 1000, 's'),
    plain('sim.events', m.events, 'events'),
    plain('sim.events_per_s', m.events / wallS, 'events/s'),
    plain('sim.pods_per_s', main / wallS, 'pods/s'),
    plain('sim.peak_rss', m.peakRssBytes / 1e6, 'MB'),
  ]
  for (const n of sizes) {
    const r = runs.get(n)!
    out.push(plain(`sim.${n}.step_us_per_pod`, (r.stepMs * 1000) / n, 'µs/pod'))
  }
  const lo = runs.get(sizes[0]!)!
  const hi = runs.get(sizes[sizes.length - 1]!)!
  if (sizes.length > 1)
    // 1 = linear in the replica count, 2 = quadratic.
    out.push(plain('sim.step_growth_exponent', Math.log(hi.stepMs / lo.stepMs) / Math.log(hi.replicas / lo.replicas), 'exp'))
  return out
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
  if (only.has('memory')) results.push(...(await memoryPhase(sizes.memoryPods)))
  if (only.has('sim')) results.push(...(await simPhase(sizes.simMain, sizes.simScaling)))
  const totalS = (performance.now() - t0) / 1000
  results.push(plain('env.cpus', cpus().length, 'cpus'), plain('env.loadavg_1m_start', load0, 'load'), plain('env.loadavg_1m_end', loadavg()[0]!, 'load'), plain('bench.total_s', totalS, 's'))
  progress(`done in ${totalS.toFixed(1)} s`)
  process.stdout.write(`${json ? renderJsonLines(results) : `${renderTable(results)}\n\nratio: Reel's cost relative to the baseline (for rates baseline/value, for times and sizes value/baseline); > 1 means Reel is slower or bigger.`}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exitCode = 1
})
