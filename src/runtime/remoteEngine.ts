import * as E from 'fp-ts/lib/Either.js'
import { Subject } from 'rxjs'
import { callJson, RemoteError, type RemoteTarget } from '../adapters/httpClient.js'
import { openHttpEventLog } from '../adapters/httpEventLog.js'
import type { Controller } from '../controllers/controller.js'
import { stateAt } from '../history/stateAt.js'
import type { Event } from '../log/events.js'
import type { EventLog } from '../ports/eventLog.js'
import type { Timer } from '../sim/queue.js'
import type { Input, Reply, World } from '../sim/world.js'
import { applyEvent } from '../state/evolve.js'
import { StateDraft } from '../state/stateDraft.js'
import type { Engine, Persisted } from './engine.js'

/** `GET /reel/v1/clock`: the server's virtual clock, its mode and its pending timers. */
export interface RemoteClock {
  readonly nowMs: number
  readonly mode: 'virtual' | 'real'
  readonly speed?: number
  readonly head: number
  readonly timers: readonly Timer[]
}

interface InputAnswer {
  readonly reply: Reply
  readonly head: number
  readonly nowMs: number
  readonly timers: readonly Timer[]
}

/** Folds `log`'s events after `world`'s seq up to `head` into a new world; also returns them. */
const follow = async (log: EventLog, world: World, head: number, nowMs: number, timers: readonly Timer[]): Promise<{ world: World; appended: Event[] }> => {
  const appended: Event[] = []
  if (head > world.state.seq) {
    const d = new StateDraft(world.state)
    for await (const batch of log.read(world.state.seq + 1, head))
      for (const e of batch) {
        applyEvent(d, e)
        appended.push(e)
      }
    return { world: { ...world, state: d.commit(), nowMs, timers }, appended }
  }
  return { world: { ...world, nowMs, timers }, appended }
}

/**
 * An Engine whose single writer is a running `reel serve`: `submit` POSTs the input to
 * `/reel/v1/inputs` and `world()` follows the server's log by folding the new tail after each
 * answer, so the CLI's write verbs (which plan on `world()` and then submit) work unchanged.
 * The world's timers are the server's, so `rollout status` can step to the next one.
 * `outputs$` emits one `Persisted` per submit made through this engine.
 */
export const openRemoteEngine = async (target: RemoteTarget, controllers: readonly Controller[]): Promise<Engine> => {
  const opened = await openHttpEventLog(target)()
  if (E.isLeft(opened)) throw new RemoteError(opened.left)
  const log = opened.right
  const clock = await callJson<RemoteClock>(target, '/reel/v1/clock')
  const loaded = await stateAt(log, clock.head)
  if (E.isLeft(loaded)) throw new RemoteError(loaded.left)
  let current: World = { state: loaded.right, nowMs: clock.nowMs, timers: clock.timers, controllers }
  const outputs$ = new Subject<Persisted>()
  let nextId = 0
  let tail: Promise<unknown> = Promise.resolve()

  const submitNow = async (input: Input): Promise<Reply> => {
    const answer = await callJson<InputAnswer>(target, '/reel/v1/inputs', { method: 'POST', body: JSON.stringify(input) })
    const next = await follow(log, current, answer.head, answer.nowMs, answer.timers)
    current = next.world
    outputs$.next({ id: nextId++, input, world: current, appended: next.appended, reply: answer.reply })
    return answer.reply
  }

  // One submit at a time, as the local engine's concatMap does, so each answer folds onto the last.
  const submit = (input: Input): Promise<Reply> => {
    const run = tail.then(() => submitNow(input))
    tail = run.catch(() => undefined)
    return run
  }

  // The server writes the snapshots; nothing is pending on this side.
  return { outputs$: outputs$.asObservable(), submit, world: () => current, log, flush: () => Promise.resolve(), paceInputs: () => () => undefined }
}
