import { invariant } from '../kernel/invariant.js'
import { KUBERNETES_VERSION, REEL_VERSION, type Event } from '../log/events.js'
import type { Controller } from '../controllers/controller.js'
import { emptyState } from '../state/clusterState.js'
import { bootstrapCommands } from './bootstrap.js'
import { Session } from './session.js'
import { decideVolumeWrite } from './volumeWrite.js'
import type { Input, Reply, StepOutput, World } from './world.js'

/** A world before its log's first event. */
export const emptyWorld = (controllers: readonly Controller[]): World => ({
  state: emptyState(),
  nowMs: 0,
  timers: [],
  controllers,
})

const clockEvent = (s: Session, actor: string, byMs: number): Event => ({
  seq: s.state.seq + 1,
  at: s.nowMs,
  type: 'clock/advanced',
  v: 1,
  actor,
  data: { byMs },
})

/**
 * The pure step of the single writer (STYLE.md rule 2): `step(world, input) → { world, appended }`.
 * A request is decided and its consequences run to quiescence at the same virtual instant; clock
 * inputs fire due timers in (time, controller, key) order.
 */
export const step = (world: World, input: Input): StepOutput => {
  const s = new Session(world)
  let reply: Reply = { type: 'none' }
  switch (input.type) {
    case 'start': {
      invariant(world.state.seq === 0, 'start is only valid on an empty log')
      const started: Event = {
        seq: 1,
        at: 0,
        type: 'run/started',
        v: 2,
        actor: input.actor,
        data: { seed: input.seed, versions: { reel: REEL_VERSION, kubernetes: KUBERNETES_VERSION }, cluster: input.cluster },
      }
      s.append([started])
      for (const { command, actor } of bootstrapCommands(input.cluster)) {
        const d = s.execute(command, actor, 1)
        invariant(d.ok, () => `bootstrap write refused: ${d.ok ? '' : d.status.message}`)
      }
      s.runToQuiescence()
      break
    }
    case 'request': {
      const decision = s.execute(input.command, input.actor, undefined, input.clientCommand)
      s.runToQuiescence()
      reply = { type: 'decision', decision }
      break
    }
    case 'advance': {
      s.advanceTo(s.nowMs + input.byMs)
      s.append([clockEvent(s, input.actor, input.byMs)])
      s.runToQuiescence()
      reply = { type: 'clock', nowMs: s.nowMs, quiescent: s.timers.length === 0 }
      break
    }
    case 'advanceTo':
      s.advanceTo(input.atMs)
      reply = { type: 'clock', nowMs: s.nowMs, quiescent: s.timers.length === 0 }
      break
    case 'settle': {
      const startMs = s.nowMs
      const deadline = startMs + input.maxMs
      while (s.timers.length > 0 && s.timers[0]!.atMs <= deadline) s.advanceTo(s.timers[0]!.atMs)
      const quiescent = s.timers.length === 0
      // Quiescent: the clock stays at the last change, since nothing observed the no-op timers after it.
      if (quiescent) s.nowMs = Math.max(startMs, s.state.atMs)
      else {
        s.advanceTo(deadline)
        s.append([clockEvent(s, input.actor, deadline - startMs)])
        s.runToQuiescence()
      }
      reply = { type: 'clock', nowMs: s.nowMs, quiescent }
      break
    }
    case 'fault': {
      s.append([{ seq: s.state.seq + 1, at: s.nowMs, type: 'fault/injected', v: 1, actor: input.actor, data: { fault: { ...input.fault } } }])
      s.runToQuiescence()
      break
    }
    case 'writeVolume': {
      const e = decideVolumeWrite(s.state, input, input.actor, s.nowMs)
      if ('kind' in e) reply = { type: 'refused', status: e }
      else s.append([e])
      break
    }
    case 'resync': {
      world.controllers.forEach((c, i) => {
        for (const key of c.resyncKeys(s.state)) s.markDirty({ controller: i, key, cause: s.causeOf(i, key, undefined) })
      })
      s.runToQuiescence()
      break
    }
  }
  return { world: s.toWorld(), appended: s.appended, reply }
}

/** Resumes a world from a state folded from the log: clock at the last event, then a resync. */
export const resumeWorld = (controllers: readonly Controller[], state: World['state']): World => ({
  state,
  nowMs: state.atMs,
  timers: [],
  controllers,
})

