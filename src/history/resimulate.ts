import type { Command } from '../api/commands.js'
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../api/delete.js'
import type { Controller } from '../controllers/controller.js'
import { eventToJson } from '../log/encoding.js'
import { type Event, isExternalActor } from '../log/events.js'
import type { Fault } from '../model/faults.js'
import type { KObject } from '../model/meta.js'
import type { EventLog } from '../ports/eventLog.js'
import { emptyWorld, step } from '../sim/step.js'
import type { Input, World } from '../sim/world.js'
import { type StateDiff, diffStates } from './diff.js'
import { stateAt } from './stateAt.js'
import * as E from 'fp-ts/lib/Either.js'

/** What re-simulation found: identical, or the first event that differs and how the states differ. */
export interface Resimulation {
  readonly recordedEvents: number
  readonly resimulatedEvents: number
  readonly firstDivergence?: { readonly seq: number; readonly recorded?: string; readonly resimulated?: string }
  readonly stateDiff: StateDiff
}

const refOf = (o: KObject) => ({ kind: o.kind, ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}), name: o.metadata.name ?? '' })

/** The propagation a recorded graceful delete asked for, read back from the finalizer it left. */
const propagationRecordedIn = (o: KObject): 'Background' | 'Foreground' | 'Orphan' => {
  const finalizers = o.metadata.finalizers ?? []
  return finalizers.includes(FOREGROUND_FINALIZER) ? 'Foreground' : finalizers.includes(ORPHAN_FINALIZER) ? 'Orphan' : 'Background'
}

/** The command an external event's effect is replayed as: the same write, without its server-set fields. */
export const commandFor = (e: Event, before: World): Command | undefined => {
  if (e.type !== 'object/created' && e.type !== 'object/updated' && e.type !== 'object/deleted') return undefined
  const o = e.data.object
  if (e.type === 'object/created') {
    const { uid: _u, resourceVersion: _r, creationTimestamp: _c, generation: _g, ...metadata } = o.metadata
    return { verb: 'create', object: { ...o, metadata } }
  }
  const current = before.state.objects.get(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`)
  // Removed at once, so neither graceful nor finalizer-driven: not even an RC's default Orphan applied.
  if (e.type === 'object/deleted') return { verb: 'delete', ref: refOf(o), options: { gracePeriodSeconds: 0, propagationPolicy: 'Background' } }
  if (o.metadata.deletionTimestamp !== undefined && current?.metadata.deletionTimestamp === undefined)
    return { verb: 'delete', ref: refOf(o), options: { ...(o.metadata.deletionGracePeriodSeconds !== undefined ? { gracePeriodSeconds: o.metadata.deletionGracePeriodSeconds } : {}), propagationPolicy: propagationRecordedIn(o) } }
  // The current resourceVersion, in place: removing the key would move it, and the stored bytes with it.
  return { verb: 'update', object: { ...o, metadata: { ...o.metadata, resourceVersion: current?.metadata.resourceVersion ?? '' } } }
}

/** The inputs that reproduce a recorded log: start, then each external input at its recorded time. */
export async function* externalInputs(log: EventLog): AsyncIterable<{ event: Event; input: (w: World) => Input | undefined }> {
  for await (const batch of log.read(1)) {
    for (const e of batch) {
      if (e.type === 'run/started') yield { event: e, input: () => ({ type: 'start', seed: e.data.seed, cluster: e.data.cluster, actor: e.actor }) }
      else if (e.type === 'fault/injected') yield { event: e, input: () => ({ type: 'fault', fault: { type: e.data.fault.type as Fault['type'], target: e.data.fault.target }, actor: e.actor }) }
      else if (e.type === 'volume/written') {
        const [namespace, pod] = e.data.pod.split('/') as [string, string]
        yield { event: e, input: () => ({ type: 'writeVolume', namespace, pod, volume: e.data.volume, value: e.data.value, actor: e.actor }) }
      } else if (e.type === 'clock/advanced') yield { event: e, input: () => ({ type: 'advance', byMs: e.data.byMs ?? 0, actor: e.actor }) }
      else if (isExternalActor(e.actor)) yield { event: e, input: (w) => { const c = commandFor(e, w); return c && { type: 'request', command: c, actor: e.actor, ...('command' in e.data && e.data.command !== undefined ? { clientCommand: e.data.command } : {}) } } }
    }
  }
}

/**
 * Re-simulation (DESIGN.md §2): feeds only the external inputs of a recorded log through the current
 * controllers and compares every event they produce with what was recorded.
 */
export const resimulate = async (log: EventLog, controllers: readonly Controller[]): Promise<Resimulation> => {
  let world = emptyWorld(controllers)
  const produced: Event[] = []
  for await (const { event, input } of externalInputs(log)) {
    // Let timers run up to the moment the input was given (a clock advance starts byMs before its event).
    const givenAt = event.type === 'clock/advanced' ? event.at - (event.data.byMs ?? 0) : event.at
    if (event.type !== 'run/started' && givenAt > world.nowMs) {
      const out = step(world, { type: 'advanceTo', atMs: givenAt })
      world = out.world
      produced.push(...out.appended)
    }
    const i = input(world)
    if (!i) continue
    const out = step(world, i)
    world = out.world
    produced.push(...out.appended)
  }
  const recorded = await stateAt(log)
  if (E.isLeft(recorded)) throw new Error('cannot read the recorded log')
  // What timers did after the last external input (a settle that ended quiescent records no clock event).
  if (recorded.right.atMs > world.nowMs) {
    const out = step(world, { type: 'advanceTo', atMs: recorded.right.atMs })
    world = out.world
    produced.push(...out.appended)
  }
  let firstDivergence: Resimulation['firstDivergence']
  let seq = 0
  for await (const batch of log.read(1)) {
    for (const e of batch) {
      const mine = produced[seq++]
      if (firstDivergence === undefined && (mine === undefined || eventToJson(mine) !== eventToJson(e)))
        firstDivergence = { seq: e.seq, recorded: eventToJson(e), ...(mine ? { resimulated: eventToJson(mine) } : {}) }
    }
  }
  if (firstDivergence === undefined && produced.length > seq)
    firstDivergence = { seq: seq + 1, resimulated: eventToJson(produced[seq]!) }
  return {
    recordedEvents: seq,
    resimulatedEvents: produced.length,
    ...(firstDivergence ? { firstDivergence } : {}),
    stateDiff: diffStates(recorded.right, world.state),
  }
}
