import { HPA_V1, hpaToV1 } from '../api/hpaV1.js'
import type { KObject } from '../model/meta.js'
import { RESOURCE_TYPES, resourceForKind, type ResourceType } from '../model/resources.js'

/**
 * Old workload group/versions Reel still serves, because the seed walkthroughs' manifests use them
 * (`apps/v1beta1` Deployments). A real 1.32 API server no longer serves them; Reel accepts writes in them
 * and converts to `apps/v1` with the old version's defaults (`api/convert.ts`), and answers reads with
 * the stored `apps/v1` objects. The kinds are those each version served upstream.
 * `autoscaling/v1` is no legacy (1.32 serves it beside v2) but is served the same way: `kubectl autoscale`
 * writes it, and its reads are converted back from the stored v2 (`api/hpaV1.ts`).
 */
const LEGACY_KINDS: readonly (readonly [group: string, version: string, kinds: readonly string[]])[] = [
  ['apps', 'v1beta1', ['Deployment', 'StatefulSet']],
  ['apps', 'v1beta2', ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']],
  ['extensions', 'v1beta1', ['Deployment', 'ReplicaSet', 'DaemonSet']],
  ['autoscaling', 'v1', ['HorizontalPodAutoscaler']],
]

/**
 * The legacy versions' resource types. They carry no short names and no categories, so `deploy` and
 * `kubectl get all` keep resolving to `apps/v1` only.
 */
export const LEGACY_RESOURCE_TYPES: readonly ResourceType[] = LEGACY_KINDS.flatMap(([group, version, kinds]) =>
  kinds.flatMap((kind) => {
    const t = resourceForKind(kind)
    return t === undefined ? [] : [{ ...t, group, version, shortNames: [], categories: [] }]
  }),
)

/** Every resource type the server answers for: the storage versions first, then the legacy ones. */
export const SERVED_RESOURCE_TYPES: readonly ResourceType[] = [...RESOURCE_TYPES, ...LEGACY_RESOURCE_TYPES]

const LEGACY: ReadonlySet<ResourceType> = new Set(LEGACY_RESOURCE_TYPES)

/**
 * An object as a request in `type`'s version gets it: a stored `apps/v1` object relabelled with the
 * legacy apiVersion (the fields Reel keeps are common to both), so that `kubectl apply` of an
 * `apps/v1beta1` manifest compares like with like and finds nothing to patch when nothing changed.
 */
export const servedAs = <O extends { readonly apiVersion: string; readonly kind: string }>(o: O, type: ResourceType): O => {
  if (!LEGACY.has(type) || o.kind !== type.kind) return o
  const relabelled = { ...o, apiVersion: `${type.group}/${type.version}` }
  return relabelled.apiVersion === HPA_V1 ? (hpaToV1(relabelled as unknown as KObject) as unknown as O) : relabelled
}
