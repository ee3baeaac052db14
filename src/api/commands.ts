import type { KObject } from '../model/meta.js'

/** `metav1.DeleteOptions`, the fields Reel honours. */
export interface DeleteOptions {
  readonly gracePeriodSeconds?: number
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'
  readonly orphanDependents?: boolean
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string }
}

/** Names one stored object. `namespace` is ignored for cluster-scoped kinds. */
export interface ObjectRef {
  readonly kind: string
  readonly namespace?: string
  readonly name: string
}

/**
 * A write request: a Kubernetes verb. Commands are never stored; the events their success produces are
 * (STYLE.md rule 3). Controllers return them, users send them, and all go through `decide`.
 */
export type Command =
  | { readonly verb: 'create'; readonly object: KObject; readonly dryRun?: boolean }
  /** Full replace; `metadata.resourceVersion`, when set, is a precondition. */
  | { readonly verb: 'update'; readonly object: KObject; readonly dryRun?: boolean }
  /** The `/status` subresource: only `status` (and annotations) change. */
  | { readonly verb: 'updateStatus'; readonly object: KObject }
  /** RFC 7386 JSON merge patch of the main resource. */
  | { readonly verb: 'patch'; readonly ref: ObjectRef; readonly patch: Record<string, unknown>; readonly dryRun?: boolean }
  | { readonly verb: 'delete'; readonly ref: ObjectRef; readonly options?: DeleteOptions; readonly dryRun?: boolean }
  /** `pods/binding`: assigns a pending pod to a node. */
  | { readonly verb: 'bind'; readonly ref: ObjectRef; readonly nodeName: string }

export type Verb = Command['verb']

/** The object a command is about, for messages and queue keys. */
export const commandTarget = (c: Command): ObjectRef => {
  switch (c.verb) {
    case 'create':
    case 'update':
    case 'updateStatus':
      return { kind: c.object.kind, ...(c.object.metadata.namespace !== undefined ? { namespace: c.object.metadata.namespace } : {}), name: c.object.metadata.name ?? c.object.metadata.generateName ?? '' }
    default:
      return c.ref
  }
}
