import type { PersistentVolume, PersistentVolumeClaim } from '../../api/kinds/storage.js'
import type { ObjectEvent } from '../../log/events.js'
import { keyOf, nsNameOf } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { type ClusterState, getObject, listObjects } from '../../state/clusterState.js'
import { ANN_BIND_COMPLETED } from './annotations.js'
import { claimNamesOf } from '../../model/volumes.js'

/** Whether a claim is still looking for a volume (binding not completed). */
export const isUnboundClaim = (c: PersistentVolumeClaim): boolean => c.metadata.annotations?.[ANN_BIND_COMPLETED] === undefined

/** Keys (`ns/name`) of every claim that has not completed binding, in every namespace. */
export const selectUnboundClaimKeys = (s: ClusterState): string[] =>
  listObjects<PersistentVolumeClaim>(s, 'PersistentVolumeClaim').filter(isUnboundClaim).map(nsNameOf)

const claimKeyOfRef = (v: PersistentVolume): string[] => {
  const ref = v.spec.claimRef
  return ref?.name ? [`${ref.namespace ?? 'default'}/${ref.name}`] : []
}

/**
 * PV handlers: the volume's own key (its name) and the claim its claimRef names (upstream enqueues it
 * from `syncVolume` and `deleteVolume`). A PV that becomes Available re-queues the unbound claims —
 * Reel's replacement for the 15 s periodic resync upstream relies on.
 */
const keysForVolume = (event: ObjectEvent, before: ClusterState): string[] => {
  const v = event.data.object as PersistentVolume
  const old = before.objects.get(keyOf(v)) as PersistentVolume | undefined
  const keys = new Set<string>([v.metadata.name ?? '', ...claimKeyOfRef(v), ...(old ? claimKeyOfRef(old) : [])])
  if (event.type !== 'object/deleted' && v.status?.phase === 'Available' && old?.status?.phase !== 'Available')
    for (const k of selectUnboundClaimKeys(before)) keys.add(k)
  return [...keys]
}

/** Claim handlers: its own key; on delete, the volume it named (upstream's `deleteClaim`). */
const keysForClaim = (event: ObjectEvent): string[] => {
  const c = event.data.object as PersistentVolumeClaim
  if (event.type !== 'object/deleted') return [nsNameOf(c)]
  return c.spec.volumeName ? [c.spec.volumeName] : []
}

/**
 * Pods matter for WaitForFirstConsumer: a pod created or scheduled that references unbound claims
 * re-queues them (upstream the scheduler's selected-node annotation does).
 */
const keysForPod = (event: ObjectEvent, before: ClusterState): string[] => {
  if (event.type === 'object/deleted') return []
  const pod = event.data.object as Pod
  const old = before.objects.get(keyOf(pod)) as Pod | undefined
  if (old !== undefined && Boolean(old.spec.nodeName) === Boolean(pod.spec.nodeName)) return []
  const ns = pod.metadata.namespace ?? 'default'
  return claimNamesOf(pod)
    .filter((n) => {
      const c = getObject<PersistentVolumeClaim>(before, 'PersistentVolumeClaim', ns, n)
      return c !== undefined && isUnboundClaim(c)
    })
    .map((n) => `${ns}/${n}`)
}

/**
 * The persistentvolume-binder's keys: claims as `ns/name`, volumes as their bare name (cluster-scoped,
 * so never containing `/`). A StorageClass created or changed re-queues the unbound claims.
 */
export const persistentVolumeKeysFor = (event: ObjectEvent, before: ClusterState): readonly string[] => {
  switch (event.data.object.kind) {
    case 'PersistentVolume':
      return keysForVolume(event, before)
    case 'PersistentVolumeClaim':
      return keysForClaim(event)
    case 'StorageClass':
      return event.type === 'object/deleted' ? [] : selectUnboundClaimKeys(before)
    case 'Pod':
      return keysForPod(event, before)
    default:
      return []
  }
}
