import type { Pod } from '../../model/pod.js'
import { type ClusterState, listObjects } from '../../state/clusterState.js'

/** The claim names a pod's volumes reference (`spec.volumes[].persistentVolumeClaim.claimName`). */
export const claimNamesOf = (pod: Pod): string[] => {
  const out: string[] = []
  for (const v of pod.spec.volumes ?? []) {
    const name = (v.persistentVolumeClaim as { claimName?: unknown } | undefined)?.claimName
    if (typeof name === 'string' && name !== '') out.push(name)
  }
  return out
}

/** `IsPodTerminated` as far as the pod's phase tells: Succeeded or Failed. */
export const isPodTerminated = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'

/** Non-terminated pods of the claim's namespace that reference it, sorted by name. */
export const selectClaimUsers = (s: ClusterState, namespace: string, claimName: string): Pod[] =>
  listObjects<Pod>(s, 'Pod', namespace).filter((p) => !isPodTerminated(p) && claimNamesOf(p).includes(claimName))

/** Whether a scheduled, non-terminated pod uses the claim (the pvc-protection rule). */
export const isClaimInUse = (s: ClusterState, namespace: string, claimName: string): boolean =>
  selectClaimUsers(s, namespace, claimName).some((p) => Boolean(p.spec.nodeName))
