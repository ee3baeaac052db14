import { defaultNodeShapes, type NodeShape } from '../model/cluster.js'
import type { EventLog } from '../ports/eventLog.js'
import { openEngine } from '../runtime/engine.js'
import { CONTROLLERS } from '../sim/controllers.js'
import type { Scenario } from './scenario.js'
import { runStep, type StepContext } from './steps.js'

export { parseTarget } from './expect.js'

/** One expectation that did not hold, or a step that could not run. */
export interface StepFailure {
  readonly step: number
  readonly description: string
  readonly expected: unknown
  readonly actual: unknown
}

export interface ScenarioResult {
  readonly failures: readonly StepFailure[]
  readonly marks: Readonly<Record<string, number>>
  readonly head: number
  readonly nowMs: number
}

const nodesOf = (s: Scenario): NodeShape[] => {
  const n = s.cluster?.nodes
  return n === undefined ? defaultNodeShapes(3) : typeof n === 'number' ? defaultNodeShapes(n) : n
}

/** Who a scenario's writes are attributed to. */
export const SCENARIO_ACTOR = 'user:scenario'

/** Runs a scenario's steps on an initialized log; expectations are collected, never thrown. */
export const runScenario = async (scenario: Scenario, log: EventLog, baseDir: string, seedOverride?: number): Promise<ScenarioResult> => {
  const images = scenario.images as Record<string, Record<string, unknown>> | undefined
  const engine = await openEngine(log, {
    controllers: CONTROLLERS,
    seed: seedOverride ?? scenario.seed ?? 1,
    cluster: { nodes: nodesOf(scenario), ...(images !== undefined ? { images } : {}) },
    actor: SCENARIO_ACTOR,
  })
  const ctx: StepContext = { engine, baseDir, marks: {}, traffic: new Map() }
  const failures: StepFailure[] = []
  for (const [i, step] of scenario.steps.entries()) {
    const problem = await runStep(ctx, step)
    if (problem) failures.push({ step: i + 1, ...problem })
  }
  await engine.flush()
  return { failures, marks: ctx.marks, head: engine.world().state.seq, nowMs: engine.world().nowMs }
}
