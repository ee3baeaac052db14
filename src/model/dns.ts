import type { ReadMap } from '../kernel/cowMap.js'
import type { KObject } from './meta.js'

// ---- model

/** One answer record. `value` is an address (A), `priority weight port target.` (SRV), a name (CNAME) or text (TXT). */
export interface DnsRecord {
  readonly name: string
  readonly type: 'A' | 'SRV' | 'CNAME' | 'TXT'
  readonly value: string
  readonly ttl: number
}

/** What cluster DNS answers: the records, or NXDOMAIN (no records). `name` is the FQDN that answered. */
export interface DnsAnswer {
  readonly status: 'NOERROR' | 'NXDOMAIN'
  readonly name: string
  readonly records: readonly DnsRecord[]
}

/**
 * The part of the cluster state the resolver reads (a `ClusterState` is one). Declared here so that the
 * model layer does not import the state layer.
 */
export interface DnsView {
  readonly objects: ReadMap<KObject>
  readonly byKindNs: ReadMap<ReadonlySet<string>>
}

/** The cluster domain. */
export const CLUSTER_DOMAIN = 'cluster.local'
/** CoreDNS's kubernetes plugin default TTL. */
export const DNS_TTL_SECONDS = 5
/** The resolv.conf `ndots` the kubelet writes for ClusterFirst pods. */
const NDOTS = 5

interface SvcPort { name?: string; port: number; protocol?: string }
interface Svc extends KObject {
  readonly spec?: { type?: string; clusterIP?: string; externalName?: string; ports?: SvcPort[] }
}
interface SliceView extends KObject {
  readonly endpoints?: { addresses: string[]; hostname?: string; conditions?: { ready?: boolean } }[]
  readonly ports?: { name?: string; port?: number; protocol?: string }[]
}

// ---- selectors

const serviceOf = (v: DnsView, ns: string, name: string): Svc | undefined => v.objects.get(`Service/${ns}/${name}`) as Svc | undefined

const slicesOf = (v: DnsView, ns: string, svc: string): SliceView[] => {
  const out: SliceView[] = []
  for (const key of v.byKindNs.get(`EndpointSlice/${ns}`) ?? []) {
    const o = v.objects.get(key) as SliceView | undefined
    if (o?.metadata.labels?.['kubernetes.io/service-name'] === svc) out.push(o)
  }
  return out.sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))
}

/** A ready endpoint of a headless service: its IP and DNS label (the hostname, else the dashed IP, as CoreDNS). */
interface ReadyEndpoint { readonly ip: string; readonly label: string; readonly slice: SliceView }

const readyEndpoints = (v: DnsView, ns: string, svc: string): ReadyEndpoint[] => {
  const out: ReadyEndpoint[] = []
  const seen = new Set<string>()
  for (const slice of slicesOf(v, ns, svc))
    for (const e of slice.endpoints ?? []) {
      if (e.conditions?.ready === false) continue
      for (const ip of e.addresses) {
        const label = e.hostname ?? ip.replace(/\./g, '-')
        if (seen.has(`${ip}/${label}`)) continue
        seen.add(`${ip}/${label}`)
        out.push({ ip, label, slice })
      }
    }
  return out.sort((a, b) => compareIp(a.ip, b.ip) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
}

const compareIp = (a: string, b: string): number => {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < 4; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0)
  return 0
}

const IPV4_DASHED = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/

// ---- answers for one fully qualified name

const rec = (name: string, type: DnsRecord['type'], value: string): DnsRecord => ({ name, type, value, ttl: DNS_TTL_SECONDS })

const srvValue = (weight: number, port: number, target: string): string => `0 ${weight} ${port} ${target}.`

/** `_<port>._<proto>.<svc>.<ns>.svc`: named ports only; headless targets are the ready endpoints. */
const answerSrv = (v: DnsView, fqdn: string, portName: string, proto: string, svcName: string, ns: string): DnsRecord[] => {
  const svc = serviceOf(v, ns, svcName)
  if (svc === undefined || svc.spec?.type === 'ExternalName') return []
  const base = `${svcName}.${ns}.svc.${CLUSTER_DOMAIN}`
  const isNamed = (p: { name?: string; protocol?: string }) => p.name === portName && (p.protocol ?? 'TCP').toLowerCase() === proto
  if (svc.spec?.clusterIP !== 'None') {
    const p = svc.spec?.ports?.find(isNamed)
    return p === undefined ? [] : [rec(fqdn, 'SRV', srvValue(100, p.port, base))]
  }
  const targets: { port: number; target: string }[] = []
  for (const e of readyEndpoints(v, ns, svcName)) {
    const p = (e.slice.ports ?? []).find(isNamed)
    if (p?.port !== undefined) targets.push({ port: p.port, target: `${e.label}.${base}` })
  }
  const weight = targets.length === 0 ? 0 : Math.floor(100 / targets.length)
  return targets.map((t) => rec(fqdn, 'SRV', srvValue(weight, t.port, t.target)))
}

/** Records for an absolute name inside the cluster domain (kubernetes/dns specification 1.0.1). */
export const answerFqdn = (v: DnsView, fqdn: string): DnsRecord[] => {
  const suffix = `.${CLUSTER_DOMAIN}`
  if (!fqdn.endsWith(suffix)) return []
  const labels = fqdn.slice(0, -suffix.length).split('.')
  if (labels.length === 1 && labels[0] === 'dns-version') return [rec(fqdn, 'TXT', '1.0.1')]
  const n = labels.length
  if (n === 3 && labels[2] === 'pod') {
    const m = IPV4_DASHED.exec(labels[0]!)
    return m !== null && m.slice(1).every((o) => Number(o) <= 255) ? [rec(fqdn, 'A', m.slice(1).join('.'))] : []
  }
  if (labels[n - 1] !== 'svc') return []
  if (n === 3) {
    const [name, ns] = labels as [string, string, string]
    const svc = serviceOf(v, ns, name)
    if (svc === undefined) return []
    if (svc.spec?.type === 'ExternalName') return [rec(fqdn, 'CNAME', `${svc.spec.externalName ?? ''}.`)]
    if (svc.spec?.clusterIP !== 'None') return svc.spec?.clusterIP ? [rec(fqdn, 'A', svc.spec.clusterIP)] : []
    const ips = [...new Set(readyEndpoints(v, ns, name).map((e) => e.ip))]
    return ips.map((ip) => rec(fqdn, 'A', ip))
  }
  if (n === 4) {
    const [host, name, ns] = labels as [string, string, string, string]
    const svc = serviceOf(v, ns, name)
    if (svc?.spec?.clusterIP !== 'None') return []
    return readyEndpoints(v, ns, name).filter((e) => e.label === host).map((e) => rec(fqdn, 'A', e.ip))
  }
  if (n === 5 && labels[0]!.startsWith('_') && labels[1]!.startsWith('_'))
    return answerSrv(v, fqdn, labels[0]!.slice(1), labels[1]!.slice(1), labels[2]!, labels[3]!)
  return []
}

/**
 * Resolves a name as a pod with `dnsPolicy: ClusterFirst` in `searchNamespace` would: lower-cased, a
 * trailing dot makes it absolute; otherwise, with fewer than 5 dots, the search path
 * `<ns>.svc.cluster.local svc.cluster.local cluster.local` is tried first and the name itself last. So
 * `web-0.nginx` from namespace `default` finds `web-0.nginx.default.svc.cluster.local`.
 */
export const resolveDns = (v: DnsView, name: string, searchNamespace?: string): DnsAnswer => {
  const q = name.toLowerCase()
  const absolute = q.endsWith('.')
  const bare = absolute ? q.slice(0, -1) : q
  const search = [...(searchNamespace !== undefined ? [`${searchNamespace}.svc.${CLUSTER_DOMAIN}`] : []), `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN]
  const dots = bare.split('.').length - 1
  const expanded = search.map((d) => `${bare}.${d}`)
  const candidates = absolute ? [bare] : dots >= NDOTS ? [bare, ...expanded] : [...expanded, bare]
  for (const fqdn of candidates) {
    const records = answerFqdn(v, fqdn)
    if (records.length > 0) return { status: 'NOERROR', name: fqdn, records }
  }
  return { status: 'NXDOMAIN', name: candidates[candidates.length - 1] ?? bare, records: [] }
}
