import { deepEqual } from '../../kernel/deepEqual.js'
import type { ObjectEvent } from '../../log/events.js'
import { keyOf, type KObject } from '../../model/meta.js'
import { isPodReady, type Pod } from '../../model/pod.js'
import { fromMap, matches } from '../../model/selector.js'
import type { Service } from '../../api/kinds/service.js'
import { type ClusterState, listObjects } from '../../state/clusterState.js'
import { podIPOf } from './servicePods.js'

const nsName = (o: KObject): string => `${o.metadata.namespace ?? 'default'}/${o.metadata.name ?? ''}`

/** `getPodServiceMemberships`: keys of the services of the pod's namespace whose selector matches it. */
export const servicesSelecting = (s: ClusterState, pod: Pod): string[] => {
  const out: string[] = []
  for (const svc of listObjects<Service>(s, 'Service', pod.metadata.namespace ?? 'default')) {
    if (svc.spec?.selector === undefined) continue
    if (matches(fromMap(svc.spec.selector), pod.metadata.labels)) out.push(nsName(svc))
  }
  return out
}

const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'

/**
 * `podEndpointsChanged`: whether an update can change the pod's endpoint (deletion timestamp, readiness,
 * IP, terminal phase) and whether it can change which services select it (labels, hostname, subdomain).
 */
export const podEndpointsChanged = (old: Pod, cur: Pod): { podChanged: boolean; labelsChanged: boolean } => {
  const labelsChanged =
    !deepEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {}) ||
    old.spec.hostname !== cur.spec.hostname ||
    old.spec.subdomain !== cur.spec.subdomain
  const podChanged =
    old.metadata.deletionTimestamp !== cur.metadata.deletionTimestamp ||
    isPodReady(old) !== isPodReady(cur) ||
    podIPOf(old) !== podIPOf(cur) ||
    isTerminal(old) !== isTerminal(cur)
  return { podChanged, labelsChanged }
}

/** `GetServicesToUpdateOnPodChange` and the add/delete pod handlers. */
const keysForPod = (event: ObjectEvent, before: ClusterState): string[] => {
  const cur = event.data.object as Pod
  if (event.type !== 'object/updated') return servicesSelecting(before, cur)
  const old = before.objects.get(keyOf(cur)) as Pod | undefined
  if (old === undefined) return servicesSelecting(before, cur)
  const { podChanged, labelsChanged } = podEndpointsChanged(old, cur)
  if (!podChanged && !labelsChanged) return []
  const keys = new Set(servicesSelecting(before, cur))
  if (labelsChanged) for (const k of servicesSelecting(before, old)) keys.add(k)
  return [...keys]
}

/**
 * The keys shared by both endpoint controllers: a Service event → the service; a pod event → the services
 * selecting it (before or after a label change) when its endpoint can change; `ownKind` events (Endpoints
 * deleted, or slices of a service changed by someone else) → that service, so it is rebuilt.
 */
export const endpointKeysFor = (ownKind: 'Endpoints' | 'EndpointSlice', actor: string) => (event: ObjectEvent, before: ClusterState): readonly string[] => {
  const o = event.data.object
  switch (o.kind) {
    case 'Service':
      return [nsName(o)]
    case 'Pod':
      return keysForPod(event, before)
    case 'Endpoints':
      return ownKind === 'Endpoints' && event.type === 'object/deleted' ? [nsName(o)] : []
    case 'EndpointSlice': {
      if (ownKind !== 'EndpointSlice' || event.actor === actor) return []
      const keys = new Set<string>()
      const old = event.type === 'object/updated' ? before.objects.get(keyOf(o)) : undefined
      for (const x of old !== undefined ? [o, old] : [o]) {
        const svc = x.metadata.labels?.['kubernetes.io/service-name']
        if (svc) keys.add(`${x.metadata.namespace ?? 'default'}/${svc}`)
      }
      return [...keys]
    }
    default:
      return []
  }
}
