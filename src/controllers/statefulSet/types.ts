import { newControllerRef } from '../../model/meta.js'
import type { KObject, ObjectMeta, OwnerReference } from '../../model/meta.js'
import type { PodTemplateSpec } from '../../model/pod.js'
import type { LabelSelector } from '../../model/selector.js'

// ---- model: the apps/v1 StatefulSet fields the controller reads (decoded at the API boundary)

/** A `volumeClaimTemplates` entry: a PersistentVolumeClaim without a name of its own. */
export interface ClaimTemplate {
  readonly apiVersion?: string
  readonly kind?: string
  readonly metadata?: ObjectMeta
  readonly spec?: Readonly<Record<string, unknown>>
}

export interface StatefulSetSpec {
  readonly replicas?: number
  readonly selector?: LabelSelector
  readonly template: PodTemplateSpec
  readonly serviceName?: string
  readonly volumeClaimTemplates?: readonly ClaimTemplate[]
  readonly podManagementPolicy?: string
  readonly updateStrategy?: {
    readonly type?: string
    readonly rollingUpdate?: { readonly partition?: number; readonly maxUnavailable?: number | string }
  }
  readonly revisionHistoryLimit?: number
  readonly minReadySeconds?: number
  readonly persistentVolumeClaimRetentionPolicy?: { readonly whenDeleted?: string; readonly whenScaled?: string }
  readonly ordinals?: { readonly start?: number }
}

/** `apps/v1` StatefulSetStatus; the counts follow the Go struct's `omitempty` tags. */
export interface StatefulSetStatus {
  readonly observedGeneration?: number
  readonly replicas?: number
  readonly readyReplicas?: number
  readonly currentReplicas?: number
  readonly updatedReplicas?: number
  readonly currentRevision?: string
  readonly updateRevision?: string
  readonly collisionCount?: number
  readonly conditions?: readonly unknown[]
  readonly availableReplicas?: number
}

/** A stored `apps/v1` StatefulSet. */
export interface StatefulSet extends KObject {
  readonly kind: 'StatefulSet'
  readonly spec: StatefulSetSpec
  readonly status?: StatefulSetStatus
}

/** A stored `apps/v1` ControllerRevision: a snapshot of the set's template. */
export interface ControllerRevision extends KObject {
  readonly kind: 'ControllerRevision'
  readonly data?: unknown
  readonly revision: number
}

// ---- accessors with the apps/v1 defaults (already applied by the API server; repeated for safety)

export const replicasOf = (set: StatefulSet): number => set.spec.replicas ?? 1
/** `getStartOrdinal`: `spec.ordinals.start`, or 0. */
export const startOrdinalOf = (set: StatefulSet): number => set.spec.ordinals?.start ?? 0
/** `getEndOrdinal`: start + replicas − 1. */
export const endOrdinalOf = (set: StatefulSet): number => startOrdinalOf(set) + replicasOf(set) - 1
export const minReadySecondsOf = (set: StatefulSet): number => set.spec.minReadySeconds ?? 0
/** `allowsBurst`: Parallel pod management. */
export const allowsBurst = (set: StatefulSet): boolean => set.spec.podManagementPolicy === 'Parallel'
export const isOnDelete = (set: StatefulSet): boolean => set.spec.updateStrategy?.type === 'OnDelete'
export const isRollingUpdate = (set: StatefulSet): boolean => (set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate'

/** The retention policy with Retain for anything unset. */
export const retentionPolicyOf = (set: StatefulSet): { whenDeleted: 'Retain' | 'Delete'; whenScaled: 'Retain' | 'Delete' } => {
  const p = set.spec.persistentVolumeClaimRetentionPolicy
  return {
    whenDeleted: p?.whenDeleted === 'Delete' ? 'Delete' : 'Retain',
    whenScaled: p?.whenScaled === 'Delete' ? 'Delete' : 'Retain',
  }
}

/** `metav1.NewControllerRef(set, apps/v1 StatefulSet)`. */
export const setControllerRef = (set: StatefulSet): OwnerReference => newControllerRef(set)

/** The set's namespace (the API server always fills it in). */
export const namespaceOf = (set: StatefulSet): string => set.metadata.namespace ?? 'default'
export const nameOf = (set: StatefulSet): string => set.metadata.name ?? ''
