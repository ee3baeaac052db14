import type { Command, DeleteOptions, ObjectRef } from '../api/commands.js'
import type { KObject } from '../model/meta.js'
import { objectKey } from '../model/meta.js'
import { resolveResource } from '../model/resources.js'
import type { ClusterState } from '../state/clusterState.js'

/** kubectl's client-side apply annotation. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

type Json = Record<string, unknown>

const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)

/**
 * A merge patch that turns `live` into `desired` for the fields this manager owns: everything in
 * `desired`, plus `null` for fields that were in the last applied configuration and are gone now.
 */
export const applyPatch = (lastApplied: unknown, desired: unknown): unknown => {
  if (!isObj(desired)) return desired
  const out: Json = {}
  for (const [k, v] of Object.entries(desired)) out[k] = isObj(v) ? applyPatch(isObj(lastApplied) ? lastApplied[k] : undefined, v) : v
  if (isObj(lastApplied)) for (const k of Object.keys(lastApplied)) if (!(k in desired)) out[k] = null
  return out
}

/** The namespace an object goes to: its own, the `-n` flag, or `default`; none for cluster-scoped kinds. */
export const namespaceFor = (o: KObject, flag: string | undefined): string | undefined => {
  const rt = resolveResource(o.kind)
  if (rt && !rt.namespaced) return undefined
  return o.metadata.namespace ?? flag ?? 'default'
}

/**
 * `kubectl apply` (client-side): create with the last-applied annotation when absent, otherwise a merge
 * patch computed against the previous last-applied configuration (so removed fields are removed).
 */
export const applyCommand = (s: ClusterState, manifest: KObject, namespace: string | undefined): Command => {
  const ns = namespaceFor(manifest, namespace)
  const desired: KObject = { ...manifest, metadata: { ...manifest.metadata, ...(ns !== undefined ? { namespace: ns } : {}) } }
  const annotated: KObject = {
    ...desired,
    metadata: { ...desired.metadata, annotations: { ...(desired.metadata.annotations ?? {}), [LAST_APPLIED]: `${JSON.stringify(desired)}\n` } },
  }
  const live = s.objects.get(objectKey(manifest.kind, ns, manifest.metadata.name ?? ''))
  if (!live || !manifest.metadata.name) return { verb: 'create', object: annotated }
  const previous = live.metadata.annotations?.[LAST_APPLIED]
  let last: unknown
  try {
    last = previous ? JSON.parse(previous) : undefined
  } catch {
    last = undefined
  }
  const { apiVersion: _a, kind: _k, ...rest } = annotated
  return { verb: 'patch', ref: refOf(annotated), patch: applyPatch(last, rest) as Json }
}

export const refOf = (o: KObject): ObjectRef => ({
  kind: o.kind,
  ...(o.metadata.namespace !== undefined ? { namespace: o.metadata.namespace } : {}),
  name: o.metadata.name ?? '',
})

/** `kubectl create -f`: a plain create in the object's (or the flag's) namespace. */
export const createCommand = (manifest: KObject, namespace: string | undefined): Command => {
  const ns = namespaceFor(manifest, namespace)
  return { verb: 'create', object: { ...manifest, metadata: { ...manifest.metadata, ...(ns !== undefined ? { namespace: ns } : {}) } } }
}

/** `kubectl scale`: the replicas through a merge patch of the main resource. */
export const scaleCommand = (ref: ObjectRef, replicas: number): Command => ({ verb: 'patch', ref, patch: { spec: { replicas } } })

/** `kubectl label`: `k=v` sets, `k-` removes. */
export const labelCommand = (ref: ObjectRef, labels: Readonly<Record<string, string | null>>): Command => ({
  verb: 'patch',
  ref,
  patch: { metadata: { labels } },
})

/** `kubectl delete` options: `--cascade` (background|foreground|orphan), `--grace-period`, `--force`. */
export const deleteOptions = (opts: { cascade?: string; gracePeriod?: number; force?: boolean }): DeleteOptions => {
  const cascade = (opts.cascade ?? 'background').toLowerCase()
  const policy = cascade === 'orphan' || cascade === 'false' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : 'Background'
  const grace = opts.force && opts.gracePeriod === undefined ? 0 : opts.gracePeriod
  return { propagationPolicy: policy, ...(grace !== undefined && grace >= 0 ? { gracePeriodSeconds: grace } : {}) }
}
