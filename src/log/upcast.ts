import { MIGRATIONS } from '../../migrations/index.js'
import { CURRENT_VERSION, type EventType } from './events.js'

/** One upcaster: raw data of `type` at version `from` → raw data at `from + 1`. Pure, never fails. */
export interface Migration {
  readonly id: string
  readonly type: EventType
  readonly from: number
  readonly up: (data: Record<string, unknown>) => Record<string, unknown>
}

const byTypeAndVersion = new Map<string, Migration>()
for (const m of MIGRATIONS) byTypeAndVersion.set(`${m.type}@${m.from}`, m)

/**
 * Brings a raw event to its type's current version by chaining upcasters one version at a time.
 * Returns an error message when a step is missing or the event is from the future.
 */
export const upcast = (raw: Record<string, unknown>): Record<string, unknown> | string => {
  const type = raw.type as EventType
  const target = CURRENT_VERSION[type]
  let v = typeof raw.v === 'number' ? raw.v : 1
  if (v === target) return raw
  if (v > target) return `event ${String(raw.seq)} of type ${type} is v${v}; this Reel reads up to v${target}`
  let data = raw.data as Record<string, unknown>
  while (v < target) {
    const m = byTypeAndVersion.get(`${type}@${v}`)
    if (!m) return `no migration for ${type} from v${v}`
    data = m.up(data)
    v++
  }
  return { ...raw, v, data }
}
