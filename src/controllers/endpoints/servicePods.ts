import { toTimestamp } from '../../kernel/brand.js'
import type { Service, ServicePort } from '../../api/kinds/service.js'
import { podCondition, type Pod } from '../../model/pod.js'
import { fromMap, matches } from '../../model/selector.js'
import { type ClusterState, listObjects } from '../../state/clusterState.js'

/** `endpoints.kubernetes.io/last-change-trigger-time`. */
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time'
/** `service.kubernetes.io/headless`, set on the Endpoints and slices of a headless service. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless'

/**
 * Whether the controllers manage endpoints for a service at all: not ExternalName and with a selector
 * (a service without one gets user-written endpoints).
 */
export const managesEndpoints = (svc: Service): boolean => svc.spec?.type !== 'ExternalName' && svc.spec?.selector !== undefined

/** The pods of the service's namespace its selector matches, in key order (`podLister.List(selector)`). */
export const selectServicePods = (s: ClusterState, svc: Service): Pod[] => {
  const sel = fromMap(svc.spec?.selector)
  return listObjects<Pod>(s, 'Pod', svc.metadata.namespace ?? 'default').filter((p) => matches(sel, p.metadata.labels))
}

/** The pod's IPv4 address: `status.podIP`, else the first of `status.podIPs`. */
export const podIPOf = (p: Pod): string => {
  if (p.status?.podIP) return p.status.podIP
  const ips = (p.status as { podIPs?: { ip: string }[] } | undefined)?.podIPs
  return ips?.[0]?.ip ?? ''
}

/**
 * `endpointsliceutil.ShouldPodBeInEndpoints`: not terminal, has an IP, and not terminating unless
 * `includeTerminating` (the Endpoints controller passes publishNotReadyAddresses, the slice controller true).
 */
export const shouldPodBeInEndpoints = (p: Pod, includeTerminating: boolean): boolean => {
  const phase = p.status?.phase
  if (phase === 'Succeeded' || phase === 'Failed') return false
  if (podIPOf(p) === '') return false
  return includeTerminating || p.metadata.deletionTimestamp === undefined
}

/** `ShouldSetHostname`: the pod has a hostname, its subdomain is the service's name, same namespace. */
export const shouldSetHostname = (p: Pod, svc: Service): boolean =>
  (p.spec.hostname ?? '') !== '' &&
  p.spec.subdomain === svc.metadata.name &&
  (p.metadata.namespace ?? 'default') === (svc.metadata.namespace ?? 'default')

/**
 * `podutil.FindPort`: a numeric targetPort as is; a named one is the containerPort of that name and the
 * service port's protocol, in the containers and then the restartable (sidecar) init containers.
 */
export const findPort = (p: Pod, sp: ServicePort): number | undefined => {
  const target = sp.targetPort ?? sp.port
  if (typeof target === 'number') return target
  if (/^\d+$/.test(target)) return Number(target)
  const protocol = sp.protocol ?? 'TCP'
  const sidecars = (p.spec.initContainers ?? []).filter((c) => (c as { restartPolicy?: string }).restartPolicy === 'Always')
  for (const c of [...p.spec.containers, ...sidecars])
    for (const port of c.ports ?? []) if (port.name === target && (port.protocol ?? 'TCP') === protocol) return port.containerPort
  return undefined
}

/**
 * The trigger time of `TriggerTimeTracker.ComputeEndpointLastChangeTriggerTime`, without its memory: a
 * service seen for the first time (no object written yet) reports its creationTimestamp; afterwards the
 * earliest Ready transition that happened since the last sync. Reel syncs at the instant of every pod
 * change, so "since the last sync" is "at this instant" (timestamps have second precision). Undefined when
 * nothing changed: the annotation is then removed, as upstream does.
 */
export const lastChangeTriggerTime = (svc: Service, pods: readonly Pod[], firstSync: boolean, nowMs: number): string | undefined => {
  if (firstSync) return svc.metadata.creationTimestamp ?? undefined
  const now = toTimestamp(nowMs)
  return pods.some((p) => podCondition(p, 'Ready')?.lastTransitionTime === now) ? now : undefined
}
