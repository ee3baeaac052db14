import { fromTimestamp, toTimestamp } from '../../kernel/brand.js'
import type { KObject } from '../../model/meta.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'
import { type ControllerCommand, NO_CHANGE, type ReconcileResult } from '../controller.js'
import { contentConditions, type NamespaceCondition, updateConditions } from './conditions.js'
import { deleteAllContent } from './deleteContent.js'
import { finalizeNamespaceCommand } from './finalize.js'
import { FINALIZER_KUBERNETES, specFinalizersOf } from '../../api/kinds/namespace.js'

/** The namespace controller's retry limits (`nsControllerRateLimiter`: 5 ms doubling up to 60 s). */
export const RETRY_BASE_MS = 5
export const RETRY_MAX_MS = 60_000

interface NamespaceStatusJson {
  readonly phase?: string
  readonly conditions?: readonly NamespaceCondition[]
  readonly [field: string]: unknown
}

/**
 * The rate-limited retry after a failed pass. Upstream doubles 5 ms per consecutive failure; failures
 * k = 1, 2, … happen 5·(2^(k−1) − 1) ms after the first, so the next delay is "time since the first
 * failure + 5 ms". Reel reads the first failure from the `NamespaceDeletionContentFailure` condition's
 * `lastTransitionTime`, which keeps the retry schedule in the state rather than in controller memory.
 */
export const retryDelayMs = (conditions: readonly NamespaceCondition[], nowMs: number): number => {
  const failure = conditions.find((c) => c.type === 'NamespaceDeletionContentFailure' && c.status === 'True')
  const since = failure === undefined ? undefined : fromTimestamp(failure.lastTransitionTime)
  const elapsed = since === undefined ? 0 : Math.max(0, nowMs - since)
  return Math.min(RETRY_MAX_MS, elapsed + RETRY_BASE_MS)
}

/** `ResourcesRemainingError` handling: wait `estimate / 2 + 1` whole seconds (integer division). */
export const remainingDelayMs = (estimateSeconds: number): number => (Math.floor(estimateSeconds / 2) + 1) * 1000

/**
 * Mirrors kubernetes pkg/controller/namespace `syncNamespaceFromKey` → `namespacedResourcesDeleter.Delete`:
 * for a namespace being deleted that still carries the `kubernetes` finalizer, delete all its content,
 * record the deletion conditions on its status, and either wait (content remaining: requeue after
 * estimate/2+1 s; errors: rate-limited retry) or finalize it (remove `kubernetes` from
 * `spec.finalizers`, which lets the API server remove it).
 */
export const reconcileNamespace = (s: ClusterState, name: string, nowMs: number): ReconcileResult => {
  const ns = getObject(s, 'Namespace', undefined, name)
  if (ns === undefined || ns.metadata.deletionTimestamp === undefined) return NO_CHANGE
  // Already finalized by us: nothing left for this controller (upstream returns once spec.finalizers is empty).
  if (!specFinalizersOf(ns).includes(FINALIZER_KUBERNETES)) return NO_CHANGE
  const deletedAtMs = fromTimestamp(ns.metadata.deletionTimestamp) ?? nowMs
  const content = deleteAllContent(s, name, deletedAtMs, nowMs)
  const status = (ns.status as NamespaceStatusJson | undefined) ?? {}
  const at = toTimestamp(nowMs)
  const { conditions, changed } = updateConditions(status.conditions ?? [], contentConditions(content, at), at)
  const commands: ControllerCommand[] = [...content.commands]
  if (changed || status.phase !== 'Terminating')
    commands.push({ verb: 'updateStatus', object: { ...ns, status: { ...status, phase: 'Terminating', conditions } } as KObject })
  if (content.errors.length > 0) return { commands, requeueAfterMs: retryDelayMs(status.conditions ?? [], nowMs) }
  if (content.estimateSeconds > 0) return { commands, requeueAfterMs: remainingDelayMs(content.estimateSeconds) }
  commands.push(finalizeNamespaceCommand(ns))
  return { commands }
}
