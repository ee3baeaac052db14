import { fromTimestamp, toTimestamp } from '../../kernel/brand.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import { parseValue } from '../../model/quantity.js'
import { subjectOf, resourceForKind } from '../../model/resources.js'
import type { LabelSelector } from '../../model/selector.js'
import { cause, forbidden, invalid, type Status, type StatusCause } from '../../model/status.js'
import { type ClusterState, getObject, listObjects } from '../../state/clusterState.js'

// ---- model

/** `core/v1 ObjectReference` as the PV controller writes `spec.claimRef`. */
export interface ClaimRef {
  readonly kind?: string
  readonly namespace?: string
  readonly name?: string
  readonly uid?: string
  readonly apiVersion?: string
  readonly resourceVersion?: string
}

/** `core/v1 PersistentVolume`, the fields Reel reads; volume sources pass through untouched. */
export interface PersistentVolume extends KObject {
  readonly spec: {
    readonly capacity?: Readonly<Record<string, string | number>>
    readonly accessModes?: readonly string[]
    readonly claimRef?: ClaimRef
    readonly persistentVolumeReclaimPolicy?: string
    readonly storageClassName?: string
    readonly volumeMode?: string
    readonly [field: string]: unknown
  }
  readonly status?: { readonly phase?: string; readonly message?: string; readonly reason?: string; readonly lastPhaseTransitionTime?: string }
}

/** A `PersistentVolumeClaimCondition` (`Resizing`, `FileSystemResizePending`). */
export interface ClaimCondition {
  readonly type: string
  readonly status: string
  readonly lastProbeTime?: string | null
  readonly lastTransitionTime?: string
  readonly reason?: string
  readonly message?: string
}

/** `core/v1 PersistentVolumeClaim`. `storageClassName` unset (nil) differs from `""` (no class). */
export interface PersistentVolumeClaim extends KObject {
  readonly spec: {
    readonly accessModes?: readonly string[]
    readonly resources?: { readonly requests?: Readonly<Record<string, string | number>>; readonly limits?: Readonly<Record<string, string | number>> }
    readonly selector?: LabelSelector | null
    readonly storageClassName?: string
    readonly volumeName?: string
    readonly volumeMode?: string
    readonly [field: string]: unknown
  }
  readonly status?: {
    readonly phase?: string
    readonly accessModes?: readonly string[]
    readonly capacity?: Readonly<Record<string, string | number>>
    readonly allocatedResources?: Readonly<Record<string, string | number>>
    readonly conditions?: readonly ClaimCondition[]
  }
}

/** `storage.k8s.io/v1 StorageClass`: fields at the top level, no spec. */
export interface StorageClass extends KObject {
  readonly provisioner: string
  readonly reclaimPolicy?: string
  readonly volumeBindingMode?: string
  readonly allowVolumeExpansion?: boolean
  readonly parameters?: Readonly<Record<string, string>>
  readonly mountOptions?: readonly string[]
}

// ---- well-known names

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection'
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection'
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class'
export const ANN_BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class'
/** The deprecated class annotation; it wins over `spec.storageClassName` when present. */
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class'

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']
const VOLUME_MODES = ['Block', 'Filesystem']

// ---- selectors

/** `GetPersistentVolumeClaimClass`: the beta annotation, else `spec.storageClassName`, else `""`. */
export const claimClassOf = (c: PersistentVolumeClaim): string =>
  c.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] ?? c.spec.storageClassName ?? ''

/** `PersistentVolumeClaimHasClass`: whether a class was given at all (`""` counts, unset does not). */
export const claimHasClass = (c: PersistentVolumeClaim): boolean =>
  c.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] !== undefined || c.spec.storageClassName !== undefined

/** `GetPersistentVolumeClass`: the beta annotation, else `spec.storageClassName`, else `""`. */
export const volumeClassOf = (v: PersistentVolume): string =>
  v.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] ?? v.spec.storageClassName ?? ''

/** A storage quantity in bytes (0 when absent or unparsable). */
export const bytesOf = (q: string | number | undefined): number => (q === undefined ? 0 : (parseValue(q) ?? 0))

const isDefaultClass = (c: StorageClass): boolean =>
  c.metadata.annotations?.[ANN_DEFAULT_CLASS] === 'true' || c.metadata.annotations?.[ANN_BETA_DEFAULT_CLASS] === 'true'

/** `GetDefaultClass` (v1.26+): among classes marked default, the newest; equal times, the smallest name. */
export const selectDefaultClass = (s: ClusterState): StorageClass | undefined => {
  let best: StorageClass | undefined
  for (const c of listObjects<StorageClass>(s, 'StorageClass')) {
    if (!isDefaultClass(c)) continue
    const t = fromTimestamp(c.metadata.creationTimestamp ?? undefined) ?? 0
    const bt = best === undefined ? -Infinity : (fromTimestamp(best.metadata.creationTimestamp ?? undefined) ?? 0)
    if (t > bt) best = c // listObjects is sorted by name, so on equal times the first (smallest) name stays.
  }
  return best
}

// ---- defaults

type Json = Record<string, unknown>

/**
 * `SetDefaults_PersistentVolume`, `SetDefaults_PersistentVolumeClaim` and the StorageClass defaults:
 * PV reclaim policy Retain and volumeMode Filesystem; PVC volumeMode Filesystem; class reclaimPolicy
 * Delete and volumeBindingMode Immediate. Other kinds come back unchanged. Idempotent.
 */
export const applyStorageDefaults = (o: KObject): KObject => {
  const spec = (o.spec as Json | undefined) ?? {}
  switch (o.kind) {
    case 'PersistentVolume':
      return { ...o, spec: { ...spec, persistentVolumeReclaimPolicy: spec.persistentVolumeReclaimPolicy ?? 'Retain', volumeMode: spec.volumeMode ?? 'Filesystem' } }
    case 'PersistentVolumeClaim':
      return { ...o, spec: { ...spec, volumeMode: spec.volumeMode ?? 'Filesystem' } }
    case 'StorageClass':
      return { ...o, reclaimPolicy: o.reclaimPolicy ?? 'Delete', volumeBindingMode: o.volumeBindingMode ?? 'Immediate' }
    default:
      return o
  }
}

/**
 * The status the API server stores for a new PV or PVC: phase `Pending` (the status defaulting), and
 * for a PV `lastPhaseTransitionTime` (the registry strategy). Undefined for other kinds.
 */
export const initialStorageStatus = (o: KObject, atMs: number): unknown => {
  if (o.kind === 'PersistentVolume') return { phase: 'Pending', lastPhaseTransitionTime: toTimestamp(atMs) }
  if (o.kind === 'PersistentVolumeClaim') return { phase: 'Pending' }
  return undefined
}

// ---- validation

const validateAccessModes = (modes: unknown, path: string, out: StatusCause[], requiredMessage: string): void => {
  const list = Array.isArray(modes) ? (modes as unknown[]) : []
  if (list.length === 0) out.push({ ...cause.required(path), ...(requiredMessage ? { message: `Required value: ${requiredMessage}` } : {}) })
  for (const m of list) if (!ACCESS_MODES.includes(String(m))) out.push(cause.notSupported(path, m, ACCESS_MODES))
}

const validateVolumeMode = (mode: unknown, path: string, out: StatusCause[]): void => {
  if (mode !== undefined && !VOLUME_MODES.includes(String(mode))) out.push(cause.notSupported(path, mode, VOLUME_MODES))
}

const validateStorageQuantity = (q: unknown, path: string, out: StatusCause[]): void => {
  const bytes = typeof q === 'string' || typeof q === 'number' ? parseValue(q) : undefined
  if (bytes === undefined) out.push(cause.invalid(path, q, 'must be a valid quantity'))
  else if (bytes <= 0) out.push(cause.invalid(path, q, 'must be greater than zero'))
}

/** Keys of a PV spec that are not volume sources. */
const PV_NON_SOURCE = new Set(['capacity', 'accessModes', 'claimRef', 'persistentVolumeReclaimPolicy', 'storageClassName', 'mountOptions', 'volumeMode', 'nodeAffinity', 'volumeAttributesClassName'])

const validatePv = (spec: Json, out: StatusCause[]): void => {
  validateAccessModes(spec.accessModes, 'spec.accessModes', out, '')
  const capacity = spec.capacity as Json | undefined
  if (capacity === undefined || Object.keys(capacity).length === 0) out.push(cause.required('spec.capacity'))
  else if (!('storage' in capacity) || Object.keys(capacity).length > 1) out.push(cause.notSupported('spec.capacity', Object.keys(capacity), ['storage']))
  else validateStorageQuantity(capacity.storage, 'spec.capacity[storage]', out)
  const policy = spec.persistentVolumeReclaimPolicy
  if (policy !== undefined && !['Delete', 'Recycle', 'Retain'].includes(String(policy)))
    out.push(cause.notSupported('spec.persistentVolumeReclaimPolicy', policy, ['Delete', 'Recycle', 'Retain']))
  validateVolumeMode(spec.volumeMode, 'spec.volumeMode', out)
  const sources = Object.keys(spec).filter((k) => !PV_NON_SOURCE.has(k))
  if (sources.length === 0) out.push({ ...cause.required('spec'), message: 'Required value: must specify a volume type' })
  else if (sources.length > 1) out.push(cause.forbidden(`spec.${sources[1]!}`, 'may not specify more than 1 volume type'))
}

const validatePvc = (spec: Json, out: StatusCause[]): void => {
  validateAccessModes(spec.accessModes, 'spec.accessModes', out, 'at least 1 access mode is required')
  const requests = ((spec.resources as Json | undefined)?.requests as Json | undefined) ?? {}
  if (requests.storage === undefined) out.push(cause.required('spec.resources[storage]'))
  else validateStorageQuantity(requests.storage, 'spec.resources[storage]', out)
  validateVolumeMode(spec.volumeMode, 'spec.volumeMode', out)
}

const validateClass = (o: KObject, out: StatusCause[]): void => {
  if (typeof o.provisioner !== 'string' || o.provisioner === '') out.push(cause.required('provisioner'))
  if (o.reclaimPolicy !== undefined && !['Delete', 'Retain'].includes(String(o.reclaimPolicy)))
    out.push(cause.notSupported('reclaimPolicy', o.reclaimPolicy, ['Delete', 'Retain']))
  if (o.volumeBindingMode !== undefined && !['Immediate', 'WaitForFirstConsumer'].includes(String(o.volumeBindingMode)))
    out.push(cause.notSupported('volumeBindingMode', o.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']))
}

/** Semantic validation of PV, PVC and StorageClass objects after defaulting, with field paths. */
export const validateStorageObject = (o: KObject): StatusCause[] => {
  const out: StatusCause[] = []
  const spec = (o.spec as Json | undefined) ?? {}
  if (o.kind === 'PersistentVolume') validatePv(spec, out)
  else if (o.kind === 'PersistentVolumeClaim') validatePvc(spec, out)
  else if (o.kind === 'StorageClass') validateClass(o, out)
  return out
}

const storageRequest = (c: PersistentVolumeClaim): number => bytesOf(c.spec.resources?.requests?.storage)

/** The claim spec with the fields an update may change blanked out (`ValidatePersistentVolumeClaimUpdate`). */
const frozenClaimSpec = (next: PersistentVolumeClaim, old: PersistentVolumeClaim): Json => {
  const spec: Json = { ...next.spec }
  if (!old.spec.volumeName) spec.volumeName = old.spec.volumeName
  if (old.spec.storageClassName === undefined) spec.storageClassName = old.spec.storageClassName
  if (old.status?.phase === 'Bound' && next.spec.resources?.requests !== undefined)
    spec.resources = { ...next.spec.resources, requests: { ...next.spec.resources.requests, storage: old.spec.resources?.requests?.storage } }
  for (const k of Object.keys(spec)) if (spec[k] === undefined) delete spec[k]
  return spec
}

/**
 * PVC update checks: `ValidatePersistentVolumeClaimUpdate` (spec immutable except requests of a bound
 * claim, no shrink to or below `status.capacity`) then the PersistentVolumeClaimResize admission plugin
 * (growing needs a bound claim whose class allows expansion). Undefined when the update is allowed.
 */
export const validatePvcUpdate = (next: KObject, old: KObject, s: ClusterState): Status | undefined => {
  if (next.kind !== 'PersistentVolumeClaim') return undefined
  const n = next as PersistentVolumeClaim
  const o = old as PersistentVolumeClaim
  const subject = subjectOf(resourceForKind('PersistentVolumeClaim')!, n.metadata.name ?? '')
  const oldSpec: Json = { ...o.spec }
  for (const k of Object.keys(oldSpec)) if (oldSpec[k] === undefined) delete oldSpec[k]
  if (!deepEqual(frozenClaimSpec(n, o), oldSpec))
    return invalid(subject, [cause.forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')])
  const newSize = storageRequest(n)
  const oldSize = storageRequest(o)
  if (newSize < oldSize && newSize <= bytesOf(o.status?.capacity?.storage))
    return invalid(subject, [cause.forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity')])
  if (newSize <= oldSize) return undefined
  if (o.status?.phase !== 'Bound') return forbidden(subject, 'Only bound persistent volume claims can be expanded')
  const cls = claimClassOf(n)
  const sc = cls === '' || cls !== claimClassOf(o) ? undefined : getObject<StorageClass>(s, 'StorageClass', undefined, cls)
  if (sc?.allowVolumeExpansion !== true)
    return forbidden(subject, 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize')
  return undefined
}

// ---- admission

const withFinalizer = (o: KObject, finalizer: string): KObject => {
  const finalizers = o.metadata.finalizers ?? []
  return finalizers.includes(finalizer) ? o : { ...o, metadata: { ...o.metadata, finalizers: [...finalizers, finalizer] } }
}

/**
 * Create-time admission of a PVC: DefaultStorageClass (an unset class becomes the default class, if
 * any) and StorageObjectInUseProtection (the `kubernetes.io/pvc-protection` finalizer).
 */
export const admitPvc = (o: KObject, s: ClusterState): KObject => {
  if (o.kind !== 'PersistentVolumeClaim') return o
  const claim = o as PersistentVolumeClaim
  const def = claimHasClass(claim) ? undefined : selectDefaultClass(s)
  const classed: KObject = def === undefined ? o : { ...o, spec: { ...claim.spec, storageClassName: def.metadata.name ?? '' } }
  return withFinalizer(classed, PVC_PROTECTION_FINALIZER)
}

/** Create-time admission of a PV: StorageObjectInUseProtection adds `kubernetes.io/pv-protection`. */
export const admitPv = (o: KObject): KObject => (o.kind === 'PersistentVolume' ? withFinalizer(o, PV_PROTECTION_FINALIZER) : o)
