import * as t from 'io-ts'
import { fnv1a32 } from '../../kernel/hash.js'
import { type KObject, ObjectMeta } from '../../model/meta.js'
import { labelKeyError, labelValueError } from '../../model/selector.js'
import { cause, type StatusCause } from '../../model/status.js'
import { type ClusterState, listObjects } from '../../state/clusterState.js'

// ---- model

const IntOrString = t.union([t.number, t.string])

/** `core/v1.ServicePort`. */
export const ServicePort = t.intersection([
  t.type({ port: t.number }),
  t.partial({ name: t.string, protocol: t.string, targetPort: IntOrString, nodePort: t.number, appProtocol: t.string }),
])
export type ServicePort = t.TypeOf<typeof ServicePort>

/** `core/v1.ServiceSpec`, the fields Reel reads or allocates. */
export const ServiceSpec = t.partial({
  type: t.string,
  selector: t.record(t.string, t.string),
  ports: t.array(ServicePort),
  clusterIP: t.string,
  clusterIPs: t.array(t.string),
  ipFamilies: t.array(t.string),
  ipFamilyPolicy: t.string,
  internalTrafficPolicy: t.string,
  externalTrafficPolicy: t.string,
  sessionAffinity: t.string,
  publishNotReadyAddresses: t.boolean,
  externalName: t.string,
  allocateLoadBalancerNodePorts: t.boolean,
})
export type ServiceSpec = t.TypeOf<typeof ServiceSpec>

/** `status.loadBalancer.ingress[]`. */
export const LoadBalancerIngress = t.partial({ ip: t.string, hostname: t.string, ipMode: t.string })
export type LoadBalancerIngress = t.TypeOf<typeof LoadBalancerIngress>

/** A `v1` Service. Lenient: every spec field is optional, unknown fields pass through. */
export const Service = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Service'), metadata: ObjectMeta }),
  t.partial({ spec: ServiceSpec, status: t.partial({ loadBalancer: t.partial({ ingress: t.array(LoadBalancerIngress) }) }) }),
])
export type Service = t.TypeOf<typeof Service>

// ---- constants

/** `--service-cluster-ip-range` of a kubeadm/kind cluster. */
export const SERVICE_CIDR = '10.96.0.0/12'
const CIDR_BASE = (10 << 24) | (96 << 16)
const CIDR_SIZE = 1 << 20
/** KEP-3070: the lower band, min(max(16, size/16), 256) addresses, is kept for static IPs. */
const LOWER_BAND = Math.min(Math.max(16, CIDR_SIZE / 16), 256)
/** `--service-node-port-range`. */
export const NODE_PORT_MIN = 30000
export const NODE_PORT_MAX = 32767

const ipOf = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const offsetOf = (ip: string): number | undefined => {
  if (!IPV4.test(ip)) return undefined
  const n = ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0)
  const off = n - (CIDR_BASE >>> 0)
  return off > 0 && off < CIDR_SIZE - 1 ? off : undefined
}

// ---- selectors

const specOf = (o: KObject): ServiceSpec => (o.spec as ServiceSpec | undefined) ?? {}
const sameObject = (a: KObject, b: KObject): boolean =>
  (a.metadata.namespace ?? 'default') === (b.metadata.namespace ?? 'default') && a.metadata.name === b.metadata.name

/** Whether the service is headless (`clusterIP: None`). */
export const isHeadless = (o: KObject): boolean => specOf(o).clusterIP === 'None'

/** `helper.IsServiceIPSet`: a ClusterIP other than "" and "None". */
export const isServiceIPSet = (o: KObject): boolean => {
  const ip = specOf(o).clusterIP ?? ''
  return ip !== '' && ip !== 'None'
}

const otherServices = (s: ClusterState, svc: KObject): Service[] =>
  listObjects<Service>(s, 'Service').filter((o) => !sameObject(o, svc))

// ---- allocation

/**
 * The ClusterIP the API server gives a new service. A requested `spec.clusterIP` is kept (validation
 * refuses it when taken). Otherwise: upstream draws at random from the upper band of 10.96.0.0/12 (KEP-3070);
 * Reel starts at FNV-1a(`namespace/name`) within that band and probes upward past taken addresses, falling
 * back to the lower band when the upper one is full. Depends only on the state and the service's name.
 */
export const allocateClusterIP = (s: ClusterState, svc: KObject): string => {
  const requested = specOf(svc).clusterIP
  if (requested !== undefined && requested !== '') return requested
  const taken = new Set<string>()
  for (const o of otherServices(s, svc)) for (const ip of o.spec?.clusterIPs ?? [o.spec?.clusterIP ?? '']) taken.add(ip)
  const upper = CIDR_SIZE - 1 - LOWER_BAND
  const start = fnv1a32(`${svc.metadata.namespace ?? 'default'}/${svc.metadata.name ?? ''}`) % upper
  for (let i = 0; i < upper; i++) {
    const ip = ipOf((CIDR_BASE + LOWER_BAND + ((start + i) % upper)) >>> 0)
    if (!taken.has(ip)) return ip
  }
  for (let off = 1; off < LOWER_BAND; off++) if (!taken.has(ipOf((CIDR_BASE + off) >>> 0))) return ipOf((CIDR_BASE + off) >>> 0)
  return ''
}

const needsNodePorts = (spec: ServiceSpec): boolean =>
  spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)

const nodePortsInUse = (s: ClusterState, svc: KObject): Set<number> => {
  const used = new Set<number>()
  for (const o of otherServices(s, svc)) for (const p of o.spec?.ports ?? []) if (p.nodePort !== undefined) used.add(p.nodePort)
  return used
}

/**
 * What the service registry adds on create or update (`allocateCreate`, `initIPFamilyFields`,
 * `initNodePorts`): clusterIP/clusterIPs, ipFamilies [IPv4], ipFamilyPolicy, and a node port for every
 * port of a NodePort or LoadBalancer service (the lowest free one in 30000–32767). Returns the causes
 * of a refusal when a requested IP or node port is taken or out of range.
 */
export const allocateService = (s: ClusterState, svc: KObject): { ok: true; object: KObject } | { ok: false; causes: StatusCause[] } => {
  const spec = specOf(svc)
  if (spec.type === 'ExternalName') return { ok: true, object: svc }
  const causes: StatusCause[] = []
  const clusterIP = allocateClusterIP(s, svc)
  if (clusterIP !== 'None' && spec.clusterIP !== undefined && spec.clusterIP !== '') {
    const taken = otherServices(s, svc).some((o) => (o.spec?.clusterIPs ?? [o.spec?.clusterIP]).includes(clusterIP))
    if (offsetOf(clusterIP) === undefined)
      causes.push(cause.invalid('spec.clusterIPs', [clusterIP], `failed to allocate IP ${clusterIP}: the provided IP (${clusterIP}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`))
    else if (taken) causes.push(cause.invalid('spec.clusterIPs', [clusterIP], `failed to allocate IP ${clusterIP}: provided IP is already allocated`))
  }
  const selectorless = spec.selector === undefined
  const policy = spec.ipFamilyPolicy ?? (clusterIP === 'None' && selectorless ? 'RequireDualStack' : 'SingleStack')
  let ports = spec.ports
  if (needsNodePorts(spec) && ports !== undefined) {
    const used = nodePortsInUse(s, svc)
    ports.forEach((p, i) => {
      if (p.nodePort === undefined) return
      if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX)
        causes.push(cause.invalid(`spec.ports[${i}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`))
      else if (used.has(p.nodePort)) causes.push(cause.invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'))
      used.add(p.nodePort)
    })
    let next = NODE_PORT_MIN
    ports = ports.map((p) => {
      if (p.nodePort !== undefined) return p
      while (used.has(next)) next++
      used.add(next)
      return { ...p, nodePort: next }
    })
  }
  if (causes.length > 0) return { ok: false, causes }
  const out: ServiceSpec = {
    ...spec,
    clusterIP,
    clusterIPs: [clusterIP],
    ipFamilies: spec.ipFamilies ?? ['IPv4'],
    ipFamilyPolicy: policy,
    ...(ports !== undefined ? { ports } : {}),
  }
  return { ok: true, object: { ...svc, spec: out } }
}

/**
 * `SetDefaults_Service` beyond what `applyDefaults` does today: internalTrafficPolicy Cluster,
 * externalTrafficPolicy Cluster for NodePort/LoadBalancer, allocateLoadBalancerNodePorts true for
 * LoadBalancer, the ClientIP affinity timeout (10800 s). Idempotent.
 */
export const defaultService = (svc: KObject): KObject => {
  const spec = specOf(svc)
  const type = spec.type ?? 'ClusterIP'
  if (type === 'ExternalName') return svc
  const external = type === 'NodePort' || type === 'LoadBalancer'
  const raw = svc.spec as Record<string, unknown> | undefined
  const affinity = spec.sessionAffinity === 'ClientIP' && raw?.sessionAffinityConfig === undefined
    ? { sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } }
    : {}
  return {
    ...svc,
    spec: {
      ...spec,
      internalTrafficPolicy: spec.internalTrafficPolicy ?? 'Cluster',
      ...(external ? { externalTrafficPolicy: spec.externalTrafficPolicy ?? 'Cluster' } : {}),
      ...(type === 'LoadBalancer' ? { allocateLoadBalancerNodePorts: spec.allocateLoadBalancerNodePorts ?? true } : {}),
      ...affinity,
    },
  }
}

/**
 * The registry's `patchAllocatedValues` on update: a PUT that leaves clusterIP/clusterIPs, ipFamilies or a
 * port's nodePort empty keeps the allocated values (kubectl replace/apply do not send them back).
 */
export const carryServiceAllocations = (next: KObject, old: KObject): KObject => {
  const n = specOf(next)
  const o = specOf(old)
  if (n.type === 'ExternalName') return next
  const keepIPs = (n.clusterIP === undefined || n.clusterIP === '') && o.clusterIP !== undefined && o.clusterIP !== ''
  const ports = n.ports?.map((p) => {
    if (p.nodePort !== undefined || !needsNodePorts(n)) return p
    const prev = o.ports?.find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))
    return prev?.nodePort !== undefined ? { ...p, nodePort: prev.nodePort } : p
  })
  return {
    ...next,
    spec: {
      ...n,
      ...(keepIPs ? { clusterIP: o.clusterIP, clusterIPs: n.clusterIPs ?? o.clusterIPs ?? [o.clusterIP!] } : {}),
      ...(n.ipFamilies === undefined && o.ipFamilies !== undefined && keepIPs ? { ipFamilies: o.ipFamilies } : {}),
      ...(n.ipFamilyPolicy === undefined && o.ipFamilyPolicy !== undefined && keepIPs ? { ipFamilyPolicy: o.ipFamilyPolicy } : {}),
      ...(ports !== undefined ? { ports } : {}),
    },
  }
}

// ---- validation

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']
const PROTOCOLS = ['SCTP', 'TCP', 'UDP']

/** `IsValidPortName` (IANA_SVC_NAME): the first failed rule's message. */
const portNameError = (n: string): string | undefined => {
  if (n.length > 15) return 'must be no more than 15 characters'
  if (!/^[-a-z0-9]+$/.test(n)) return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'
  if (!/[a-z]/.test(n)) return 'must contain at least one letter (a-z)'
  if (n.includes('--')) return 'must not contain consecutive hyphens'
  if (n.startsWith('-') || n.endsWith('-')) return 'must not begin or end with a hyphen'
  return undefined
}
const PORT_RANGE = 'must be between 1 and 65535, inclusive'
const isPortNum = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535

const validatePorts = (spec: ServiceSpec, out: StatusCause[]): void => {
  const ports = spec.ports ?? []
  const names = new Set<string>()
  const keys = new Set<string>()
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`
    if (ports.length > 1 && (p.name ?? '') === '') out.push(cause.required(`${path}.name`))
    else if (p.name) {
      if (!DNS1123_LABEL.test(p.name) || p.name.length > 63) out.push(cause.invalid(`${path}.name`, p.name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"))
      if (names.has(p.name)) out.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: "${p.name}"`, field: `${path}.name` })
      names.add(p.name)
    }
    if (!isPortNum(p.port)) out.push(cause.invalid(`${path}.port`, p.port, PORT_RANGE))
    const protocol = p.protocol ?? 'TCP'
    if (!PROTOCOLS.includes(protocol)) out.push(cause.notSupported(`${path}.protocol`, protocol, PROTOCOLS))
    const tp = p.targetPort
    if (typeof tp === 'number' && !isPortNum(tp)) out.push(cause.invalid(`${path}.targetPort`, tp, PORT_RANGE))
    if (typeof tp === 'string') {
      const e = portNameError(tp)
      if (e) out.push(cause.invalid(`${path}.targetPort`, tp, e))
    }
    if (p.nodePort !== undefined && (spec.type ?? 'ClusterIP') === 'ClusterIP')
      out.push(cause.forbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"))
    const key = `${protocol}/${p.port}`
    if (keys.has(key))
      out.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: core.ServicePort{Name:"", Protocol:"${protocol}", AppProtocol:(*string)(nil), Port:${p.port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`, field: path })
    keys.add(key)
  })
}

/** `ValidateService` (pkg/apis/core/validation): type, ports, selector, clusterIP form, affinity. */
export const validateService = (o: KObject): StatusCause[] => {
  const out: StatusCause[] = []
  const spec = specOf(o)
  const type = spec.type ?? 'ClusterIP'
  if (!TYPES.includes(type)) out.push(cause.notSupported('spec.type', type, TYPES))
  if ((spec.ports ?? []).length === 0 && !isHeadless(o) && type !== 'ExternalName') out.push(cause.required('spec.ports'))
  validatePorts(spec, out)
  for (const [k, v] of Object.entries(spec.selector ?? {})) {
    const ke = labelKeyError(k)
    if (ke) out.push(cause.invalid('spec.selector', k, ke))
    const ve = labelValueError(v)
    if (ve) out.push(cause.invalid('spec.selector', v, ve))
  }
  const ip = spec.clusterIP ?? ''
  if (ip !== '' && ip !== 'None' && !IPV4.test(ip))
    out.push(cause.invalid('spec.clusterIPs[0]', ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'))
  if (ip === 'None' && (type === 'NodePort' || type === 'LoadBalancer'))
    out.push(cause.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`))
  if (type === 'ExternalName' && (spec.externalName ?? '') === '') out.push(cause.required('spec.externalName'))
  const affinity = spec.sessionAffinity ?? 'None'
  if (!['ClientIP', 'None'].includes(affinity)) out.push(cause.notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']))
  return out
}

/**
 * `ValidateServiceUpdate`: a set ClusterIP may not change (`validateUpgradeDowngradeClusterIPs`) unless the
 * service is or becomes ExternalName, or stays headless. Call after {@link carryServiceAllocations}.
 */
export const validateServiceUpdate = (next: KObject, old: KObject): StatusCause[] => {
  const out = validateService(next)
  const n = specOf(next)
  const o = specOf(old)
  if (n.type === 'ExternalName' || o.type === 'ExternalName' || (isHeadless(next) && isHeadless(old))) return out
  const oldIPs = o.clusterIPs ?? (o.clusterIP ? [o.clusterIP] : [])
  const newIPs = n.clusterIPs ?? (n.clusterIP ? [n.clusterIP] : [])
  if (oldIPs.length > 0 && newIPs.length === 0) out.push(cause.invalid('spec.clusterIPs[0]', newIPs, 'primary clusterIP can not be unset'))
  oldIPs.forEach((ip, i) => {
    if (newIPs[i] !== undefined && newIPs[i] !== ip) out.push(cause.invalid(`spec.clusterIPs[${i}]`, newIPs, 'may not change once set'))
  })
  return out
}
