import type { Command } from '../api/commands.js'
import type { ObjectEvent } from '../log/events.js'
import type { Fault } from '../model/faults.js'
import { type ClusterState, getObject, listObjects } from '../state/clusterState.js'
import { type KObject, nsNameOf, splitNsName } from '../model/meta.js'

/** What a reconcile may look at besides the state: the virtual clock and the log's seed. */
export interface ReconcileContext {
  readonly nowMs: number
  readonly seed: number
}

/** An Event object the step records once the command succeeds (`record.Eventf`); `{name}` is filled in. */
export interface RecordedEvent {
  readonly type: 'Normal' | 'Warning'
  readonly reason: string
  /** May contain `{name}`: the name the API server gave the created object. */
  readonly message: string
  /** The object the event is about, when not the command's own object. */
  readonly involved?: { readonly kind: string; readonly namespace?: string; readonly name: string }
  /**
   * The Warning to record instead when the command is refused; `{error}` is the refusal's message.
   * Without it, a `Successful<X>` reason becomes `Failed<X>` ("Error creating: …"), and others record nothing.
   */
  readonly onFailure?: { readonly reason: string; readonly message: string }
}

/**
 * A command a controller wants executed, with the Event to record on success. `actor` overrides the
 * controller's own (a kubelet writes as `kubelet:<node>`).
 */
export type ControllerCommand = Command & { readonly record?: RecordedEvent; readonly actor?: string }

/** controller-runtime's `Result`: commands instead of client calls, and `RequeueAfter`. */
export interface ReconcileResult {
  readonly commands: readonly ControllerCommand[]
  readonly requeueAfterMs?: number
}

/**
 * A level-triggered controller (DESIGN.md rule 2). It keeps nothing between calls: everything it knows
 * comes from the state and `ctx.now`, so a run can resume or branch from any seq.
 */
export interface Controller {
  /** The kube-controller-manager name (`replicaset`); the actor is `controller:<name>`. */
  readonly name: string
  /** Who the writes are attributed to: `controller:<name>`, `scheduler`, `kubelet`. */
  readonly actor: string
  /**
   * The kind its `ns/name` keys name, if they name objects. A timer or a resync reconcile is then caused by
   * that object's last event (its resourceVersion), the same in a live run and a resumed one.
   */
  readonly primaryKind?: string
  /** The queue keys an event makes dirty, given the state just before it. */
  readonly keysFor: (event: ObjectEvent, before: ClusterState) => readonly string[]
  /** The keys a fault makes dirty (a node going down, a container crashing), given the state before it. */
  readonly keysForFault?: (fault: Fault, before: ClusterState) => readonly string[]
  /** Every key this controller cares about: the informer's initial list, used when a run resumes. */
  readonly resyncKeys: (state: ClusterState) => readonly string[]
  readonly reconcile: (state: ClusterState, key: string, ctx: ReconcileContext) => ReconcileResult
}

export const NO_CHANGE: ReconcileResult = { commands: [] }

/**
 * A controller keyed by the `ns/name` of objects of one kind, as most of kube-controller-manager's are:
 * `resyncKeys` lists that kind, and `reconcile` is only called for objects that still exist.
 */
export const objectController = <T extends KObject>(spec: {
  readonly name: string
  readonly kind: string
  readonly keysFor: Controller['keysFor']
  readonly reconcile: (state: ClusterState, object: T, ctx: ReconcileContext) => ReconcileResult
}): Controller => ({
  name: spec.name,
  actor: `controller:${spec.name}`,
  primaryKind: spec.kind,
  keysFor: spec.keysFor,
  resyncKeys: (s) => listObjects(s, spec.kind).map(nsNameOf),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const o = getObject<T>(s, spec.kind, namespace, name)
    return o === undefined ? NO_CHANGE : spec.reconcile(s, o, ctx)
  },
})
