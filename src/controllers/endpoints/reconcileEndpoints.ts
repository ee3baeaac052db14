import { type Service, isServiceIPSet } from '../../api/kinds/service.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import { isPodReady, type Pod } from '../../model/pod.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'
import { type ControllerCommand, NO_CHANGE, type ReconcileContext, type ReconcileResult } from '../controller.js'
import { type EndpointAddress, type EndpointSubset, MAX_ENDPOINTS_CAPACITY, repackSubsets, truncateSubsets } from './repackSubsets.js'
import {
  findPort,
  HEADLESS_LABEL,
  LAST_CHANGE_TRIGGER_TIME,
  lastChangeTriggerTime,
  managesEndpoints,
  podIPOf,
  selectServicePods,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './servicePods.js'

/** `endpoints.kubernetes.io/managed-by`: marks the Endpoints this controller owns (1.33+). */
export const ENDPOINTS_MANAGED_BY = 'endpoints.kubernetes.io/managed-by'
export const ENDPOINT_CONTROLLER_NAME = 'endpoint-controller'
/** `endpoints.kubernetes.io/over-capacity`. */
export const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity'

/** A `v1` Endpoints object. */
export interface Endpoints extends KObject {
  readonly subsets?: readonly EndpointSubset[]
}

/** `podToEndpointAddressForService` plus the hostname rule. */
const addressOf = (svc: Service, p: Pod): EndpointAddress => ({
  ip: podIPOf(p),
  ...(shouldSetHostname(p, svc) ? { hostname: p.spec.hostname! } : {}),
  nodeName: p.spec.nodeName ?? '',
  targetRef: { kind: 'Pod', namespace: p.metadata.namespace ?? 'default', name: p.metadata.name ?? '', uid: p.metadata.uid ?? '' },
})

/**
 * The subsets upstream builds pod by pod (`addEndpointSubset`) and repacks: a pod is in `addresses` when
 * ready or when the service publishes not-ready addresses, else in `notReadyAddresses`; terminating pods
 * only with publishNotReadyAddresses; a port whose named targetPort the pod lacks is skipped for it.
 */
export const desiredSubsets = (svc: Service, pods: readonly Pod[]): EndpointSubset[] => {
  const publish = svc.spec?.publishNotReadyAddresses === true
  const subsets: EndpointSubset[] = []
  for (const p of pods) {
    if (!shouldPodBeInEndpoints(p, publish)) continue
    const address = addressOf(svc, p)
    const side = publish || isPodReady(p) ? 'addresses' : 'notReadyAddresses'
    const ports = svc.spec?.ports ?? []
    if (ports.length === 0) {
      if (svc.spec?.clusterIP === 'None') subsets.push({ [side]: [address], ports: [] })
      continue
    }
    for (const sp of ports) {
      const port = findPort(p, sp)
      if (port === undefined) continue
      const ep = { ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) }
      subsets.push({ [side]: [address], ports: [ep] })
    }
  }
  return repackSubsets(subsets)
}

const withoutKeys = (m: Readonly<Record<string, string>> | undefined, keys: readonly string[]): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(m ?? {})) if (!keys.includes(k)) out[k] = v
  return out
}

const capacityAnnotationSetCorrectly = (ep: Endpoints): boolean => {
  let n = 0
  for (const s of ep.subsets ?? []) n += (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0)
  return n <= MAX_ENDPOINTS_CAPACITY && ep.metadata.annotations?.[OVER_CAPACITY] === undefined
}

/**
 * Mirrors kubernetes pkg/controller/endpoint `syncService`: delete the Endpoints of a deleted service,
 * skip ExternalName and selector-less services, otherwise create or update the Endpoints named after the
 * service when its subsets or labels differ.
 */
export const reconcileEndpoints = (s: ClusterState, namespace: string, name: string, ctx: ReconcileContext): ReconcileResult => {
  const svc = getObject<Service>(s, 'Service', namespace, name)
  const current = getObject<Endpoints>(s, 'Endpoints', namespace, name)
  if (svc === undefined) {
    if (current === undefined || current.metadata.labels?.[ENDPOINTS_MANAGED_BY] !== ENDPOINT_CONTROLLER_NAME) return NO_CHANGE
    return { commands: [{ verb: 'delete', ref: { kind: 'Endpoints', namespace, name } }] }
  }
  if (!managesEndpoints(svc)) return NO_CHANGE
  const pods = selectServicePods(s, svc)
  const subsets = desiredSubsets(svc, pods)
  const serviceLabels = { ...(svc.metadata.labels ?? {}) }
  if (
    current !== undefined &&
    deepEqual(current.subsets ?? [], subsets) &&
    deepEqual(withoutKeys(current.metadata.labels, [HEADLESS_LABEL, ENDPOINTS_MANAGED_BY]), withoutKeys(serviceLabels, [HEADLESS_LABEL, ENDPOINTS_MANAGED_BY])) &&
    capacityAnnotationSetCorrectly(current)
  )
    return NO_CHANGE
  const trigger = lastChangeTriggerTime(svc, pods, current === undefined, ctx.nowMs)
  const { subsets: kept, truncated } = truncateSubsets(subsets)
  const annotations = withoutKeys(current?.metadata.annotations, [LAST_CHANGE_TRIGGER_TIME, OVER_CAPACITY])
  if (trigger !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME] = trigger
  if (truncated) annotations[OVER_CAPACITY] = 'truncated'
  const labels = { ...withoutKeys(serviceLabels, [HEADLESS_LABEL]), [ENDPOINTS_MANAGED_BY]: ENDPOINT_CONTROLLER_NAME, ...(isServiceIPSet(svc) ? {} : { [HEADLESS_LABEL]: '' }) }
  const object: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { ...(current?.metadata ?? { name, namespace }), labels, annotations },
    subsets: kept,
  }
  const command: ControllerCommand = current === undefined ? { verb: 'create', object } : { verb: 'update', object }
  return { commands: [command] }
}
