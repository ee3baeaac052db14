import { newControllerRef } from '../../model/meta.js'
import type { KObject, ObjectMeta, OwnerReference } from '../../model/meta.js'
import type { PodTemplateSpec } from '../../model/pod.js'
import { fromLabelSelector, type LabelSelector, type Selector } from '../../model/selector.js'

// ---- model: `apps/v1` DaemonSet as this controller reads it (the shared codec checks only selector + template)

/** `intstr.IntOrString` of a rolling update: an integer, or a percent string such as `"25%"`. */
export type IntOrPercent = number | string

export interface RollingUpdateDaemonSet {
  readonly maxUnavailable?: IntOrPercent
  readonly maxSurge?: IntOrPercent
}

export interface DaemonSetUpdateStrategy {
  readonly type?: string
  readonly rollingUpdate?: RollingUpdateDaemonSet
}

export interface DaemonSetStatus {
  readonly currentNumberScheduled?: number
  readonly numberMisscheduled?: number
  readonly desiredNumberScheduled?: number
  readonly numberReady?: number
  readonly observedGeneration?: number
  readonly updatedNumberScheduled?: number
  readonly numberAvailable?: number
  readonly numberUnavailable?: number
  readonly collisionCount?: number
  readonly conditions?: readonly unknown[]
}

export interface DaemonSet extends KObject {
  readonly kind: 'DaemonSet'
  readonly metadata: ObjectMeta
  readonly spec: {
    readonly selector?: LabelSelector
    readonly template: PodTemplateSpec
    readonly updateStrategy?: DaemonSetUpdateStrategy
    readonly minReadySeconds?: number
    readonly revisionHistoryLimit?: number
  }
  readonly status?: DaemonSetStatus
}

/** `apps/v1` ControllerRevision: an immutable snapshot of a template (`data`) and its `revision` number. */
export interface ControllerRevision extends KObject {
  readonly kind: 'ControllerRevision'
  readonly data?: unknown
  readonly revision: number
}

// ---- constants (upstream's names)

/** `apps.ControllerRevisionHashLabelKey` / `DefaultDaemonSetUniqueLabelKey`: the bare revision hash. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash'
/** `extensions.DaemonSetTemplateGenerationKey`: the legacy template generation label on daemon pods. */
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation'
/** `apps.DeprecatedTemplateGeneration`: the annotation the API server keeps the template generation in. */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation'
export const ROLLING_UPDATE = 'RollingUpdate'
export const ON_DELETE = 'OnDelete'

// ---- selectors

export const nameOf = (ds: DaemonSet): string => ds.metadata.name ?? ''
export const namespaceOf = (ds: DaemonSet): string => ds.metadata.namespace ?? 'default'
export const uidOf = (ds: DaemonSet): string => ds.metadata.uid ?? ''

/** The parsed selector; `null` (matches nothing) when missing or invalid. */
export const selectorOf = (ds: DaemonSet): Selector => {
  const s = fromLabelSelector(ds.spec.selector)
  return typeof s === 'string' ? null : s
}

/** Whether the selector is `{}`: upstream refuses to manage a set that selects every pod. */
export const isSelectingAll = (ds: DaemonSet): boolean =>
  ds.spec.selector !== undefined &&
  Object.keys(ds.spec.selector.matchLabels ?? {}).length === 0 &&
  (ds.spec.selector.matchExpressions ?? []).length === 0

/** `spec.updateStrategy.type`, RollingUpdate when unset (the apps/v1 default). */
export const strategyTypeOf = (ds: DaemonSet): string => ds.spec.updateStrategy?.type ?? ROLLING_UPDATE

export const minReadySecondsOf = (ds: DaemonSet): number => ds.spec.minReadySeconds ?? 0

/** `util.GetTemplateGeneration`: the deprecated annotation as an integer, undefined when absent or unparsable. */
export const templateGenerationOf = (ds: DaemonSet): number | undefined => {
  const raw = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION]
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return undefined
  return Number(raw)
}

/** `metav1.NewControllerRef(ds, DaemonSet)`. */
export const controllerRefFor = (ds: DaemonSet): OwnerReference => newControllerRef(ds)

/** The `involvedObject` of the Events about this set. */
export const involvedOf = (ds: DaemonSet) => ({ kind: 'DaemonSet', namespace: namespaceOf(ds), name: nameOf(ds) })
