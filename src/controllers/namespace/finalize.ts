import type { Command } from '../../api/commands.js'
import type { KObject } from '../../model/meta.js'
import { FINALIZER_KUBERNETES, specFinalizersOf } from '../../api/kinds/namespace.js'

/**
 * The `namespaces/finalize` write (`finalizeNamespace`): the namespace with `token` removed from
 * `spec.finalizers`, the rest kept and sorted (upstream rebuilds them through a sorted set). Reel has no
 * `finalize` verb, so this is a full `update` without a resourceVersion precondition (upstream retries
 * conflicts); `spec.finalizers` is written as `[]` rather than omitted, because defaulting on update
 * would otherwise put `kubernetes` back. Once the write path treats an emptied `spec.finalizers` like
 * an emptied `metadata.finalizers` (README "Wiring"), this write removes the namespace.
 */
export const finalizeNamespaceCommand = (ns: KObject, token: string = FINALIZER_KUBERNETES): Command => {
  const rest = [...new Set(specFinalizersOf(ns).filter((f) => f !== token))].sort()
  const { resourceVersion: _rv, ...metadata } = ns.metadata
  return {
    verb: 'update',
    object: { ...ns, metadata, spec: { ...((ns.spec as Record<string, unknown> | undefined) ?? {}), finalizers: rest } },
  }
}
