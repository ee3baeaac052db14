import { formatDurationMs } from '../kernel/duration.js'
import type { Event } from '../log/events.js'

const VERB: Record<string, string> = {
  'object/created': 'created',
  'object/updated': 'updated',
  'object/deleted': 'deleted',
}

const describeUpdate = (e: Event): string => {
  if (e.type !== 'object/updated') return ''
  const o = e.data.object
  if (o.metadata.deletionTimestamp !== undefined) return ' (marked for deletion)'
  return ''
}

/**
 * One line per event, for `reel log` and the demo: time, seq, actor, what happened to which object (and,
 * for an update, `change`: what it changed), why.
 */
export const narrate = (e: Event, change?: string): string => {
  const time = formatDurationMs(e.at).padStart(8)
  const cause = e.cause !== undefined ? `  ← #${e.cause}` : ''
  const head = `${time}  #${String(e.seq).padEnd(5)} ${e.actor.padEnd(30)}`
  switch (e.type) {
    case 'object/created':
    case 'object/updated':
    case 'object/deleted': {
      const o = e.data.object
      const where = o.metadata.namespace ? `${o.metadata.namespace}/` : ''
      const extra =
        o.kind === 'Event'
          ? `: ${String((o as { reason?: string }).reason)} ${String((o as { message?: string }).message)}`
          : `${describeUpdate(e)}${change ? `: ${change}` : ''}`
      return `${head} ${VERB[e.type]} ${o.kind} ${where}${o.metadata.name ?? ''}${extra}${cause}`
    }
    case 'clock/advanced':
      return `${head} clock advanced by ${formatDurationMs(e.data.byMs ?? 0)}${cause}`
    case 'fault/injected':
      return `${head} fault ${e.data.fault.type} on ${e.data.fault.target}${cause}`
    case 'volume/written':
      return `${head} wrote ${JSON.stringify(e.data.value)} to volume ${e.data.volume} of pod ${e.data.pod} (${e.data.storage})${cause}`
    case 'run/started':
      return `${head} run started (seed ${e.data.seed}, ${e.data.cluster.nodes.length} nodes, reel ${e.data.versions.reel})`
  }
}
