import type { KObject } from '../../model/meta.js'
import { forbidden, type Status } from '../../model/status.js'

/**
 * Write-path rules of Namespaces that the controller relies on. They depend only on `model/`, so that the
 * API layer can take them over unchanged (see README "Wiring"): the controller must not be imported by
 * `api/`.
 */

/** The finalizer token the namespace controller owns in `spec.finalizers` (`v1.FinalizerKubernetes`). */
export const FINALIZER_KUBERNETES = 'kubernetes'

/**
 * The namespaces the NamespaceLifecycle admission plugin refuses to delete (`immortalNamespaces`:
 * default, kube-system, kube-public). `kube-node-lease` is not among them, as upstream.
 */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public'])

/**
 * NamespaceLifecycle's refusal of a delete of an immortal namespace: 403 Forbidden
 * `namespaces "default" is forbidden: this namespace may not be deleted`; undefined when allowed.
 */
export const refuseImmortalNamespaceDelete = (kind: string, name: string): Status | undefined =>
  kind === 'Namespace' && IMMORTAL_NAMESPACES.has(name)
    ? forbidden({ kind: 'Namespace', plural: 'namespaces', group: '', name }, 'this namespace may not be deleted')
    : undefined

/** The `spec.finalizers` of a Namespace (empty for any other kind). */
export const specFinalizersOf = (o: KObject): readonly string[] => {
  if (o.kind !== 'Namespace') return []
  const f = (o.spec as { finalizers?: unknown } | undefined)?.finalizers
  return Array.isArray(f) ? (f as string[]) : []
}

/**
 * `ShouldDeleteNamespaceDuringUpdate`: a Namespace is removed by a write only once both its
 * `metadata.finalizers` and its `spec.finalizers` are empty. For other kinds this adds nothing.
 */
export const specFinalizersRemain = (o: KObject): boolean => specFinalizersOf(o).length > 0
