import type { KObject } from '../../model/meta.js'
import { isPodReady, type Pod } from '../../model/pod.js'
import { isPodAvailable } from '../replicaSet/status.js'
import {
  type ClaimTemplate,
  endOrdinalOf,
  nameOf,
  namespaceOf,
  setControllerRef,
  type StatefulSet,
  startOrdinalOf,
} from './types.js'

// ---- labels (k8s.io/api/apps/v1 types.go)

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name'
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index'
export const REVISION_LABEL = 'controller-revision-hash'

const MAX_INT32 = 2147483647
const ORDINAL_RE = /^(.*)-([0-9]+)$/

// ---- names

/** `getParentNameAndOrdinal`: the greedy `(.*)-([0-9]+)$` split; ordinal −1 when absent or beyond int32. */
export const parentAndOrdinal = (podName: string): { parent: string; ordinal: number } => {
  const m = ORDINAL_RE.exec(podName)
  if (m === null) return { parent: '', ordinal: -1 }
  const ordinal = Number(m[2])
  return ordinal > MAX_INT32 ? { parent: '', ordinal: -1 } : { parent: m[1] ?? '', ordinal }
}

export const ordinalOf = (p: KObject): number => parentAndOrdinal(p.metadata.name ?? '').ordinal

/** `getPodName`: `<set>-<ordinal>`. */
export const podName = (set: StatefulSet, ordinal: number): string => `${nameOf(set)}-${ordinal}`

/** `getPersistentVolumeClaimName`: `<template>-<set>-<ordinal>`. */
export const claimName = (set: StatefulSet, template: ClaimTemplate, ordinal: number): string =>
  `${template.metadata?.name ?? ''}-${nameOf(set)}-${ordinal}`

/** `isMemberOf`: the pod's parent name is the set's name. */
export const isMemberOf = (set: StatefulSet, p: KObject): boolean => parentAndOrdinal(p.metadata.name ?? '').parent === nameOf(set)

/** `podInOrdinalRange`: start ≤ ordinal ≤ start + replicas − 1. */
export const inOrdinalRange = (set: StatefulSet, p: KObject): boolean => {
  const o = ordinalOf(p)
  return o >= startOrdinalOf(set) && o <= endOrdinalOf(set)
}

// ---- pod predicates (stateful_set_utils.go)

/** `isCreated`: the API server has it (a pod object we only built has no phase). */
export const isCreated = (p: Pod): boolean => (p.status?.phase ?? '') !== ''
export const isFailed = (p: Pod): boolean => p.status?.phase === 'Failed'
export const isSucceeded = (p: Pod): boolean => p.status?.phase === 'Succeeded'
export const isPending = (p: Pod): boolean => p.status?.phase === 'Pending'
export const isTerminating = (p: Pod): boolean => p.metadata.deletionTimestamp !== undefined
export const isRunningAndReady = (p: Pod): boolean => p.status?.phase === 'Running' && isPodReady(p)
export const isRunningAndAvailable = (p: Pod, minReadySeconds: number, nowMs: number): boolean =>
  isRunningAndReady(p) && isPodAvailable(p, minReadySeconds, nowMs)
/** Not Running, Ready and available for minReadySeconds — or terminating. */
export const isUnavailable = (p: Pod, minReadySeconds: number, nowMs: number): boolean =>
  !isCreated(p) || isTerminating(p) || !isRunningAndAvailable(p, minReadySeconds, nowMs)
export const revisionOf = (p: KObject): string => p.metadata.labels?.[REVISION_LABEL] ?? ''

// ---- identity and storage

/** `identityMatches`: parent, name, namespace and the pod-name label agree with the ordinal. */
export const identityMatches = (set: StatefulSet, p: KObject): boolean => {
  const { parent, ordinal } = parentAndOrdinal(p.metadata.name ?? '')
  return (
    ordinal >= 0 &&
    parent === nameOf(set) &&
    p.metadata.name === podName(set, ordinal) &&
    p.metadata.namespace === namespaceOf(set) &&
    p.metadata.labels?.[POD_NAME_LABEL] === p.metadata.name
  )
}

interface ClaimVolume {
  readonly name: string
  readonly persistentVolumeClaim?: { readonly claimName?: string; readonly readOnly?: boolean }
}

/** `storageMatches`: every claim template has a volume of its name pointing at this ordinal's claim. */
export const storageMatches = (set: StatefulSet, p: Pod): boolean => {
  const ordinal = ordinalOf(p)
  if (ordinal < 0) return false
  const volumes = (p.spec.volumes ?? []) as readonly ClaimVolume[]
  return (set.spec.volumeClaimTemplates ?? []).every((t) => {
    const v = volumes.find((x) => x.name === (t.metadata?.name ?? ''))
    return v?.persistentVolumeClaim?.claimName === claimName(set, t, ordinal)
  })
}

/** `updateIdentity`: name, namespace, the pod-name and pod-index labels. */
export const withIdentity = (set: StatefulSet, p: Pod): Pod => {
  const ordinal = ordinalOf(p)
  const name = podName(set, ordinal)
  return {
    ...p,
    metadata: {
      ...p.metadata,
      name,
      namespace: namespaceOf(set),
      labels: { ...(p.metadata.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
    },
  }
}

/**
 * `updateStorage`: one volume per claim template (in template order; upstream iterates a Go map) naming
 * this ordinal's claim, then the pod's other volumes; a template volume of the same name is replaced.
 */
export const withStorage = (set: StatefulSet, p: Pod): Pod => {
  const templates = set.spec.volumeClaimTemplates ?? []
  if (templates.length === 0) return p
  const ordinal = ordinalOf(p)
  const names = new Set(templates.map((t) => t.metadata?.name ?? ''))
  const claimVolumes = templates.map((t) => ({
    name: t.metadata?.name ?? '',
    persistentVolumeClaim: { claimName: claimName(set, t, ordinal), readOnly: false },
  }))
  const others = (p.spec.volumes ?? []).filter((v) => !names.has(v.name))
  return { ...p, spec: { ...p.spec, volumes: [...claimVolumes, ...others] } }
}

/**
 * `newStatefulSetPod`: `GetPodFromTemplate` (labels, annotations, finalizers, spec, controller ref,
 * `generateName: <set>-`), then the name, identity labels, hostname, subdomain and claim volumes.
 */
export const newStatefulSetPod = (set: StatefulSet, ordinal: number, revisionName: string): Pod => {
  const meta = set.spec.template.metadata ?? {}
  const name = podName(set, ordinal)
  const base: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${nameOf(set)}-`,
      namespace: namespaceOf(set),
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations !== undefined ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers !== undefined ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [setControllerRef(set)],
    },
    spec: {
      ...set.spec.template.spec,
      hostname: name,
      ...(set.spec.serviceName ? { subdomain: set.spec.serviceName } : {}),
    },
  }
  const withId = withStorage(set, withIdentity(set, base))
  return { ...withId, metadata: { ...withId.metadata, labels: { ...withId.metadata.labels, [REVISION_LABEL]: revisionName } } }
}
