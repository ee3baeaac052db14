import type { Command } from '../../../src/api/commands.js'
import type { StatefulSet } from '../../../src/controllers/statefulSet/types.js'
import type { Event } from '../../../src/log/events.js'
import { controllerRefOf } from '../../../src/model/meta.js'
import type { Pod } from '../../../src/model/pod.js'
import { CONTROLLERS } from '../../../src/sim/controllers.js'
import { emptyWorld, step } from '../../../src/sim/step.js'
import type { Input, Reply, World } from '../../../src/sim/world.js'
import { type ClusterState, getObject, listObjects } from '../../../src/state/clusterState.js'
import { applyEvent } from '../../../src/state/evolve.js'
import { StateDraft } from '../../../src/state/stateDraft.js'
import {
  ACTOR,
  type Action,
  clusterOf,
  defaultClassObject,
  IMAGE_COUNT,
  imageName,
  NAMESPACE,
  nodeName,
  type Scenario,
  SETTLE_MAX_MS,
  statefulSetObject,
  volumeObject,
} from './scenario.js'

/**
 * Sees every event as it is folded, with the state just after it (a live view, valid only during the
 * call). Steps that append nothing are not observed. An event changes one object, so every other object
 * is as it was just before the event; a deletion carries the final object.
 */
export type Observe = (state: ClusterState, event: Event) => void

export interface Run {
  readonly world: World
  readonly events: readonly Event[]
  /** Requests the API server refused (a generator bug if not empty: every action is valid). */
  readonly refusals: readonly string[]
  /** The reply of the final `settle`, when the run settled. */
  readonly settled: Reply | undefined
}

export const setIn = (s: ClusterState, name: string): StatefulSet | undefined => getObject<StatefulSet>(s, 'StatefulSet', NAMESPACE, name)
export const podIn = (s: ClusterState, name: string): Pod | undefined => getObject<Pod>(s, 'Pod', NAMESPACE, name)

const request = (command: Command): Input => ({ type: 'request', command, actor: ACTOR })
const podRef = (name: string) => ({ kind: 'Pod', namespace: NAMESPACE, name })

const imageIndexOf = (set: StatefulSet): number => {
  const m = /^app:v(\d+)$/.exec(set.spec.template.spec.containers[0]?.image ?? '')
  return m ? Number(m[1]) : 0
}

/**
 * Runs a scenario through the pure `step`: `start`, the storage, the sets, then each action. An
 * `advance` moves the clock timer by timer (`advanceTo` each due instant, so that every firing is
 * observed) and records the rest as a `clock/advanced`. Each event is folded one at a time into a draft
 * of the state before its step, so `observe` sees every intermediate state. With `settle`, every node
 * comes back up, pods left terminating on a node that was ever down or cut off are force-deleted, and the
 * run ends with `settle` (at most an hour).
 */
export const runScenario = (sc: Scenario, opts: { readonly observe?: Observe; readonly settle?: boolean } = {}): Run => {
  let world = emptyWorld(CONTROLLERS)
  const events: Event[] = []
  const refusals: string[] = []
  const faulted = new Set<string>()
  const apply = (input: Input): Reply => {
    const out = step(world, input)
    if (opts.observe && out.appended.length > 0) {
      const draft = new StateDraft(world.state)
      const view = draft.view()
      for (const e of out.appended) {
        applyEvent(draft, e)
        opts.observe(view, e)
      }
    }
    world = out.world
    events.push(...out.appended)
    if (out.reply.type === 'decision' && !out.reply.decision.ok) refusals.push(JSON.stringify(out.reply.decision.status))
    if (out.reply.type === 'refused') refusals.push(JSON.stringify(out.reply.status))
    return out.reply
  }
  const advance = (byMs: number): void => {
    const target = world.nowMs + byMs
    while (world.timers.length > 0 && world.timers[0]!.atMs <= target) apply({ type: 'advanceTo', atMs: world.timers[0]!.atMs })
    apply({ type: 'advance', byMs: target - world.nowMs, actor: ACTOR })
  }
  const liveSet = (i: number): StatefulSet | undefined => {
    const set = setIn(world.state, sc.sets[i]?.name ?? '')
    return set?.metadata.deletionTimestamp === undefined ? set : undefined
  }
  const patchSet = (set: StatefulSet, spec: Record<string, unknown>): void => {
    apply(request({ verb: 'patch', ref: { kind: 'StatefulSet', namespace: NAMESPACE, name: set.metadata.name ?? '' }, patch: { spec } }))
  }
  const fault = (type: Action & { type: 'fault' }): void => {
    const target = nodeName(type.node)
    if (type.fault !== 'node-up') faulted.add(target)
    apply({ type: 'fault', fault: { type: type.fault, target }, actor: 'fault' })
  }
  const act = (a: Action): void => {
    switch (a.type) {
      case 'advance':
        return advance(a.byMs)
      case 'fault':
        return fault(a)
      default:
    }
    const set = liveSet(a.set)
    if (!set) return
    switch (a.type) {
      case 'scale':
        return patchSet(set, { replicas: a.replicas })
      case 'setImage': {
        const [container, ...rest] = set.spec.template.spec.containers
        if (!container) throw new Error('a set without containers')
        const image = imageName((imageIndexOf(set) + a.offset) % IMAGE_COUNT)
        return patchSet(set, { template: { ...set.spec.template, spec: { ...set.spec.template.spec, containers: [{ ...container, image }, ...rest] } } })
      }
      case 'deletePod': {
        const pods = listObjects<Pod>(world.state, 'Pod', NAMESPACE).filter((p) => controllerRefOf(p)?.uid === set.metadata.uid)
        const exact = `${set.metadata.name ?? ''}-${a.ordinal}`
        const name = podIn(world.state, exact) ? exact : pods[a.ordinal % Math.max(1, pods.length)]?.metadata.name
        if (name === undefined) return
        apply(request({ verb: 'delete', ref: podRef(name), ...(a.force ? { options: { gracePeriodSeconds: 0 } } : {}) }))
        return
      }
      case 'deleteSet':
        apply(request({ verb: 'delete', ref: { kind: 'StatefulSet', namespace: NAMESPACE, name: set.metadata.name ?? '' } }))
        return
    }
  }

  apply({ type: 'start', seed: sc.seed, cluster: clusterOf(sc), actor: ACTOR })
  if (sc.defaultClass) apply(request({ verb: 'create', object: defaultClassObject() }))
  sc.volumes.forEach((v, i) => apply(request({ verb: 'create', object: volumeObject(v, i) })))
  for (const s of sc.sets) apply(request({ verb: 'create', object: statefulSetObject(s) }))
  for (const a of sc.actions) act(a)
  let settled: Reply | undefined
  if (opts.settle) {
    for (let i = 0; i < sc.nodes; i++) apply({ type: 'fault', fault: { type: 'node-up', target: nodeName(i) }, actor: 'fault' })
    for (const p of listObjects<Pod>(world.state, 'Pod', NAMESPACE))
      if (p.metadata.deletionTimestamp !== undefined && faulted.has(p.spec.nodeName ?? ''))
        apply(request({ verb: 'delete', ref: podRef(p.metadata.name ?? ''), options: { gracePeriodSeconds: 0 } }))
    settled = apply({ type: 'settle', maxMs: SETTLE_MAX_MS, actor: ACTOR })
  }
  return { world, events, refusals, settled }
}
