import type { Pod } from '../../model/pod.js'
import type { Job, PodFailurePolicyRule } from './job.js'

interface Terminated {
  readonly terminated?: { readonly exitCode?: number }
}

/** The first rule whose `onExitCodes` matches a failed container of the pod (`matchPodFailurePolicy`). */
export const matchingRule = (job: Job, p: Pod): { rule: PodFailurePolicyRule; container: string; exitCode: number; index: number } | undefined => {
  const rules = job.spec.podFailurePolicy?.rules ?? []
  if (p.status?.phase !== 'Failed') return undefined
  for (const [index, rule] of rules.entries()) {
    const req = rule.onExitCodes
    if (req === undefined) continue
    for (const cs of p.status.containerStatuses ?? []) {
      if (req.containerName !== undefined && req.containerName !== cs.name) continue
      const code = ((cs.state ?? {}) as Terminated).terminated?.exitCode
      if (code === undefined || code === 0) continue
      const hit = req.values.includes(code)
      if (req.operator === 'In' ? hit : !hit) return { rule, container: cs.name, exitCode: code, index }
    }
  }
  return undefined
}

/** Whether a failed pod matches an `Ignore` rule: it counts neither as a failure nor towards the back-off. */
export const isIgnoredFailure = (job: Job, p: Pod): boolean => matchingRule(job, p)?.rule.action === 'Ignore'

/**
 * `getFailJobMessage`: the message of the first failed pod matching a `FailJob` rule, worded as upstream:
 * `Container <c> for pod <ns>/<pod> failed with exit code <n> matching FailJob rule at index <i>`.
 */
export const failJobMessage = (job: Job, pods: readonly Pod[]): string | undefined => {
  for (const p of pods) {
    const m = matchingRule(job, p)
    if (m?.rule.action === 'FailJob')
      return `Container ${m.container} for pod ${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''} failed with exit code ${m.exitCode} matching FailJob rule at index ${m.index}`
  }
  return undefined
}
