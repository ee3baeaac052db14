import { newControllerRef } from '../../model/meta.js'
import type { Service } from '../../api/kinds/service.js'
import { isServiceIPSet } from '../../api/kinds/service.js'
import type { KObject, OwnerReference } from '../../model/meta.js'
import { isPodReady, type Pod } from '../../model/pod.js'
import { type ClusterState, getObject, listObjects } from '../../state/clusterState.js'
import { findPort, HEADLESS_LABEL, podIPOf, shouldSetHostname } from './servicePods.js'

/** `kubernetes.io/service-name`. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name'
/** `endpointslice.kubernetes.io/managed-by`. */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by'
export const SLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io'
/** `--max-endpoints-per-slice` default. */
export const MAX_ENDPOINTS_PER_SLICE = 100

/** `discovery/v1.Endpoint`. */
export interface SliceEndpoint {
  readonly addresses: readonly string[]
  readonly conditions: { readonly ready: boolean; readonly serving: boolean; readonly terminating: boolean }
  readonly hostname?: string
  readonly targetRef: { readonly kind: 'Pod'; readonly namespace: string; readonly name: string; readonly uid: string }
  readonly nodeName?: string
  readonly zone?: string
}

/** `discovery/v1.EndpointPort`: `name` is always present (`""` for an unnamed service port). */
export interface SlicePort {
  readonly name: string
  readonly port: number
  readonly protocol: string
  readonly appProtocol?: string
}

/** A `discovery.k8s.io/v1` EndpointSlice. */
export interface EndpointSlice extends KObject {
  readonly addressType: string
  readonly endpoints: readonly SliceEndpoint[]
  readonly ports: readonly SlicePort[]
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * `getEndpointPorts`: each service port resolved against the pod (skipped when a named targetPort is not
 * found), sorted. Upstream sorts by a hash of each port (`NewPortMapKey`); Reel by (name, port, protocol).
 */
export const endpointPortsFor = (svc: Service, p: Pod): SlicePort[] => {
  const ports = svc.spec?.ports ?? []
  const out: SlicePort[] = []
  for (const sp of ports) {
    const port = findPort(p, sp)
    if (port === undefined) continue
    out.push({ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) })
  }
  return out.sort((a, b) => cmp(a.name, b.name) || a.port - b.port || cmp(a.protocol, b.protocol))
}

/** The identity of a set of ports (`PortMapKey`). */
export const portMapKey = (ports: readonly SlicePort[]): string => JSON.stringify(ports)

/**
 * `podToEndpoint`: serving = pod Ready, terminating = deletionTimestamp set, ready = publishNotReadyAddresses
 * or (serving and not terminating); nodeName, zone from the node's `topology.kubernetes.io/zone`, hostname.
 */
export const podToEndpoint = (svc: Service, p: Pod, node: KObject | undefined): SliceEndpoint => {
  const serving = isPodReady(p)
  const terminating = p.metadata.deletionTimestamp !== undefined
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating)
  const zone = node?.metadata.labels?.['topology.kubernetes.io/zone']
  return {
    addresses: [podIPOf(p)],
    conditions: { ready, serving, terminating },
    ...(shouldSetHostname(p, svc) ? { hostname: p.spec.hostname! } : {}),
    targetRef: { kind: 'Pod', namespace: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '', uid: p.metadata.uid ?? '' },
    ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
    ...(zone ? { zone } : {}),
  }
}

/** The endpoint's identity (`hashEndpoint`): addresses, hostname, target namespace/name. */
export const endpointKey = (e: SliceEndpoint): string =>
  JSON.stringify([[...e.addresses].sort(), e.hostname ?? '', e.targetRef.namespace, e.targetRef.name])

const isReservedLabel = (k: string): boolean => k === LABEL_SERVICE_NAME || k === LABEL_MANAGED_BY || k === HEADLESS_LABEL

const labelsEqual = (a: Record<string, string>, b: Record<string, string>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v)

/**
 * `setEndpointSliceLabels`: the service's labels (reserved ones skipped), the headless label when the
 * service has no ClusterIP, service-name and managed-by. `changed` compares the non-reserved labels.
 */
export const sliceLabelsFor = (slice: KObject | undefined, svc: Service): { labels: Record<string, string>; changed: boolean } => {
  const current: Record<string, string> = {}
  for (const [k, v] of Object.entries(slice?.metadata.labels ?? {})) if (!isReservedLabel(k)) current[k] = v
  const labels: Record<string, string> = {}
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!isReservedLabel(k)) labels[k] = v
  const changed = !labelsEqual(current, labels)
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = ''
  labels[LABEL_SERVICE_NAME] = svc.metadata.name ?? ''
  labels[LABEL_MANAGED_BY] = SLICE_CONTROLLER_NAME
  return { labels, changed }
}

/** `metav1.NewControllerRef(service)`. */
export const serviceControllerRef = (svc: Service): OwnerReference => newControllerRef(svc)

/** `ownedBy`: an ownerReference to this service's uid. */
export const isOwnedBy = (slice: KObject, svc: Service): boolean =>
  (slice.metadata.ownerReferences ?? []).some((r) => r.uid === svc.metadata.uid && r.kind === 'Service' && r.apiVersion === 'v1')

/** `newEndpointSlice`: generateName `<service>-`, owned by the service, labelled, empty. */
export const newEndpointSlice = (svc: Service, ports: readonly SlicePort[]): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: {
    generateName: `${svc.metadata.name ?? ''}-`,
    namespace: svc.metadata.namespace ?? 'default',
    labels: sliceLabelsFor(undefined, svc).labels,
    ownerReferences: [serviceControllerRef(svc)],
  },
  addressType: 'IPv4',
  endpoints: [],
  ports: [...ports],
})

/** The slices this controller manages for a service (by label), not pending deletion, in name order. */
export const selectManagedSlices = (s: ClusterState, svc: Service): EndpointSlice[] =>
  listObjects<EndpointSlice>(s, 'EndpointSlice', svc.metadata.namespace ?? 'default').filter(
    (e) =>
      e.metadata.labels?.[LABEL_SERVICE_NAME] === svc.metadata.name &&
      e.metadata.labels?.[LABEL_MANAGED_BY] === SLICE_CONTROLLER_NAME &&
      e.metadata.deletionTimestamp === undefined,
  )

/** The node a pod runs on, if it exists. */
export const nodeOf = (s: ClusterState, p: Pod): KObject | undefined =>
  p.spec.nodeName ? getObject(s, 'Node', undefined, p.spec.nodeName) : undefined
