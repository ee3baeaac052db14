import type { KObject } from '../model/meta.js'
import { badRequest, type Status } from '../model/status.js'

/** One `field=value` or `field!=value` term of a field selector (`==` is `=`). */
export interface FieldRequirement {
  readonly field: string
  readonly equal: boolean
  readonly value: string
}

type Json = Record<string, unknown>
type Getter = (o: KObject) => unknown

const at = (o: unknown, ...path: string[]): unknown => {
  let cur = o
  for (const k of path) cur = typeof cur === 'object' && cur !== null ? (cur as Json)[k] : undefined
  return cur
}

/** Every kind: upstream's `DefaultMetaV1FieldSelectorConversion`. */
const META: Readonly<Record<string, Getter>> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace,
}

/**
 * The fields each kind can be selected on, as upstream registers them (`PodToSelectableFields`,
 * `EventToSelectableFields`, …); every one answers a string, absent fields "" as upstream.
 */
const BY_KIND: Readonly<Record<string, Readonly<Record<string, Getter>>>> = {
  Pod: {
    'spec.nodeName': (o) => at(o, 'spec', 'nodeName'),
    'spec.restartPolicy': (o) => at(o, 'spec', 'restartPolicy'),
    'spec.schedulerName': (o) => at(o, 'spec', 'schedulerName'),
    'spec.serviceAccountName': (o) => at(o, 'spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => at(o, 'spec', 'hostNetwork') ?? false,
    'status.phase': (o) => at(o, 'status', 'phase'),
    'status.podIP': (o) => at(o, 'status', 'podIP'),
    'status.nominatedNodeName': (o) => at(o, 'status', 'nominatedNodeName'),
  },
  Event: {
    'involvedObject.kind': (o) => at(o, 'involvedObject', 'kind'),
    'involvedObject.namespace': (o) => at(o, 'involvedObject', 'namespace'),
    'involvedObject.name': (o) => at(o, 'involvedObject', 'name'),
    'involvedObject.uid': (o) => at(o, 'involvedObject', 'uid'),
    'involvedObject.apiVersion': (o) => at(o, 'involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': (o) => at(o, 'involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': (o) => at(o, 'involvedObject', 'fieldPath'),
    reason: (o) => o.reason,
    reportingComponent: (o) => o.reportingComponent,
    source: (o) => at(o, 'source', 'component'),
    type: (o) => o.type,
  },
  Node: { 'spec.unschedulable': (o) => at(o, 'spec', 'unschedulable') ?? false },
  Namespace: { 'status.phase': (o) => at(o, 'status', 'phase') },
  Secret: { type: (o) => o.type },
  ReplicaSet: { 'status.replicas': (o) => at(o, 'status', 'replicas') ?? 0 },
  ReplicationController: { 'status.replicas': (o) => at(o, 'status', 'replicas') ?? 0 },
  Job: { 'status.successful': (o) => at(o, 'status', 'succeeded') ?? 0 },
}

const getterOf = (kind: string, field: string): Getter | undefined => {
  const own = BY_KIND[kind]
  if (own !== undefined && Object.hasOwn(own, field)) return own[field]
  return Object.hasOwn(META, field) ? META[field] : undefined
}

/** Splits on commas not escaped with a backslash, as apimachinery's `fields.ParseSelector`. */
const splitTerms = (s: string): string[] => {
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c === '\\' && i + 1 < s.length) {
      cur += s[++i]
      continue
    }
    if (c === ',') {
      out.push(cur)
      cur = ''
    } else cur += c
  }
  out.push(cur)
  return out
}

/**
 * Parses a `fieldSelector` for a kind: terms `f=v`, `f==v`, `f!=v` joined by commas (AND). A term Reel
 * cannot read is a 400 with upstream's messages (`invalid selector: …`, `field label not supported: f`).
 */
export const parseFieldSelector = (kind: string, input: string): readonly FieldRequirement[] | Status => {
  if (input.trim() === '') return []
  const out: FieldRequirement[] = []
  for (const term of splitTerms(input)) {
    const m = /^([^=!]+)(!=|==|=)(.*)$/.exec(term)
    if (m === null) return badRequest(`invalid selector: '${input}'; can't understand '${term}'`)
    const field = m[1]!.trim()
    if (getterOf(kind, field) === undefined) return badRequest(`field label not supported: ${field}`)
    out.push({ field, equal: m[2] !== '!=', value: m[3]! })
  }
  return out
}

/** The string a field selector compares for `field` of `o` ("" when absent). */
export const fieldValueOf = (o: KObject, field: string): string => {
  const v = getterOf(o.kind, field)?.(o)
  return v === undefined || v === null ? '' : String(v)
}

/** True when `o` satisfies every requirement. */
export const matchesFields = (reqs: readonly FieldRequirement[], o: KObject): boolean =>
  reqs.every((r) => (fieldValueOf(o, r.field) === r.value) === r.equal)
