import { createHash } from 'node:crypto'
import { eventToJson } from '../log/encoding.js'
import type { Event } from '../log/events.js'
import type { EventLog } from '../ports/eventLog.js'
import type { ClusterState } from '../state/clusterState.js'

/**
 * sha256 over the log's events as recorded (not upcast), each as its canonical JSON (`eventToJson`), one per
 * line. Over events rather than stored bytes, so the digest does not depend on the record format: a log
 * of JSON records, the same log in binary records, and the same log imported elsewhere hash alike (and
 * logs hashed before binary records existed keep their digest).
 */
export const hashLog = async (log: EventLog): Promise<string> => {
  const h = createHash('sha256')
  for await (const batch of log.readRaw(1)) for (const r of batch) h.update(eventToJson(r as unknown as Event)).update('\n')
  return h.digest('hex')
}

/** sha256 over every object of a state in key order: equal hashes, equal clusters. */
export const hashState = (s: ClusterState): string => {
  const h = createHash('sha256')
  const keys = [...s.objects.keys()].sort()
  for (const k of keys) h.update(k).update('\u0000').update(JSON.stringify(s.objects.get(k))).update('\n')
  return h.digest('hex')
}
