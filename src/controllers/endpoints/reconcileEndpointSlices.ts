import type { Service } from '../../api/kinds/service.js'
import type { ClusterState } from '../../state/clusterState.js'
import { NO_CHANGE, type ReconcileContext, type ReconcileResult } from '../controller.js'
import { reconcileSlices } from './reconcileSlices.js'
import { lastChangeTriggerTime, managesEndpoints, selectServicePods } from './servicePods.js'
import { selectManagedSlices } from './sliceEndpoints.js'

/**
 * Mirrors kubernetes pkg/controller/endpointslice `syncService`: nothing for ExternalName or selector-less
 * services (a deleted service's slices go with it through their ownerReference and the garbage
 * collector); otherwise the reconciler over the selected pods and the slices labelled as ours.
 */
export const reconcileEndpointSlices = (s: ClusterState, svc: Service, ctx: ReconcileContext): ReconcileResult => {
  if (!managesEndpoints(svc)) return NO_CHANGE
  const pods = selectServicePods(s, svc)
  const existing = selectManagedSlices(s, svc)
  const trigger = lastChangeTriggerTime(svc, pods, existing.length === 0, ctx.nowMs)
  return { commands: reconcileSlices(s, svc, pods, existing, trigger) }
}
