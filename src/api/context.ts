import type { Event } from '../log/events.js'
import type { KObject } from '../model/meta.js'
import type { Status } from '../model/status.js'

/** Who is writing, why, and when: stamped on every event the write produces. */
export interface WriteContext {
  readonly actor: string
  /** The seq whose processing led to this write (DESIGN.md §2). */
  readonly cause?: number
  /** The client's own description of the request (kubectl's `Kubectl-Command` header). */
  readonly command?: string
  readonly atMs: number
}

/** The outcome of `decide`: the events to append and the object as stored, or a refusal. */
export type Decision =
  | { readonly ok: true; readonly events: readonly Event[]; readonly object: KObject | undefined }
  | { readonly ok: false; readonly status: Status }

export const refuse = (status: Status): Decision => ({ ok: false, status })

type ObjectEventType = 'object/created' | 'object/updated' | 'object/deleted'

/** One object event at `seq`, with `resourceVersion` = seq on the stored object (DESIGN.md §2). */
export const objectEvent = (type: ObjectEventType, object: KObject, seq: number, ctx: WriteContext): Decision => {
  const stored: KObject = { ...object, metadata: { ...object.metadata, resourceVersion: String(seq) } }
  const event = {
    seq,
    at: ctx.atMs,
    type,
    v: 1,
    actor: ctx.actor,
    ...(ctx.cause !== undefined ? { cause: ctx.cause } : {}),
    data: ctx.command !== undefined ? { object: stored, command: ctx.command } : { object: stored },
  } as Event
  return { ok: true, events: [event], object: stored }
}

/** A successful write that changes nothing: no event, the stored object comes back. */
export const unchanged = (object: KObject): Decision => ({ ok: true, events: [], object })
