import type { Event } from '../log/events.js'
import { isExternalActor } from '../log/events.js'
import type { EventLog } from '../ports/eventLog.js'

/** One link of a causal chain: the event and what it did to which object. */
export interface CauseLink {
  readonly seq: number
  readonly atMs: number
  readonly actor: string
  readonly type: string
  readonly object?: string
}

const readOne = async (log: EventLog, seq: number): Promise<Event | undefined> => {
  for await (const batch of log.read(seq, seq)) return batch[0]
  return undefined
}

const linkOf = (e: Event): CauseLink => ({
  seq: e.seq,
  atMs: e.at,
  actor: e.actor,
  type: e.type,
  ...('object' in e.data ? { object: `${e.data.object.kind}/${e.data.object.metadata.name ?? ''}` } : {}),
})

/**
 * Follows `cause` from an event back to the external input that started it (a user's request, a fault,
 * the clock): the answer to "why does this exist / why did it change?". The first link is `seq` itself.
 */
export const causalChain = async (log: EventLog, seq: number): Promise<CauseLink[]> => {
  const chain: CauseLink[] = []
  const seen = new Set<number>()
  let next: number | undefined = seq
  while (next !== undefined && !seen.has(next)) {
    seen.add(next)
    const e = await readOne(log, next)
    if (!e) break
    chain.push(linkOf(e))
    if (isExternalActor(e.actor)) break
    next = e.cause
  }
  return chain
}
