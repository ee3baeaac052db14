import type { ContentDeletion } from './deleteContent.js'

/** `v1.NamespaceCondition` as stored. */
export interface NamespaceCondition {
  readonly type: string
  readonly status: 'True' | 'False' | 'Unknown'
  readonly lastTransitionTime?: string
  readonly reason?: string
  readonly message?: string
}

/** The condition types the namespace deleter maintains, in upstream's order (`conditionTypes`). */
export const NAMESPACE_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const

type ConditionType = (typeof NAMESPACE_CONDITION_TYPES)[number]

/** The `False` variant of each condition: `okReasons` / `okMessages`. */
const OK: Record<ConditionType, { readonly reason: string; readonly message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
}

const failing = (type: ConditionType, reason: string, message: string, at: string): NamespaceCondition => ({
  type,
  status: 'True',
  lastTransitionTime: at,
  reason,
  message,
})

const sortedEntries = (m: ReadonlyMap<string, number>, format: (key: string, n: number) => string): string[] =>
  [...m].filter(([, n]) => n !== 0).map(([k, n]) => format(k, n)).sort()

/**
 * The failing conditions one deletion pass reports (`ProcessContentTotals`, `makeDeleteContentCondition`):
 * content remaining by resource, content held by finalizers, and the per-resource delete errors.
 * Discovery and group-version parsing never fail in Reel: their conditions are always the `False` kind.
 */
export const contentConditions = (d: ContentDeletion, at: string): NamespaceCondition[] => {
  const out: NamespaceCondition[] = []
  if (d.remainingByResource.size > 0) {
    const list = sortedEntries(d.remainingByResource, (gr, n) => `${gr} has ${n} resource instances`)
    out.push(failing('NamespaceContentRemaining', 'SomeResourcesRemain', `Some resources are remaining: ${list.join(', ')}`, at))
  }
  if (d.remainingByFinalizer.size > 0) {
    const list = sortedEntries(d.remainingByFinalizer, (f, n) => `${f} in ${n} resource instances`)
    out.push(
      failing('NamespaceFinalizersRemaining', 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${list.join(', ')}`, at),
    )
  }
  if (d.errors.length > 0) {
    const msgs = [...d.errors].sort()
    out.push(
      failing('NamespaceDeletionContentFailure', 'ContentDeletionFailed', `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`, at),
    )
  }
  return out
}

/**
 * `updateConditions`: for each maintained type, the failing condition when there is one, else its `False`
 * variant; a missing condition is appended, a different one is rewritten in place, and its
 * `lastTransitionTime` moves only when the status flips. Conditions of other types are kept.
 */
export const updateConditions = (
  old: readonly NamespaceCondition[],
  fresh: readonly NamespaceCondition[],
  at: string,
): { readonly conditions: NamespaceCondition[]; readonly changed: boolean } => {
  const conditions = [...old]
  let changed = false
  for (const type of NAMESPACE_CONDITION_TYPES) {
    const next = fresh.find((c) => c.type === type) ?? { type, status: 'False' as const, lastTransitionTime: at, ...OK[type] }
    const i = conditions.findIndex((c) => c.type === type)
    const prev = i < 0 ? undefined : conditions[i]
    if (prev === undefined) {
      conditions.push(next)
      changed = true
    } else if (prev.status !== next.status || prev.message !== next.message || prev.reason !== next.reason) {
      const lastTransitionTime = prev.status !== next.status ? at : prev.lastTransitionTime
      conditions[i] = {
        type,
        status: next.status,
        ...(lastTransitionTime !== undefined ? { lastTransitionTime } : {}),
        ...(next.reason !== undefined ? { reason: next.reason } : {}),
        ...(next.message !== undefined ? { message: next.message } : {}),
      }
      changed = true
    }
  }
  return { conditions, changed }
}
