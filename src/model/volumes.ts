import type { Pod } from './pod.js'
import type { KObject } from './meta.js'

type Json = Record<string, unknown>

/**
 * Where a pod's volume keeps its data: `emptyDir/<pod uid>/<volume>` (lives and dies with the pod),
 * `pv/<name>` for a claim bound to a PersistentVolume (outlives every pod), `pvc/<claim uid>` for a claim not
 * bound yet, `hostPath/<node><path>`. A string when the volume cannot hold data here (the reason).
 */
export const storageOf = (pod: Pod, volume: string, getClaim: (namespace: string, name: string) => KObject | undefined): string | { error: string } => {
  const v = (pod.spec.volumes as Json[] | undefined)?.find((x) => x.name === volume)
  if (!v) return { error: `pod ${pod.metadata.name ?? ''} has no volume "${volume}"` }
  if (v.emptyDir !== undefined) return `emptyDir/${pod.metadata.uid ?? ''}/${volume}`
  const claim = (v.persistentVolumeClaim as { claimName?: string } | undefined)?.claimName
  if (claim !== undefined) {
    const pvc = getClaim(pod.metadata.namespace ?? 'default', claim)
    if (!pvc) return { error: `persistentvolumeclaim "${claim}" not found` }
    const bound = (pvc.spec as { volumeName?: string } | undefined)?.volumeName
    return bound ? `pv/${bound}` : `pvc/${pvc.metadata.uid ?? ''}`
  }
  const hostPath = (v.hostPath as { path?: string } | undefined)?.path
  if (hostPath !== undefined) return `hostPath/${pod.spec.nodeName ?? ''}${hostPath}`
  return { error: `volume "${volume}" of pod ${pod.metadata.name ?? ''} has no simulated storage (emptyDir, persistentVolumeClaim or hostPath)` }
}

/** The claim names a pod's volumes reference (`spec.volumes[].persistentVolumeClaim.claimName`), in volume order. */
export const claimNamesOf = (pod: Pod): string[] => {
  const out: string[] = []
  for (const v of pod.spec.volumes ?? []) {
    const name = (v.persistentVolumeClaim as { claimName?: unknown } | undefined)?.claimName
    if (typeof name === 'string' && name !== '') out.push(name)
  }
  return out
}
