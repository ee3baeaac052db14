import type { Command } from '../api/commands.js'
import type { Decision } from '../api/context.js'
import { decide } from '../api/decide.js'
import type { ControllerCommand, RecordedEvent } from '../controllers/controller.js'
import { invariant } from '../kernel/invariant.js'
import { type Event, isObjectEvent } from '../log/events.js'
import type { Fault } from '../model/faults.js'
import { type ClusterState, getObject } from '../state/clusterState.js'
import { applyEvent } from '../state/evolve.js'
import { StateDraft } from '../state/stateDraft.js'
import { addTimer, itemId, type Timer, type WorkItem } from './queue.js'
import { eventObjectFor } from './recorder.js'
import type { World } from './world.js'

/** The Warning a refused command records (`FailedCreate` "Error creating: …" for `SuccessfulCreate`). */
const failureRecord = (record: RecordedEvent, verb: string, error: string): RecordedEvent | undefined => {
  if (record.onFailure) return { type: 'Warning', reason: record.onFailure.reason, message: record.onFailure.message.replace('{error}', error) }
  if (!record.reason.startsWith('Successful')) return undefined
  const doing = verb === 'create' ? 'creating' : verb === 'delete' ? 'deleting' : 'updating'
  return { type: 'Warning', reason: record.reason.replace('Successful', 'Failed'), message: `Error ${doing}: ${error}` }
}

/** Reconciles of one key at one instant beyond which the step declares a storm (a controller bug). */
export const RECONCILES_PER_KEY_MAX = 100

/**
 * The mutable working copy one `step` uses, discarded at its end. Everything that leaves the step
 * (the new world, the appended events) is a fresh value.
 */
export class Session {
  /** The working state: one draft for the whole step, copied shard by shard on first write. */
  private readonly draft: StateDraft
  /** A live view of the draft; reads always see every event appended so far. */
  readonly state: ClusterState
  nowMs: number
  readonly timers: Timer[]
  /** `timers` by (controller, key), for `addTimer`'s duplicate check. */
  private readonly timerIds: Map<string, Timer>
  readonly appended: Event[] = []
  /** Dirty keys per controller (by index); the first mark of a key keeps its cause. */
  private dirty: (Map<string, WorkItem> | undefined)[]
  private dirtyCount = 0
  /** Reconciles per `itemId` at the instant `reconcilesAtMs`: the storm guard's counts. */
  private readonly reconciles = new Map<string, number>()
  private reconcilesAtMs = -1

  constructor(private readonly world: World) {
    this.draft = new StateDraft(world.state, true)
    this.state = this.draft.view()
    this.nowMs = world.nowMs
    this.dirty = new Array<Map<string, WorkItem> | undefined>(world.controllers.length)
    this.timers = world.timers.slice()
    this.timerIds = new Map(this.timers.map((t) => [itemId(t.controller, t.key), t]))
  }

  /** Appends events through `evolve`, marking the keys they dirty for every controller. */
  append(events: readonly Event[]): void {
    for (const e of events) {
      // keysFor sees the state just before the event: ask before applying it to the draft.
      if (isObjectEvent(e))
        this.world.controllers.forEach((c, i) => {
          for (const key of c.keysFor(e, this.state)) this.markDirty({ controller: i, key, cause: e.seq })
        })
      else if (e.type === 'fault/injected')
        this.world.controllers.forEach((c, i) => {
          for (const key of c.keysForFault?.(e.data.fault as Fault, this.state) ?? []) this.markDirty({ controller: i, key, cause: e.seq })
        })
      applyEvent(this.draft, e)
      this.appended.push(e)
    }
  }

  /** Runs one command through the write path as `actor`; appends its events when accepted. */
  execute(command: Command, actor: string, cause: number | undefined, clientCommand?: string): Decision {
    const decision = decide(this.state, command, {
      actor,
      atMs: this.nowMs,
      ...(cause !== undefined ? { cause } : {}),
      ...(clientCommand !== undefined ? { command: clientCommand } : {}),
    })
    if (decision.ok) this.append(decision.events)
    return decision
  }

  markDirty(item: WorkItem): void {
    let keys = this.dirty[item.controller]
    if (keys === undefined) this.dirty[item.controller] = keys = new Map()
    else if (keys.has(item.key)) return
    keys.set(item.key, item)
    this.dirtyCount++
  }

  /**
   * Reconciles dirty keys in rounds until none is left. A round runs in `compareItems` order (controller
   * index, then key) so history does not change the order; keys are sorted per controller with the
   * default string sort, the same order as `<`.
   */
  runToQuiescence(): void {
    while (this.dirtyCount > 0) {
      const round = this.dirty
      this.dirty = new Array<Map<string, WorkItem> | undefined>(round.length)
      this.dirtyCount = 0
      for (let c = 0; c < round.length; c++) {
        const items = round[c]
        if (items === undefined) continue
        const keys = [...items.keys()].sort()
        for (const key of keys) this.reconcile(items.get(key)!)
      }
    }
  }

  /** Fires every timer due at or before `atMs`, in order, then sets the clock to `atMs`. */
  advanceTo(atMs: number): void {
    while (this.timers.length > 0 && this.timers[0]!.atMs <= atMs) {
      const t = this.timers[0]!.atMs
      this.nowMs = Math.max(this.nowMs, t)
      while (this.timers.length > 0 && this.timers[0]!.atMs === t) {
        const timer = this.timers.shift()!
        this.timerIds.delete(itemId(timer.controller, timer.key))
        this.markDirty({ controller: timer.controller, key: timer.key, cause: this.causeOf(timer.controller, timer.key, timer.cause) })
      }
      this.runToQuiescence()
    }
    this.nowMs = Math.max(this.nowMs, atMs)
  }

  /**
   * The cause of a reconcile that no event triggered (a timer, a resync): the last event of the object the
   * key names, so that causes do not depend on whether the run was resumed in between.
   */
  causeOf(controller: number, key: string, fallback: number | undefined): number | undefined {
    const kind = this.world.controllers[controller]!.primaryKind
    if (kind === undefined) return fallback
    const slash = key.indexOf('/')
    const o = this.state.objects.get(slash < 0 ? `${kind}//${key}` : `${kind}/${key}`)
    const rv = o === undefined ? undefined : Number(o.metadata.resourceVersion)
    return rv === undefined || Number.isNaN(rv) ? fallback : rv
  }

  private reconcile(item: WorkItem): void {
    const c = this.world.controllers[item.controller]!
    // Counts of past instants are never read again: keep only the current instant's.
    if (this.reconcilesAtMs !== this.nowMs) {
      this.reconciles.clear()
      this.reconcilesAtMs = this.nowMs
    }
    const id = itemId(item.controller, item.key)
    const n = (this.reconciles.get(id) ?? 0) + 1
    this.reconciles.set(id, n)
    invariant(n <= RECONCILES_PER_KEY_MAX, () =>
      `reconcile storm: controller ${c.name} reconciled key ${item.key} ${n} times at ${this.nowMs}ms without settling (seed ${this.state.seed})`)
    const result = c.reconcile(this.state, item.key, { nowMs: this.nowMs, seed: this.state.seed })
    for (const command of result.commands) this.executeForController(command, c.name, c.actor, item)
    if (result.requeueAfterMs !== undefined)
      addTimer(this.timers, { ...item, atMs: this.nowMs + Math.max(1, Math.ceil(result.requeueAfterMs)) }, this.timerIds)
  }

  private executeForController(command: ControllerCommand, name: string, actor: string, item: WorkItem): void {
    const { record, actor: override, ...plain } = command
    const decision = this.execute(plain as Command, override ?? actor, item.cause)
    // A conflict means the reconcile read a state that changed under it: reconcile again (next round).
    if (!decision.ok && decision.status.code === 409 && decision.status.reason === 'Conflict') this.markDirty(item)
    if (!record) return
    const involved = record.involved
      ? getObject(this.state, record.involved.kind, record.involved.namespace, record.involved.name)
      : undefined
    if (decision.ok && decision.object) {
      this.execute(eventObjectFor(record, decision.object, name, this.state, this.nowMs, involved), override ?? actor, item.cause)
      return
    }
    if (decision.ok || !involved) return
    const failure = failureRecord(record, command.verb, decision.status.message ?? '')
    if (failure) this.execute(eventObjectFor(failure, involved, name, this.state, this.nowMs, involved), override ?? actor, item.cause)
  }

  /** The world after this session. */
  /** The world after this session: the draft committed once. */
  toWorld(): World {
    const state = this.appended.length === 0 ? this.world.state : this.draft.commit()
    return { ...this.world, state, nowMs: this.nowMs, timers: this.timers }
  }
}
