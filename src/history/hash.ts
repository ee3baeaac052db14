import { createHash } from 'node:crypto'
import type { EventLog } from '../ports/eventLog.js'
import type { ClusterState } from '../state/clusterState.js'

/** sha256 over the log's events as stored (the JSON after each record's checksum), one per line. */
export const hashLog = async (log: EventLog): Promise<string> => {
  const h = createHash('sha256')
  for await (const batch of log.readRecords(1)) for (const r of batch) h.update(r.slice(9)).update('\n')
  return h.digest('hex')
}

/** sha256 over every object of a state in key order: equal hashes, equal clusters. */
export const hashState = (s: ClusterState): string => {
  const h = createHash('sha256')
  const keys = [...s.objects.keys()].sort()
  for (const k of keys) h.update(k).update('\u0000').update(JSON.stringify(s.objects.get(k))).update('\n')
  return h.digest('hex')
}
