/** `v1.EndpointAddress`. */
export interface EndpointAddress {
  readonly ip: string
  readonly hostname?: string
  readonly nodeName?: string
  readonly targetRef?: { readonly kind: 'Pod'; readonly namespace: string; readonly name: string; readonly uid: string }
}

/** `v1.EndpointPort`. */
export interface EndpointPort {
  readonly name?: string
  readonly port: number
  readonly protocol?: string
  readonly appProtocol?: string
}

/** `v1.EndpointSubset`. */
export interface EndpointSubset {
  readonly addresses?: readonly EndpointAddress[]
  readonly notReadyAddresses?: readonly EndpointAddress[]
  readonly ports?: readonly EndpointPort[]
}

/** Upstream's `maxCapacity`: addresses an Endpoints object holds before it is truncated. */
export const MAX_ENDPOINTS_CAPACITY = 1000

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** `LessEndpointAddress`: by IP (byte order of the string), then target uid. */
const compareAddress = (a: EndpointAddress, b: EndpointAddress): number => cmp(a.ip, b.ip) || cmp(a.targetRef?.uid ?? '', b.targetRef?.uid ?? '')

const portKey = (p: EndpointPort): string => JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? ''])
const addressKey = (a: EndpointAddress): string => `${a.ip}|${a.targetRef?.uid ?? ''}`

/**
 * `endpoints.RepackSubsets`: groups addresses by the exact set of ports they offer (ready wins when an
 * address is both), then sorts. Upstream orders ports and subsets by a hash of their Go values; Reel
 * orders ports by (name, port, protocol) and subsets by their first port, which is as stable and readable.
 */
export const repackSubsets = (subsets: readonly EndpointSubset[]): EndpointSubset[] => {
  const addrs = new Map<string, EndpointAddress>()
  const byPort = new Map<string, { port: EndpointPort | undefined; ready: Map<string, boolean> }>()
  const note = (a: EndpointAddress, port: EndpointPort | undefined, ready: boolean): void => {
    const k = addressKey(a)
    if (!addrs.has(k)) addrs.set(k, a)
    const pk = port === undefined ? '' : portKey(port)
    const entry = byPort.get(pk) ?? { port, ready: new Map<string, boolean>() }
    byPort.set(pk, entry)
    if (entry.ready.get(k) !== true) entry.ready.set(k, ready)
  }
  for (const ss of subsets) {
    const ports = (ss.ports ?? []).length === 0 ? [undefined] : ss.ports!
    for (const port of ports) {
      for (const a of ss.addresses ?? []) note(a, port, true)
      for (const a of ss.notReadyAddresses ?? []) note(a, port, false)
    }
  }
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>()
  for (const { port, ready } of byPort.values()) {
    const key = [...ready.entries()].map(([k, r]) => `${k}=${r}`).sort().join(',')
    const g = groups.get(key) ?? { ready, ports: [] }
    groups.set(key, g)
    if (port !== undefined) g.ports.push(port)
  }
  const out: EndpointSubset[] = []
  for (const g of groups.values()) {
    const ready: EndpointAddress[] = []
    const notReady: EndpointAddress[] = []
    for (const [k, r] of g.ready) (r ? ready : notReady).push(addrs.get(k)!)
    ready.sort(compareAddress)
    notReady.sort(compareAddress)
    const ports = [...g.ports].sort((a, b) => cmp(a.name ?? '', b.name ?? '') || a.port - b.port || cmp(a.protocol ?? '', b.protocol ?? ''))
    out.push({
      ...(ready.length > 0 ? { addresses: ready } : {}),
      ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
      ...(ports.length > 0 ? { ports } : {}),
    })
  }
  const firstKey = (s: EndpointSubset): string => JSON.stringify([s.ports?.[0] ?? null, s.addresses?.[0]?.ip ?? s.notReadyAddresses?.[0]?.ip ?? ''])
  return out.sort((a, b) => cmp(firstKey(a), firstKey(b)))
}

/**
 * `truncateEndpoints`: above 1000 addresses, keep ready ones first and share the remaining room between
 * subsets in proportion (rounded up). Returns the subsets and whether anything was cut.
 */
export const truncateSubsets = (subsets: readonly EndpointSubset[]): { subsets: EndpointSubset[]; truncated: boolean } => {
  let totalReady = 0
  let totalNotReady = 0
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0
    totalNotReady += s.notReadyAddresses?.length ?? 0
  }
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return { subsets: [...subsets], truncated: false }
  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY
  const max = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady
  const numTotal = truncateReady ? totalReady : totalNotReady
  let canBeAdded = max
  const out = subsets.map((s) => {
    const n = truncateReady ? (s.addresses?.length ?? 0) : (s.notReadyAddresses?.length ?? 0)
    const toBeAdded = Math.min(Math.ceil((n / numTotal) * max), canBeAdded)
    if (truncateReady) {
      const addresses = (s.addresses ?? []).slice(0, toBeAdded)
      canBeAdded -= addresses.length
      const { notReadyAddresses: _n, ...rest } = s
      return { ...rest, addresses }
    }
    const notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded)
    canBeAdded -= notReadyAddresses.length
    return { ...s, notReadyAddresses }
  })
  return { subsets: out, truncated: true }
}
