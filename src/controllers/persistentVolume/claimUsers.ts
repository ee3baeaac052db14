import type { Pod } from '../../model/pod.js'
import { claimNamesOf } from '../../model/volumes.js'
import { type ClusterState, listObjects } from '../../state/clusterState.js'

/** `IsPodTerminated` as far as the pod's phase tells: Succeeded or Failed. */
export const isPodTerminated = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'

/** Non-terminated pods of the claim's namespace that reference it, sorted by name. */
export const selectClaimUsers = (s: ClusterState, namespace: string, claimName: string): Pod[] =>
  listObjects<Pod>(s, 'Pod', namespace).filter((p) => !isPodTerminated(p) && claimNamesOf(p).includes(claimName))

/** Whether a scheduled, non-terminated pod uses the claim (the pvc-protection rule). */
export const isClaimInUse = (s: ClusterState, namespace: string, claimName: string): boolean =>
  selectClaimUsers(s, namespace, claimName).some((p) => Boolean(p.spec.nodeName))
