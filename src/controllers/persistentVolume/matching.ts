import {
  bytesOf,
  claimClassOf,
  type PersistentVolume,
  type PersistentVolumeClaim,
  volumeClassOf,
} from '../../api/kinds/storage.js'
import { fromLabelSelector, matches } from '../../model/selector.js'
import { type ClusterState, listObjects } from '../../state/clusterState.js'

/** `IsVolumeBoundToClaim`: the PV's claimRef names this claim (namespace, name, and uid when set). */
export const isVolumeBoundToClaim = (v: PersistentVolume, c: PersistentVolumeClaim): boolean => {
  const ref = v.spec.claimRef
  if (ref === undefined) return false
  if (ref.name !== c.metadata.name || ref.namespace !== c.metadata.namespace) return false
  return !ref.uid || ref.uid === c.metadata.uid
}

/** `CheckVolumeModeMismatches`: unset modes count as Filesystem. */
export const isVolumeModeMismatch = (v: PersistentVolume, c: PersistentVolumeClaim): boolean =>
  (c.spec.volumeMode ?? 'Filesystem') !== (v.spec.volumeMode ?? 'Filesystem')

/** `CheckAccessModes`: the PV offers every mode the claim asks for. */
export const hasAccessModes = (v: PersistentVolume, c: PersistentVolumeClaim): boolean => {
  const offered = new Set(v.spec.accessModes ?? [])
  return (c.spec.accessModes ?? []).every((m) => offered.has(m))
}

export const requestedBytes = (c: PersistentVolumeClaim): number => bytesOf(c.spec.resources?.requests?.storage)
export const capacityBytes = (v: PersistentVolume): number => bytesOf(v.spec.capacity?.storage)

/**
 * `checkVolumeSatisfyClaim`, for a claim that names its volume: the reason it cannot bind, in
 * upstream's order and words, or undefined when it can.
 */
export const volumeMismatchOf = (v: PersistentVolume, c: PersistentVolumeClaim): string | undefined => {
  if (v.metadata.deletionTimestamp !== undefined) return `the volume is marked for deletion "${v.metadata.name ?? ''}"`
  if (capacityBytes(v) < requestedBytes(c)) return 'requested PV is too small'
  if (volumeClassOf(v) !== claimClassOf(c)) return 'storageClassName does not match'
  if (isVolumeModeMismatch(v, c)) return 'incompatible volumeMode'
  if (!hasAccessModes(v, c)) return 'incompatible accessMode'
  return undefined
}

/** The access-mode set of a PV as the index's key: modes sorted and joined. */
const modesKey = (modes: readonly string[] | undefined): string => [...new Set(modes ?? [])].sort().join(',')

/**
 * `persistentVolumeOrderedIndex.allPossibleMatchingAccessModes` + `listByAccessModes`: PVs grouped by
 * their exact access-mode set, keeping groups that cover the claim's modes, fewest modes first. Ties
 * between groups of the same size, random upstream (map order), go by the sorted mode list here.
 */
export const volumeGroupsFor = (s: ClusterState, c: PersistentVolumeClaim): PersistentVolume[][] => {
  const groups = new Map<string, PersistentVolume[]>()
  for (const v of listObjects<PersistentVolume>(s, 'PersistentVolume')) {
    const key = modesKey(v.spec.accessModes)
    const g = groups.get(key)
    if (g === undefined) groups.set(key, [v])
    else g.push(v)
  }
  const wanted = c.spec.accessModes ?? []
  const keys = [...groups.keys()].filter((k) => {
    const offered = new Set(k === '' ? [] : k.split(','))
    return wanted.every((m) => offered.has(m))
  })
  const size = (k: string) => (k === '' ? 0 : k.split(',').length)
  keys.sort((a, b) => size(a) - size(b) || (a < b ? -1 : a > b ? 1 : 0))
  return keys.map((k) => groups.get(k)!)
}

/**
 * `FindMatchingVolume` on one access-mode group (PV-controller path, no node): a PV pre-bound to the
 * claim wins at once; with `delayBinding` no unbound PV is considered; otherwise the smallest Available
 * PV of the claim's class whose labels match the selector. Equal sizes: the first in name order (upstream
 * takes the first in its cache's order, which is not deterministic).
 */
const findInGroup = (volumes: readonly PersistentVolume[], c: PersistentVolumeClaim, delayBinding: boolean): PersistentVolume | undefined => {
  const requested = requestedBytes(c)
  const cls = claimClassOf(c)
  const parsed = c.spec.selector ? fromLabelSelector(c.spec.selector) : null
  let best: PersistentVolume | undefined
  let bestBytes = 0
  for (const v of volumes) {
    if (v.spec.claimRef !== undefined && !isVolumeBoundToClaim(v, c)) continue
    const bytes = capacityBytes(v)
    if (bytes < requested || isVolumeModeMismatch(v, c) || v.metadata.deletionTimestamp !== undefined) continue
    if (isVolumeBoundToClaim(v, c)) return v
    if (delayBinding) continue
    if (v.status?.phase !== 'Available') continue
    if (parsed !== null && (typeof parsed === 'string' || !matches(parsed, v.metadata.labels))) continue
    if (volumeClassOf(v) !== cls) continue
    if (best === undefined || bestBytes > bytes) {
      best = v
      bestBytes = bytes
    }
  }
  return best
}

/** `findBestMatchForClaim`: the first access-mode group (fewest modes) with a match decides. */
export const findBestMatchForClaim = (s: ClusterState, c: PersistentVolumeClaim, delayBinding: boolean): PersistentVolume | undefined => {
  for (const group of volumeGroupsFor(s, c)) {
    const v = findInGroup(group, c, delayBinding)
    if (v !== undefined) return v
  }
  return undefined
}
