import type { Event } from '../log/events.js'
import { type Fault, faultKey } from '../model/faults.js'
import { keyOf } from '../model/meta.js'
import type { ClusterState } from './clusterState.js'
import { StateDraft } from './stateDraft.js'

/** Applies one event to a draft. Total: every event type has a meaning, none can fail. */
export const applyEvent = (d: StateDraft, e: Event): void => {
  d.seq = e.seq
  d.atMs = e.at
  switch (e.type) {
    case 'object/created':
    case 'object/updated':
      d.put(e.data.object)
      return
    case 'object/deleted':
      d.remove(keyOf(e.data.object))
      if (e.data.object.kind === 'Pod') d.volumes = withoutEmptyDirs(d.volumes, e.data.object.metadata.uid ?? '')
      return
    case 'volume/written':
      d.volumes = { ...d.volumes, [e.data.storage]: e.data.value }
      return
    case 'run/started':
      d.seed = e.data.seed
      d.cluster = e.data.cluster
      return
    case 'fault/injected':
      d.faults = withFault(d.faults, e.data.fault as Fault, e.at, e.seq)
      return
    case 'clock/advanced':
      return
  }
}

/** An emptyDir's contents vanish with its pod. */
const withoutEmptyDirs = (volumes: ClusterState['volumes'], podUid: string): ClusterState['volumes'] => {
  const prefix = `emptyDir/${podUid}/`
  if (!Object.keys(volumes).some((k) => k.startsWith(prefix))) return volumes
  return Object.fromEntries(Object.entries(volumes).filter(([k]) => !k.startsWith(prefix)))
}

/** A node comes back with `node-up`; any other fault is recorded as in effect from `atMs`. */
const withFault = (faults: ClusterState['faults'], f: Fault, atMs: number, seq: number): ClusterState['faults'] => {
  const next = { ...faults }
  if (f.type === 'node-up') delete next[`node/${f.target}`]
  else next[faultKey(f)] = { type: f.type, atMs, seq }
  return next
}

/** The fold step: `state' = evolve(state, event)` (DESIGN.md rule 1). */
export const evolve = (s: ClusterState, e: Event): ClusterState => {
  const d = new StateDraft(s)
  applyEvent(d, e)
  return d.commit()
}

/**
 * The hot-path fold: one copy-on-write draft for the whole batch. `test/prop` proves it equal to
 * `events.reduce(evolve, s)`.
 */
export const evolveBatch = (s: ClusterState, events: readonly Event[]): ClusterState => {
  if (events.length === 0) return s
  const d = new StateDraft(s)
  for (let i = 0; i < events.length; i++) applyEvent(d, events[i]!)
  return d.commit()
}
