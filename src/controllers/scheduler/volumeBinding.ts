import type { KObject } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { claimNamesOf } from '../../model/volumes.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'

/** VolumeBinding's PreFilter reason for a pod whose Immediate-mode claims are not bound yet. */
export const REASON_UNBOUND_IMMEDIATE_CLAIMS = 'pod has unbound immediate PersistentVolumeClaims'

type Json = Record<string, unknown>

const bindingModeOf = (s: ClusterState, claim: KObject): string | undefined => {
  const className = (claim.spec as Json | undefined)?.storageClassName
  if (typeof className !== 'string' || className === '') return undefined
  const sc = getObject(s, 'StorageClass', undefined, className) as (KObject & { volumeBindingMode?: string }) | undefined
  return sc?.volumeBindingMode
}

/**
 * kube-scheduler's VolumeBinding PreFilter (pkg/scheduler/framework/plugins/volumebinding): a pod whose
 * claim is missing or being deleted, or which has an unbound claim of an Immediate-mode class (or of no
 * class), fits no node — UnschedulableAndUnresolvable with upstream's message; the pod waits until the PV
 * controller binds the claim. Claims of a WaitForFirstConsumer class pass: Reel's PV controller binds them
 * once the pod is scheduled (see the persistentVolume README). Undefined when the pod may be placed.
 */
export const volumeBindingPreFilter = (s: ClusterState, pod: Pod): string | undefined => {
  const names = claimNamesOf(pod)
  if (names.length === 0) return undefined
  const namespace = pod.metadata.namespace ?? 'default'
  let unboundImmediate = false
  for (const name of names) {
    const claim = getObject(s, 'PersistentVolumeClaim', namespace, name)
    if (claim === undefined) return `persistentvolumeclaim "${name}" not found`
    if (claim.metadata.deletionTimestamp !== undefined) return `persistentvolumeclaim "${name}" is being deleted`
    const bound = typeof (claim.spec as Json | undefined)?.volumeName === 'string' && (claim.spec as Json).volumeName !== ''
    if (!bound && bindingModeOf(s, claim) !== 'WaitForFirstConsumer') unboundImmediate = true
  }
  return unboundImmediate ? REASON_UNBOUND_IMMEDIATE_CLAIMS : undefined
}
