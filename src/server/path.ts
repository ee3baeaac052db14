import type { ResourceType } from '../model/resources.js'
import { SERVED_RESOURCE_TYPES } from './legacyVersions.js'

/** A parsed resource URL: `/api/v1[/namespaces/NS]/PLURAL[/NAME]` or `/apis/G/V/…`. */
export interface ResourcePath {
  readonly type: ResourceType
  readonly namespace?: string
  readonly name?: string
  /** `…/NAME/status|scale`, and a pod's `log` and `eviction`. */
  readonly subresource?: Subresource
}

/** The subresources Reel serves. */
export type Subresource = 'status' | 'scale' | 'log' | 'eviction'

const SUBRESOURCES: ReadonlySet<string> = new Set(['status', 'scale', 'log', 'eviction'])
const POD_ONLY: ReadonlySet<string> = new Set(['log', 'eviction'])

/** Parses a resource URL path (no query); undefined when it names nothing Reel serves. */
export const parseResourcePath = (path: string): ResourcePath | undefined => {
  const segs = path.split('/').filter((s) => s !== '').map(decodeURIComponent)
  const [group, version, rest] =
    segs[0] === 'api' ? ['', segs[1], segs.slice(2)] : segs[0] === 'apis' ? [segs[1] ?? '', segs[2], segs.slice(3)] : [undefined, undefined, []]
  if (group === undefined || version === undefined) return undefined
  const scoped = rest[0] === 'namespaces' && rest.length >= 3
  const tail = scoped ? rest.slice(2) : rest
  if (tail.length < 1 || tail.length > 3) return undefined
  const sub = tail[2] as Subresource | undefined
  if (sub !== undefined && !SUBRESOURCES.has(sub)) return undefined
  const type = SERVED_RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.plural === tail[0])
  if (type === undefined || (scoped && !type.namespaced)) return undefined
  if (sub !== undefined && POD_ONLY.has(sub) && type.kind !== 'Pod') return undefined
  return { type, ...(scoped ? { namespace: rest[1]! } : {}), ...(tail[1] !== undefined ? { name: tail[1] } : {}), ...(sub !== undefined ? { subresource: sub } : {}) }
}
