import type { Node } from '../../model/cluster.js'
import type { Pod } from '../../model/pod.js'
import { matches, type Operator, requirement } from '../../model/selector.js'

// ---- model (core/v1 NodeAffinity; the pod codec keeps `affinity` as an unknown record)

export interface NodeSelectorRequirement {
  readonly key: string
  readonly operator: string
  readonly values?: readonly string[]
}

/** One term: its expressions and fields are ANDed. A term with neither matches no node. */
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[]
  readonly matchFields?: readonly NodeSelectorRequirement[]
}

export interface PreferredSchedulingTerm {
  readonly weight: number
  readonly preference: NodeSelectorTerm
}

export interface NodeAffinity {
  readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms?: readonly NodeSelectorTerm[] }
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly PreferredSchedulingTerm[]
}

/** The field `matchFields` may name: the only one upstream supports. */
export const NODE_NAME_FIELD = 'metadata.name'

export const nodeAffinityOf = (pod: Pod): NodeAffinity | undefined =>
  (pod.spec.affinity as { nodeAffinity?: NodeAffinity } | undefined)?.nodeAffinity

// ---- matching

const LABEL_OPERATORS: Readonly<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: '>',
  Lt: '<',
}

const labelRequirementMatches = (e: NodeSelectorRequirement, node: Node): boolean => {
  const op = LABEL_OPERATORS[e.operator]
  if (op === undefined) return false
  const r = requirement(e.key, op, e.values ?? [])
  return typeof r !== 'string' && matches([r], node.metadata.labels)
}

/** `matchFields`: only `metadata.name`, only In/NotIn, with exactly one value (upstream's field selector rules). */
const fieldRequirementMatches = (f: NodeSelectorRequirement, node: Node): boolean => {
  const values = f.values ?? []
  if (f.key !== NODE_NAME_FIELD || values.length !== 1) return false
  const name = node.metadata.name ?? ''
  if (f.operator === 'In') return values[0] === name
  if (f.operator === 'NotIn') return values[0] !== name
  return false
}

/** Whether a node selector term matches a node; an empty term (or one that does not parse) matches none. */
export const termMatches = (term: NodeSelectorTerm, node: Node): boolean => {
  const exprs = term.matchExpressions ?? []
  const fields = term.matchFields ?? []
  if (exprs.length === 0 && fields.length === 0) return false
  return exprs.every((e) => labelRequirementMatches(e, node)) && fields.every((f) => fieldRequirementMatches(f, node))
}

/**
 * The NodeAffinity filter's test (`RequiredNodeAffinity.Match`): every `spec.nodeSelector` label equal,
 * and, when required node affinity is set, at least one of its terms (terms are ORed).
 */
export const podMatchesNodeSelectorAndAffinity = (pod: Pod, node: Node): boolean => {
  const labels = node.metadata.labels ?? {}
  const selector = pod.spec.nodeSelector
  if (selector !== undefined)
    for (const k of Object.keys(selector)) if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== selector[k]) return false
  const required = nodeAffinityOf(pod)?.requiredDuringSchedulingIgnoredDuringExecution
  if (required === undefined) return true
  return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node))
}

/**
 * NodeAffinity's PreFilter: when every required term pins `metadata.name` with In, only those nodes
 * are candidates (a DaemonSet pod's affinity). Undefined means every node is a candidate; an empty set
 * means the terms conflict.
 */
export const requiredNodeNames = (pod: Pod): ReadonlySet<string> | undefined => {
  const terms = nodeAffinityOf(pod)?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms
  if (terms === undefined || terms.length === 0) return undefined
  const union = new Set<string>()
  for (const t of terms) {
    let names: Set<string> | undefined
    for (const f of t.matchFields ?? []) {
      if (f.key !== NODE_NAME_FIELD || f.operator !== 'In') continue
      const values = new Set(f.values ?? [])
      names = names === undefined ? values : new Set([...names].filter((n) => values.has(n)))
    }
    if (names === undefined) return undefined
    for (const n of names) union.add(n)
  }
  return union
}

/** NodeAffinity's raw score: the summed weights of the preferred terms the node matches. */
export const preferredAffinityWeight = (pod: Pod, node: Node): number => {
  const preferred = nodeAffinityOf(pod)?.preferredDuringSchedulingIgnoredDuringExecution
  if (preferred === undefined) return 0
  let sum = 0
  for (const p of preferred)
    if (p.weight !== 0 && termMatches(p.preference, node)) sum += p.weight
  return sum
}
