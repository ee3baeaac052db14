import { type Event } from '../log/events.js'
import type { Pod } from '../model/pod.js'
import { resourceForKind, subjectOf } from '../model/resources.js'
import { badRequest, notFound, type Status } from '../model/status.js'
import { storageOf } from '../model/volumes.js'
import { type ClusterState, getObject } from '../state/clusterState.js'

/** The storage a running pod's volume resolves to, or the refusal. */
export const resolveVolume = (s: ClusterState, namespace: string, podName: string, volume: string, forWrite: boolean): string | Status => {
  const pod = getObject<Pod>(s, 'Pod', namespace, podName)
  if (!pod) return notFound(subjectOf(resourceForKind('Pod')!, podName))
  if (forWrite && (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp !== undefined || s.faults[`node/${pod.spec.nodeName ?? ''}`] !== undefined))
    return badRequest(`pod ${podName} is not running: nothing can write to its volumes`)
  const storage = storageOf(pod, volume, (ns, name) => getObject(s, 'PersistentVolumeClaim', ns, name))
  return typeof storage === 'string' ? storage : badRequest(storage.error)
}

/** `reel volume read`: what the pod would read from its volume now (undefined: nothing was written). */
export const readVolume = (s: ClusterState, namespace: string, podName: string, volume: string): { value: string | undefined } | Status => {
  const storage = resolveVolume(s, namespace, podName, volume, false)
  return typeof storage === 'string' ? { value: s.volumes[storage] } : storage
}

/** The `volume/written` event for a write from inside a running pod, or the refusal. */
export const decideVolumeWrite = (
  s: ClusterState,
  w: { namespace: string; pod: string; volume: string; value: string },
  actor: string,
  atMs: number,
): Event | Status => {
  const storage = resolveVolume(s, w.namespace, w.pod, w.volume, true)
  if (typeof storage !== 'string') return storage
  return { seq: s.seq + 1, at: atMs, type: 'volume/written', v: 1, actor, data: { pod: `${w.namespace}/${w.pod}`, volume: w.volume, storage, value: w.value } }
}
