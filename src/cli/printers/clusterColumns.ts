import type { KObject } from '../../model/meta.js'
import { type KindPrinter, ageOf, formatLabels, list, rec, sinceTimestamp, str, strMap } from './cells.js'

// Mirrors kubernetes pkg/printers/internalversion printNode, printNamespace, printService, printEvent,
// printPersistentVolumeClaim, printPersistentVolume and printStorageClass.

/** The kubelet version a Reel node reports when its status carries none. */
const DEFAULT_KUBELET_VERSION = 'v1.32.0'

const name = (o: KObject): string => o.metadata.name ?? ''
const spec = (o: KObject) => rec(o.spec)
const status = (o: KObject) => rec(o.status)

// ---- Node

/** `findNodeRoles`: the suffixes of `node-role.kubernetes.io/*` labels plus `kubernetes.io/role`, sorted. */
const nodeRoles = (node: KObject): string[] => {
  const roles = new Set<string>()
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length)
      if (role !== '') roles.add(role)
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v)
  }
  return [...roles].sort()
}

/** Ready / NotReady (any non-True status) / Unknown (no Ready condition), then SchedulingDisabled. */
const nodeStatus = (node: KObject): string => {
  const ready = list(status(node).conditions).map(rec).find((c) => str(c.type) === 'Ready')
  const parts = [ready === undefined ? 'Unknown' : str(ready.status) === 'True' ? 'Ready' : 'NotReady']
  if (spec(node).unschedulable === true) parts.push('SchedulingDisabled')
  return parts.join(',')
}

const nodeAddress = (node: KObject, type: string): string =>
  str(list(status(node).addresses).map(rec).find((a) => str(a.type) === type)?.address) || '<none>'

/** `kubectl get nodes`. */
export const nodePrinter: KindPrinter = {
  columns: (wide) => [
    'NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION',
    ...(wide ? ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'] : []),
  ],
  row: (o, nowMs, wide) => {
    const info = rec(status(o).nodeInfo)
    const roles = nodeRoles(o)
    const base = [
      name(o),
      nodeStatus(o),
      roles.length === 0 ? '<none>' : roles.join(','),
      ageOf(o, nowMs),
      str(info.kubeletVersion) || DEFAULT_KUBELET_VERSION,
    ]
    if (!wide) return base
    const osImage = str(info.osImage) || '<unknown>'
    const kernel = str(info.kernelVersion) || '<unknown>'
    const runtime = str(info.containerRuntimeVersion) || '<unknown>'
    return [...base, nodeAddress(o, 'InternalIP'), nodeAddress(o, 'ExternalIP'), osImage, kernel, runtime]
  },
}

// ---- Namespace and Service

/** `kubectl get namespaces`. */
export const namespacePrinter: KindPrinter = {
  columns: () => ['NAME', 'STATUS', 'AGE'],
  row: (o, nowMs) => [name(o), str(status(o).phase), ageOf(o, nowMs)],
}

/** `getServiceExternalIP`: load-balancer ingress and externalIPs, `<pending>` for an unready LB. */
const serviceExternalIP = (svc: KObject): string => {
  const s = spec(svc)
  const external = list(s.externalIPs).map(str)
  switch (str(s.type) || 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>'
    case 'LoadBalancer': {
      const ingress = list(rec(status(svc).loadBalancer).ingress).map((i) => str(rec(i).ip) || str(rec(i).hostname))
      const all = [...ingress.filter((x) => x !== ''), ...external]
      return all.length > 0 ? all.join(',') : '<pending>'
    }
    case 'ExternalName':
      return str(s.externalName)
    default:
      return '<unknown>'
  }
}

/** `makePortString`: `80/TCP`, or `80:30080/TCP` with a node port. */
const servicePorts = (svc: KObject): string => {
  const ports = list(spec(svc).ports).map(rec)
  const cells = ports.map((p) => {
    const protocol = str(p.protocol) || 'TCP'
    return p.nodePort === undefined ? `${str(p.port)}/${protocol}` : `${str(p.port)}:${str(p.nodePort)}/${protocol}`
  })
  return cells.length === 0 ? '<none>' : cells.join(',')
}

/** `kubectl get services`. */
export const servicePrinter: KindPrinter = {
  columns: (wide) => ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', ...(wide ? ['SELECTOR'] : [])],
  row: (o, nowMs, wide) => {
    const s = spec(o)
    const clusterIP = str(list(s.clusterIPs)[0]) || str(s.clusterIP) || '<none>'
    const base = [name(o), str(s.type) || 'ClusterIP', clusterIP, serviceExternalIP(o), servicePorts(o), ageOf(o, nowMs)]
    return wide ? [...base, formatLabels(strMap(s.selector))] : base
  },
}

/**
 * `kubectl get endpoints`: ENDPOINTS lists `ip:port` pairs of ready addresses, at most three, then
 * `+ N more...`; `<none>` without any.
 */
export const endpointsPrinter: KindPrinter = {
  columns: () => ['NAME', 'ENDPOINTS', 'AGE'],
  row: (o, nowMs) => {
    const pairs: string[] = []
    for (const subset of list((o as Record<string, unknown>).subsets).map(rec)) {
      const ports = list(subset.ports).map(rec)
      for (const a of list(subset.addresses).map(rec)) {
        if (ports.length === 0) pairs.push(str(a.ip))
        for (const p of ports) pairs.push(`${str(a.ip)}:${str(p.port)}`)
      }
    }
    const shown = pairs.length === 0 ? '<none>' : pairs.slice(0, 3).join(',') + (pairs.length > 3 ? ` + ${pairs.length - 3} more...` : '')
    return [name(o), shown, ageOf(o, nowMs)]
  },
}

// ---- Event

/** `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE (wide adds the rest of upstream's columns). */
export const eventPrinter: KindPrinter = {
  columns: (wide) =>
    wide
      ? ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']
      : ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
  row: (o, nowMs, wide) => {
    const first = o.firstTimestamp !== undefined ? sinceTimestamp(o.firstTimestamp, nowMs) : sinceTimestamp(o.eventTime, nowMs)
    const last = o.lastTimestamp !== undefined ? sinceTimestamp(o.lastTimestamp, nowMs) : first
    const involved = rec(o.involvedObject)
    const kind = str(involved.kind).toLowerCase()
    const target = str(involved.name) === '' ? kind : `${kind}/${str(involved.name)}`
    const message = str(o.message).trim()
    if (!wide) return [last, str(o.type), str(o.reason), target, message]
    const source = [str(rec(o.source).component), str(rec(o.source).host)].filter((x) => x !== '').join(', ')
    const count = typeof o.count === 'number' && o.count > 0 ? String(o.count) : '1'
    return [last, str(o.type), str(o.reason), target, str(involved.fieldPath), source, message, first, count, name(o)]
  },
}

// ---- storage

/** `GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that fixed order. */
const accessModes = (modes: unknown): string => {
  const have = new Set(list(modes).map(str))
  const short: Array<[string, string]> = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ]
  return short.filter(([long]) => have.has(long)).map(([, s]) => s).join(',')
}

const phaseOrTerminating = (o: KObject): string =>
  o.metadata.deletionTimestamp !== undefined ? 'Terminating' : str(status(o).phase)

const unsetIfEmpty = (v: string): string => (v === '' ? '<unset>' : v)

/** `kubectl get pvc`: capacity and access modes only once bound to a volume. */
export const persistentVolumeClaimPrinter: KindPrinter = {
  columns: (wide) => [
    'NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE',
    ...(wide ? ['VOLUMEMODE'] : []),
  ],
  row: (o, nowMs, wide) => {
    const s = spec(o)
    const bound = str(s.volumeName) !== ''
    const base = [
      name(o),
      phaseOrTerminating(o),
      str(s.volumeName),
      bound ? str(rec(status(o).capacity).storage) : '',
      bound ? accessModes(status(o).accessModes) : '',
      str(s.storageClassName),
      unsetIfEmpty(str(s.volumeAttributesClassName)),
      ageOf(o, nowMs),
    ]
    return wide ? [...base, unsetIfEmpty(str(s.volumeMode))] : base
  },
}

/** `kubectl get pv`. */
export const persistentVolumePrinter: KindPrinter = {
  columns: (wide) => [
    'NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS',
    'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE', ...(wide ? ['VOLUMEMODE'] : []),
  ],
  row: (o, nowMs, wide) => {
    const s = spec(o)
    const claim = s.claimRef === undefined ? '' : `${str(rec(s.claimRef).namespace)}/${str(rec(s.claimRef).name)}`
    const base = [
      name(o),
      str(rec(s.capacity).storage),
      accessModes(s.accessModes),
      str(s.persistentVolumeReclaimPolicy),
      phaseOrTerminating(o),
      claim,
      str(s.storageClassName),
      unsetIfEmpty(str(s.volumeAttributesClassName)),
      str(status(o).reason),
      ageOf(o, nowMs),
    ]
    return wide ? [...base, unsetIfEmpty(str(s.volumeMode))] : base
  },
}

/** `kubectl get storageclasses`: the default class is marked `(default)`. */
export const storageClassPrinter: KindPrinter = {
  columns: () => ['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'],
  row: (o, nowMs) => {
    const annotations = o.metadata.annotations ?? {}
    const isDefault =
      annotations['storageclass.kubernetes.io/is-default-class'] === 'true' ||
      annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
    return [
      isDefault ? `${name(o)} (default)` : name(o),
      str(o.provisioner),
      str(o.reclaimPolicy) || 'Delete',
      str(o.volumeBindingMode) || 'Immediate',
      o.allowVolumeExpansion === true ? 'true' : 'false',
      ageOf(o, nowMs),
    ]
  },
}

// ---- fallback

/** What kubectl prints for a kind without a dedicated printer: NAME AGE. */
export const defaultPrinter: KindPrinter = {
  columns: () => ['NAME', 'AGE'],
  row: (o, nowMs) => [name(o), ageOf(o, nowMs)],
}
