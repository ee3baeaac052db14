import type { LoadBalancerIngress, Service } from '../../api/kinds/service.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import { nsNameOf, splitNsName } from '../../model/meta.js'
import { type ClusterState, getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE, type ReconcileResult } from '../controller.js'

/** The simulated load-balancer pool: MetalLB's pool in the kind docs, 172.18.255.200–250. */
export const LB_POOL_FIRST = 200
export const LB_POOL_LAST = 250
const LB_PREFIX = '172.18.255.'

const ingressOf = (svc: Service): readonly LoadBalancerIngress[] => svc.status?.loadBalancer?.ingress ?? []

/** The lowest pool address no other LoadBalancer service holds, or undefined when the pool is exhausted. */
export const nextLoadBalancerIP = (s: ClusterState, svc: Service): string | undefined => {
  const taken = new Set<string>()
  for (const o of listObjects<Service>(s, 'Service'))
    if (nsNameOf(o) !== nsNameOf(svc)) for (const i of ingressOf(o)) if (i.ip !== undefined) taken.add(i.ip)
  for (let n = LB_POOL_FIRST; n <= LB_POOL_LAST; n++) if (!taken.has(`${LB_PREFIX}${n}`)) return `${LB_PREFIX}${n}`
  return undefined
}

/**
 * The service load-balancer controller of cloud-controller-manager (`syncLoadBalancerIfNeeded`) with a
 * simulated cloud: a LoadBalancer service gets `status.loadBalancer.ingress: [{ip, ipMode: VIP}]` from the
 * pool (kept once given); a service that stops being LoadBalancer has its status cleared. A service being
 * deleted keeps its status. With the pool exhausted the service stays `<pending>`, as with MetalLB.
 */
export const reconcileLoadBalancer = (s: ClusterState, svc: Service): ReconcileResult => {
  if (svc.metadata.deletionTimestamp !== undefined) return NO_CHANGE
  const current = ingressOf(svc)
  const involved = { kind: 'Service', namespace: svc.metadata.namespace ?? 'default', name: svc.metadata.name ?? '' }
  if (svc.spec?.type !== 'LoadBalancer') {
    if (svc.status?.loadBalancer === undefined || deepEqual(svc.status.loadBalancer, {})) return NO_CHANGE
    return {
      commands: [{
        verb: 'updateStatus',
        object: { ...svc, status: { ...svc.status, loadBalancer: {} } },
        record: { type: 'Normal', reason: 'DeletedLoadBalancer', message: 'Deleted load balancer', involved },
      }],
    }
  }
  if (current.length > 0) return NO_CHANGE
  const ip = nextLoadBalancerIP(s, svc)
  if (ip === undefined) return NO_CHANGE
  return {
    commands: [{
      verb: 'updateStatus',
      object: { ...svc, status: { ...(svc.status ?? {}), loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } } },
      record: { type: 'Normal', reason: 'EnsuredLoadBalancer', message: 'Ensured load balancer', involved },
    }],
  }
}

const pendingLoadBalancers = (s: ClusterState): string[] =>
  listObjects<Service>(s, 'Service').filter((o) => o.spec?.type === 'LoadBalancer' && ingressOf(o).length === 0).map(nsNameOf)

/** The service load-balancer controller (`service-lb-controller`), driven by Service events only. */
export const loadBalancerController: Controller = {
  name: 'service-lb-controller',
  actor: 'controller:service-lb-controller',
  primaryKind: 'Service',
  keysFor: (event, before) => {
    const o = event.data.object
    if (o.kind !== 'Service') return []
    if (event.type !== 'object/deleted') return [nsNameOf(o)]
    // A deleted service frees its address: the services still waiting for one may now get it.
    return ingressOf(o as Service).length === 0 ? [] : pendingLoadBalancers(before)
  },
  resyncKeys: (s) => listObjects<Service>(s, 'Service').filter((o) => o.spec?.type === 'LoadBalancer').map(nsNameOf),
  reconcile: (s, key) => {
    const { namespace, name } = splitNsName(key)
    const svc = getObject<Service>(s, 'Service', namespace, name)
    return svc === undefined ? NO_CHANGE : reconcileLoadBalancer(s, svc)
  },
}
