import type { DeleteOptions, ObjectRef } from '../../api/commands.js'
import { decideDelete } from '../../api/delete.js'
import type { KObject } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { RESOURCE_TYPES, type ResourceType } from '../../model/resources.js'
import { type ClusterState, listObjects } from '../../state/clusterState.js'
import type { ControllerCommand } from '../controller.js'

/** How long to wait for content held by finalizers (`finalizerEstimateSeconds`). */
export const FINALIZER_ESTIMATE_SECONDS = 15

/** The namespace controller deletes with Background propagation so the GC adds no `orphan` finalizer. */
export const CONTENT_DELETE_OPTIONS: DeleteOptions = { propagationPolicy: 'Background' }

/** What one pass of `deleteAllContent` did and found. */
export interface ContentDeletion {
  /** The deletes to issue (objects not yet being deleted), in resource-type then name order. */
  readonly commands: readonly ControllerCommand[]
  /** The largest wait any resource type asked for, in seconds; 0 when nothing is worth waiting for. */
  readonly estimateSeconds: number
  /** `<plural>.<group>` → instances still present after the deletes (`gvrToNumRemaining`). */
  readonly remainingByResource: ReadonlyMap<string, number>
  /** Finalizer → instances it still holds (`finalizersToNumRemaining`). */
  readonly remainingByFinalizer: ReadonlyMap<string, number>
  /** The per-resource errors (`unexpected items still remain …`), sorted later for the condition. */
  readonly errors: readonly string[]
}

/** The namespaced types the controller empties: every namespaced kind Reel serves (discovery). */
export const NAMESPACED_TYPES: readonly ResourceType[] = RESOURCE_TYPES.filter((t) => t.namespaced)

/**
 * `estimateGracefulTermination`: for pods, the longest `terminationGracePeriodSeconds` of the pods not
 * yet Succeeded or Failed; 0 for other types, and 0 once the namespace has been terminating that long.
 */
export const estimateGracefulTermination = (s: ClusterState, rt: ResourceType, namespace: string, deletedAtMs: number, nowMs: number): number => {
  if (rt.kind !== 'Pod') return 0
  let estimate = 0
  for (const p of listObjects<Pod>(s, 'Pod', namespace)) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue
    const grace = p.spec.terminationGracePeriodSeconds
    if (grace !== undefined && grace > estimate) estimate = grace
  }
  return nowMs - deletedAtMs >= estimate * 1000 ? 0 : estimate
}

/**
 * The object as it stays after a Background delete, or undefined when the delete removes it at once —
 * asked of the write path itself (`decideDelete`, pure), so that the controller's count of what remains
 * agrees with what the API server does: scheduled pods terminate gracefully, finalizers hold objects.
 */
const afterDelete = (s: ClusterState, o: KObject, ref: ObjectRef, nowMs: number): KObject | undefined => {
  const d = decideDelete(s, ref, CONTENT_DELETE_OPTIONS, { actor: 'controller:namespace', atMs: nowMs })
  if (!d.ok) return o
  return d.events[0]?.type === 'object/deleted' ? undefined : (d.object ?? o)
}

const increment = (m: Map<string, number>, key: string, by = 1): void => {
  m.set(key, (m.get(key) ?? 0) + by)
}

/** `GroupVersionResource.String()`: `apps/v1, Resource=deployments`, `/v1, Resource=pods`. */
const gvrString = (rt: ResourceType): string => `${rt.group}/${rt.version}, Resource=${rt.plural}`

/**
 * Mirrors `namespacedResourcesDeleter.deleteAllContent` and `deleteAllContentForGroupVersionResource`:
 * for every namespaced type (via the `Kind/ns` index) delete what is not already being deleted, then count
 * what remains as upstream's follow-up list would see it. Remaining pods within their grace estimate,
 * or content held by finalizers, are a wait; anything else remaining is an error.
 */
export const deleteAllContent = (s: ClusterState, namespace: string, deletedAtMs: number, nowMs: number): ContentDeletion => {
  const commands: ControllerCommand[] = []
  const remainingByResource = new Map<string, number>()
  const remainingByFinalizer = new Map<string, number>()
  const errors: string[] = []
  let estimateSeconds = 0
  for (const rt of NAMESPACED_TYPES) {
    const objects = listObjects(s, rt.kind, namespace)
    if (objects.length === 0) continue
    const estimate = estimateGracefulTermination(s, rt, namespace, deletedAtMs, nowMs)
    const remaining: KObject[] = []
    for (const o of objects) {
      if (o.metadata.deletionTimestamp !== undefined) {
        remaining.push(o)
        continue
      }
      const ref: ObjectRef = { kind: rt.kind, namespace, name: o.metadata.name ?? '' }
      commands.push({ verb: 'delete', ref, options: CONTENT_DELETE_OPTIONS })
      const after = afterDelete(s, o, ref, nowMs)
      if (after !== undefined) remaining.push(after)
    }
    if (remaining.length === 0) continue
    const finalizers = new Map<string, number>()
    for (const o of remaining) for (const f of o.metadata.finalizers ?? []) increment(finalizers, f)
    increment(remainingByResource, `${rt.plural}.${rt.group}`, remaining.length)
    if (estimate === 0 && finalizers.size === 0) {
      errors.push(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(rt)}`)
      continue
    }
    for (const [f, n] of finalizers) increment(remainingByFinalizer, f, n)
    estimateSeconds = Math.max(estimateSeconds, estimate !== 0 ? estimate : FINALIZER_ESTIMATE_SECONDS)
  }
  return { commands, estimateSeconds, remainingByResource, remainingByFinalizer, errors }
}
