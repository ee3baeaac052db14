import type { Command } from '../api/commands.js'
import type { Decision } from '../api/context.js'
import type { Controller } from '../controllers/controller.js'
import type { ClusterShape, Event } from '../log/events.js'
import type { ClusterState } from '../state/clusterState.js'
import type { Timer } from './queue.js'
import type { Fault } from '../model/faults.js'
import type { Status } from '../model/status.js'

/**
 * Everything the single writer holds between steps: the state, the virtual clock, and the timers
 * controllers asked for. Dirty keys never outlive a step (a step runs to quiescence), so they are not here.
 */
export interface World {
  readonly state: ClusterState
  readonly nowMs: number
  readonly timers: readonly Timer[]
  readonly controllers: readonly Controller[]
}

/** The inputs of `step`: external requests and clock movements. */
export type Input =
  /** Creates the log's first events: `run/started`, the system namespaces, the nodes. */
  | { readonly type: 'start'; readonly seed: number; readonly cluster: ClusterShape; readonly actor: string }
  /** A write from outside (user, importer); controllers react at the same instant. */
  | { readonly type: 'request'; readonly command: Command; readonly actor: string; readonly clientCommand?: string }
  /** Moves the clock by `byMs`, firing due timers on the way, and records `clock/advanced`. */
  | { readonly type: 'advance'; readonly byMs: number; readonly actor: string }
  /** Moves the clock to `atMs` firing timers, recording nothing itself (replay of a recorded input's time). */
  | { readonly type: 'advanceTo'; readonly atMs: number }
  /** Fires timers until none is left or `maxMs` has passed. */
  | { readonly type: 'settle'; readonly maxMs: number; readonly actor: string }
  /** A fault from outside (`model/faults.ts`): recorded as `fault/injected`; controllers react at once. */
  | { readonly type: 'fault'; readonly fault: Fault; readonly actor: string }
  /** Data written into a pod's volume from inside it (`reel volume write`). */
  | { readonly type: 'writeVolume'; readonly namespace: string; readonly pod: string; readonly volume: string; readonly value: string; readonly actor: string }
  /** Reconciles every key of every controller: what an informer's initial list does on start-up. */
  | { readonly type: 'resync' }

/** What a step answers to its input. */
export type Reply =
  | { readonly type: 'decision'; readonly decision: Decision }
  | { readonly type: 'clock'; readonly nowMs: number; readonly quiescent: boolean }
  | { readonly type: 'refused'; readonly status: Status }
  | { readonly type: 'none' }

export interface StepOutput {
  readonly world: World
  readonly appended: readonly Event[]
  readonly reply: Reply
}
