import { newControllerRef } from '../../model/meta.js'
import type { KObject, OwnerReference } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'
import { claimName, inOrdinalRange, ordinalOf } from './identity.js'
import { namespaceOf, retentionPolicyOf, setControllerRef, type StatefulSet } from './types.js'

/** A stored PersistentVolumeClaim, as far as the controller looks at it. */
export type Claim = KObject

// ---- construction

/**
 * `getPersistentVolumeClaims`: one claim per template, named `<template>-<set>-<ordinal>`, in the set's
 * namespace, labelled with the template's labels overwritten by the selector's matchLabels. Reel also
 * gives a new claim the set's owner reference when the policy wants one (upstream adds it in a second
 * write right after the pod is created; see README).
 */
export const claimsFor = (set: StatefulSet, ordinal: number): Claim[] =>
  (set.spec.volumeClaimTemplates ?? []).map((t) => {
    const { name: _n, namespace: _ns, ...meta } = t.metadata ?? {}
    const labels = { ...(meta.labels ?? {}), ...(set.spec.selector?.matchLabels ?? {}) }
    const owners = retentionPolicyOf(set).whenDeleted === 'Delete' ? [setControllerRef(set)] : []
    return {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        ...meta,
        name: claimName(set, t, ordinal),
        namespace: namespaceOf(set),
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
        ...(owners.length > 0 ? { ownerReferences: owners } : {}),
      },
      spec: { ...(t.spec ?? {}) },
    }
  })

/** The stored claims of a pod's ordinal, in template order (missing ones are absent). */
export const storedClaimsOf = (s: ClusterState, set: StatefulSet, ordinal: number): Claim[] =>
  (set.spec.volumeClaimTemplates ?? []).flatMap((t) => {
    const c = getObject(s, 'PersistentVolumeClaim', namespaceOf(set), claimName(set, t, ordinal))
    return c === undefined ? [] : [c]
  })

// ---- staleness

/** `hasStaleOwnerRef`: a ref of that kind and name but another uid (an earlier incarnation). */
const hasStaleOwnerRef = (claim: Claim, kind: string, name: string, uid: string): boolean =>
  (claim.metadata.ownerReferences ?? []).some((r) => r.kind === kind && r.name === name && r.uid !== uid)

/**
 * `PodClaimIsStale`: under a non-Retain policy, a claim still owned by an earlier pod of this name will be
 * garbage-collected, so the pod must not be created on it yet.
 */
export const podClaimIsStale = (s: ClusterState, set: StatefulSet, pod: Pod): boolean => {
  const p = retentionPolicyOf(set)
  if (p.whenDeleted === 'Retain' && p.whenScaled === 'Retain') return false
  return storedClaimsOf(s, set, ordinalOf(pod)).some((c) => hasStaleOwnerRef(c, 'Pod', pod.metadata.name ?? '', pod.metadata.uid ?? ''))
}

// ---- retention policy (stateful_set_utils.go claimOwnerMatchesSetAndPod / updateClaimOwnerRefForSetAndPod)

const hasOwnerRef = (claim: Claim, uid: string): boolean => uid !== '' && (claim.metadata.ownerReferences ?? []).some((r) => r.uid === uid)

/** A controller other than this set or pod: the claim is someone else's, leave it alone. */
const hasUnexpectedController = (claim: Claim, set: StatefulSet, pod: Pod): boolean =>
  (claim.metadata.ownerReferences ?? []).some(
    (r) => r.controller === true && r.uid !== set.metadata.uid && r.uid !== pod.metadata.uid,
  )

const podControllerRef = (pod: Pod): OwnerReference => newControllerRef(pod)

/** Which owners the policy wants on a claim of this pod: the set, the pod, neither. */
const wantedOwners = (set: StatefulSet, pod: Pod): { set: boolean; pod: boolean } => {
  const p = retentionPolicyOf(set)
  const scaledDown = !inOrdinalRange(set, pod)
  if (p.whenScaled === 'Delete' && scaledDown) return { set: false, pod: true }
  return { set: p.whenDeleted === 'Delete', pod: false }
}

/** `claimOwnerMatchesSetAndPod`: true when the claim's owner refs are what the policy wants. */
export const claimOwnerMatches = (claim: Claim, set: StatefulSet, pod: Pod): boolean => {
  if (hasUnexpectedController(claim, set, pod)) return true
  const want = wantedOwners(set, pod)
  return hasOwnerRef(claim, set.metadata.uid ?? '') === want.set && hasOwnerRef(claim, pod.metadata.uid ?? '') === want.pod
}

/** `updateClaimOwnerRefForSetAndPod`: the claim with the refs the policy wants (others kept). */
export const withPolicyOwners = (claim: Claim, set: StatefulSet, pod: Pod): Claim => {
  const want = wantedOwners(set, pod)
  const setUid = set.metadata.uid ?? ''
  const podUid = pod.metadata.uid ?? ''
  const refs = (claim.metadata.ownerReferences ?? []).filter((r) => (r.uid !== setUid || want.set) && (r.uid !== podUid || want.pod))
  if (want.set && !hasOwnerRef(claim, setUid)) refs.push(setControllerRef(set))
  if (want.pod && !hasOwnerRef(claim, podUid)) refs.push(podControllerRef(pod))
  const { ownerReferences: _o, ...meta } = claim.metadata
  return { ...claim, metadata: refs.length > 0 ? { ...meta, ownerReferences: refs } : meta }
}

/** `ClaimsMatchRetentionPolicy` over the stored claims of the pod (missing claims match). */
export const claimsMatchPolicy = (s: ClusterState, set: StatefulSet, pod: Pod): boolean =>
  storedClaimsOf(s, set, ordinalOf(pod)).every((c) => claimOwnerMatches(c, set, pod))

/** `UpdatePodClaimForRetentionPolicy`: the claims whose owner refs must change, already changed. */
export const claimsToFix = (s: ClusterState, set: StatefulSet, pod: Pod): Claim[] =>
  storedClaimsOf(s, set, ordinalOf(pod)).flatMap((c) => (claimOwnerMatches(c, set, pod) ? [] : [withPolicyOwners(c, set, pod)]))
