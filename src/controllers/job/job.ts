import type { KObject } from '../../model/meta.js'
import type { PodTemplateSpec } from '../../model/pod.js'
import type { LabelSelector } from '../../model/selector.js'

// ---- model

/** `batch/v1` JobCondition: Complete, Failed, Suspended, and the interim SuccessCriteriaMet / FailureTarget. */
export interface JobCondition {
  readonly type: string
  readonly status: string
  readonly lastProbeTime?: string
  readonly lastTransitionTime?: string
  readonly reason?: string
  readonly message?: string
}

/** `status.uncountedTerminatedPods`: uids of finished pods whose finalizer is being removed. */
export interface UncountedTerminatedPods {
  readonly succeeded?: readonly string[]
  readonly failed?: readonly string[]
}

/** `batch/v1` JobStatus, the fields the job controller writes. */
export interface JobStatus {
  readonly startTime?: string
  readonly completionTime?: string
  readonly active?: number
  readonly ready?: number
  readonly succeeded?: number
  readonly failed?: number
  readonly terminating?: number
  readonly completedIndexes?: string
  readonly uncountedTerminatedPods?: UncountedTerminatedPods
  readonly conditions?: readonly JobCondition[]
}

/** One `podFailurePolicy` rule (exit codes only; pod conditions are not simulated). */
export interface PodFailurePolicyRule {
  readonly action: 'FailJob' | 'Ignore' | 'Count' | 'FailIndex'
  readonly onExitCodes?: { readonly containerName?: string; readonly operator: 'In' | 'NotIn'; readonly values: readonly number[] }
}

/** `batch/v1` JobSpec. */
export interface JobSpec {
  readonly template: PodTemplateSpec
  readonly selector?: LabelSelector
  readonly manualSelector?: boolean
  readonly parallelism?: number
  readonly completions?: number
  readonly backoffLimit?: number
  readonly activeDeadlineSeconds?: number
  readonly ttlSecondsAfterFinished?: number
  readonly completionMode?: 'NonIndexed' | 'Indexed'
  readonly suspend?: boolean
  readonly podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed'
  readonly podFailurePolicy?: { readonly rules: readonly PodFailurePolicyRule[] }
}

/** A `batch/v1` Job as stored. */
export interface Job extends KObject {
  readonly kind: 'Job'
  readonly spec: JobSpec
  readonly status?: JobStatus
}

// ---- constants (upstream names)

/** The finalizer that keeps a finished pod until the controller has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking'
/** Annotation and label carrying an Indexed job pod's index. */
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index'
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name'
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid'
export const LEGACY_JOB_NAME_LABEL = 'job-name'
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid'

// ---- selectors

export const isIndexed = (job: Job): boolean => job.spec.completionMode === 'Indexed'
export const isSuspended = (job: Job): boolean => job.spec.suspend === true
export const parallelismOf = (job: Job): number => job.spec.parallelism ?? 1
export const backoffLimitOf = (job: Job): number => job.spec.backoffLimit ?? 6

/** `onlyReplaceFailedPods`: replacement waits for terminating pods to be Failed. */
export const onlyReplaceFailedPods = (job: Job): boolean =>
  job.spec.podReplacementPolicy === 'Failed' || job.spec.podFailurePolicy !== undefined

export const jobKeyOf = (job: KObject): string => `${job.metadata.namespace ?? ''}/${job.metadata.name ?? ''}`
