import { setImageCommand } from '../../../src/client/rollout.js'
import type { Command } from '../../../src/api/commands.js'
import type { Event } from '../../../src/log/events.js'
import type { Deployment } from '../../../src/model/workloads.js'
import { CONTROLLERS } from '../../../src/sim/controllers.js'
import { emptyWorld, step } from '../../../src/sim/step.js'
import type { Input, Reply, World } from '../../../src/sim/world.js'
import { type ClusterState, getObject } from '../../../src/state/clusterState.js'
import { applyEvent } from '../../../src/state/evolve.js'
import { StateDraft } from '../../../src/state/stateDraft.js'
import { ACTOR, type Action, clusterOf, deploymentObject, IMAGE_COUNT, imageName, NAME, NAMESPACE, type Scenario, SETTLE_MAX_MS } from './scenario.js'

/**
 * Sees every state the log passes through: once after each appended event (at that event's time), and
 * once after a step that appended nothing (the clock moved). `seq` names the event, for messages.
 */
export type Observe = (state: ClusterState, atMs: number, seq: number) => void

export interface Run {
  readonly world: World
  readonly events: readonly Event[]
  /** Requests the API server refused (a generator bug if not 0: every action is valid). */
  readonly refusals: readonly string[]
  /** The reply of the final `settle`, when the run settled. */
  readonly settled: Reply | undefined
}

export const deploymentIn = (s: ClusterState): Deployment | undefined => getObject<Deployment>(s, 'Deployment', NAMESPACE, NAME)

const request = (command: Command): Input => ({ type: 'request', command, actor: ACTOR })
const patchSpec = (spec: Record<string, unknown>): Input =>
  request({ verb: 'patch', ref: { kind: 'Deployment', namespace: NAMESPACE, name: NAME }, patch: { spec } })

const imageIndexOf = (d: Deployment): number => {
  const m = /^app:v(\d+)$/.exec(d.spec.template.spec.containers[0]?.image ?? '')
  return m ? Number(m[1]) : 0
}

/**
 * Runs a scenario through the pure `step`: `start`, the Deployment's creation, then each action. An
 * `advance` moves the clock timer by timer (`advanceTo` each due instant, so that every timer firing is
 * observed) and records the rest as a `clock/advanced`. With `settle`, a paused Deployment is resumed
 * and the run ends with `settle` (at most an hour).
 */
/** The events of one controller pass: consecutive writes with the same actor and cause. */
const samePass = (a: Event, b: Event): boolean => a.actor === b.actor && a.cause !== undefined && a.cause === b.cause

/**
 * `observe` sees the state after every event; with `byPass` only after the last write of each controller
 * pass (a reconcile's writes, in the order it made them), for properties upstream guarantees per pass.
 */
export const runScenario = (sc: Scenario, opts: { readonly observe?: Observe; readonly settle?: boolean; readonly byPass?: boolean } = {}): Run => {
  let world = emptyWorld(CONTROLLERS)
  const events: Event[] = []
  const refusals: string[] = []
  const apply = (input: Input): Reply => {
    const before = world.state
    const out = step(world, input)
    world = out.world
    events.push(...out.appended)
    if (out.reply.type === 'decision' && !out.reply.decision.ok) refusals.push(JSON.stringify(out.reply.decision.status))
    if (opts.observe) {
      if (out.appended.length === 0) opts.observe(world.state, world.nowMs, world.state.seq)
      else {
        const draft = new StateDraft(before)
        const view = draft.view()
        out.appended.forEach((e, i) => {
          applyEvent(draft, e)
          const next = out.appended[i + 1]
          if (!opts.byPass || next === undefined || !samePass(e, next)) opts.observe!(view, e.at, e.seq)
        })
      }
    }
    return out.reply
  }
  const advance = (byMs: number): void => {
    const target = world.nowMs + byMs
    while (world.timers.length > 0 && world.timers[0]!.atMs <= target) apply({ type: 'advanceTo', atMs: world.timers[0]!.atMs })
    apply({ type: 'advance', byMs: target - world.nowMs, actor: ACTOR })
  }
  const act = (a: Action): void => {
    const d = deploymentIn(world.state)
    if (!d) throw new Error('the Deployment is gone')
    switch (a.type) {
      case 'setImage': {
        const command = setImageCommand(d, { app: imageName((imageIndexOf(d) + a.offset) % IMAGE_COUNT) })
        if (typeof command === 'string') throw new Error(command)
        apply(request(command))
        return
      }
      case 'scale':
        apply(patchSpec({ replicas: a.replicas }))
        return
      case 'pause':
      case 'resume':
        apply(patchSpec({ paused: a.type === 'pause' }))
        return
      case 'advance':
        advance(a.byMs)
        return
    }
  }

  apply({ type: 'start', seed: sc.seed, cluster: clusterOf(sc.images), actor: ACTOR })
  apply(request({ verb: 'create', object: deploymentObject(sc.deployment) }))
  for (const a of sc.actions) act(a)
  let settled: Reply | undefined
  if (opts.settle) {
    if (deploymentIn(world.state)?.spec.paused === true) act({ type: 'resume' })
    settled = apply({ type: 'settle', maxMs: SETTLE_MAX_MS, actor: ACTOR })
  }
  return { world, events, refusals, settled }
}
