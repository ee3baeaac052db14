import * as t from 'io-ts'

// ---- model

/** `metav1.LabelSelectorRequirement`. */
export const LabelSelectorRequirement = t.intersection([
  t.type({ key: t.string, operator: t.string }),
  t.partial({ values: t.array(t.string) }),
])
export type LabelSelectorRequirement = t.TypeOf<typeof LabelSelectorRequirement>

/** `metav1.LabelSelector`: matchLabels and matchExpressions, ANDed. */
export const LabelSelector = t.partial({
  matchLabels: t.record(t.string, t.string),
  matchExpressions: t.array(LabelSelectorRequirement),
})
export type LabelSelector = t.TypeOf<typeof LabelSelector>

export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | '>' | '<'

/** One parsed requirement, as apimachinery's `labels.Requirement`. */
export interface Requirement {
  readonly key: string
  readonly op: Operator
  readonly values: readonly string[]
}

/** A parsed selector: requirements sorted by key. `null` (a nil selector) matches nothing. */
export type Selector = readonly Requirement[] | null

export type Labels = Readonly<Record<string, string>> | undefined

// ---- validation

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

/** Why a label key is invalid, or undefined when it is valid (apimachinery `IsQualifiedName`). */
export const labelKeyError = (key: string): string | undefined => {
  const parts = key.split('/')
  if (parts.length > 2) return 'a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and \'/\''
  const name = parts.length === 2 ? parts[1]! : parts[0]!
  if (parts.length === 2) {
    const prefix = parts[0]!
    if (prefix.length === 0) return 'prefix part must be non-empty'
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN_RE.test(prefix))
      return 'prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character'
  }
  if (name.length === 0) return 'name part must be non-empty'
  if (name.length > 63) return 'name part must be no more than 63 characters'
  if (!NAME_RE.test(name))
    return 'name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'
  return undefined
}

/** Why a label value is invalid, or undefined when it is valid. */
export const labelValueError = (value: string): string | undefined => {
  if (value.length === 0) return undefined
  if (value.length > 63) return 'must be no more than 63 characters'
  if (!NAME_RE.test(value))
    return 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character'
  return undefined
}

/**
 * apimachinery's `NewRequirement`: one validated requirement (values of `in`/`notin` sorted and
 * de-duplicated), or an error message.
 */
export const requirement = (key: string, op: Operator, values: readonly string[]): Requirement | string => {
  const keyErr = labelKeyError(key)
  if (keyErr) return `invalid label key "${key}": ${keyErr}`
  switch (op) {
    case 'in':
    case 'notin':
      if (values.length === 0) return 'for \'in\', \'notin\' operators, values set can\'t be empty'
      break
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) return 'exact-match compatibility requires one single value'
      break
    case 'exists':
    case '!':
      if (values.length !== 0) return 'values set must be empty for exists and does not exist'
      break
    case '>':
    case '<':
      if (values.length !== 1 || !/^-?\d+$/.test(values[0]!))
        return `for 'Gt', 'Lt' operators, the value must be an integer`
      break
    default:
      return `operator "${String(op)}" is not supported`
  }
  for (const v of values) {
    const err = labelValueError(v)
    if (err) return `invalid label value: "${v}": at key: "${key}": ${err}`
  }
  const unique = op === 'in' || op === 'notin' ? [...new Set(values)].sort() : values
  return { key, op, values: unique }
}

const sortByKey = (rs: Requirement[]): Requirement[] => rs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))

// ---- constructors

/** `LabelSelectorAsSelector`: nil → matches nothing, `{}` → matches everything. Errors are strings. */
export const fromLabelSelector = (s: LabelSelector | undefined | null): Selector | string => {
  if (s === undefined || s === null) return null
  const out: Requirement[] = []
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) {
    const r = requirement(k, '=', [v])
    if (typeof r === 'string') return r
    out.push(r)
  }
  for (const e of s.matchExpressions ?? []) {
    const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const)[
      e.operator as 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'
    ]
    if (op === undefined) return `"${e.operator}" is not a valid label selector operator`
    const r = requirement(e.key, op, e.values ?? [])
    if (typeof r === 'string') return r
    out.push(r)
  }
  return sortByKey(out)
}

/** A ReplicationController's equality map as a selector (empty map matches everything). */
export const fromMap = (m: Labels): Selector => {
  const out: Requirement[] = []
  for (const [k, v] of Object.entries(m ?? {})) out.push({ key: k, op: '=', values: [v] })
  return sortByKey(out)
}

// ---- parsing (`labels.Parse`)

type Token = { kind: 'id' | 'op' | 'end'; text: string }

const OPS = ['!=', '==', '=', '!', '>', '<', '(', ')', ','] as const

const lex = (input: string): Token[] => {
  const out: Token[] = []
  let i = 0
  while (i < input.length) {
    const c = input[i]!
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++
      continue
    }
    const op = OPS.find((o) => input.startsWith(o, i))
    if (op) {
      out.push({ kind: 'op', text: op })
      i += op.length
      continue
    }
    let j = i
    while (j < input.length && !' \t\r\n=!(),<>'.includes(input[j]!)) j++
    out.push({ kind: 'id', text: input.slice(i, j) })
    i = j
  }
  out.push({ kind: 'end', text: '' })
  return out
}

/** Parses kubectl's `-l` syntax. Returns the selector, or an error message. */
export const parseSelector = (input: string): Selector | string => {
  const toks = lex(input)
  let p = 0
  const peek = () => toks[p]!
  const next = () => toks[p++]!
  const out: Requirement[] = []
  if (peek().kind === 'end') return []
  for (;;) {
    let tok = next()
    let negated = false
    if (tok.kind === 'op' && tok.text === '!') {
      negated = true
      tok = next()
    }
    if (tok.kind !== 'id') return `found '${tok.text || 'EOS'}', expected: !, identifier, or 'end of string'`
    const key = tok.text
    let r: Requirement | string
    const after = peek()
    if (negated) {
      if (!(after.kind === 'end' || (after.kind === 'op' && after.text === ',')))
        return `found '${after.text}', expected: ',' or 'end of string'`
      r = requirement(key, '!', [])
    } else if (after.kind === 'end' || (after.kind === 'op' && after.text === ',')) {
      r = requirement(key, 'exists', [])
    } else if (after.kind === 'op' && ['=', '==', '!='].includes(after.text)) {
      next()
      const v = peek()
      const value = v.kind === 'id' ? (next(), v.text) : ''
      r = requirement(key, after.text as Operator, [value])
    } else if (after.kind === 'op' && (after.text === '>' || after.text === '<')) {
      next()
      const v = next()
      if (v.kind !== 'id') return `found '${v.text || 'EOS'}', expected: integer`
      r = requirement(key, after.text, [v.text])
    } else if (after.kind === 'id' && (after.text === 'in' || after.text === 'notin')) {
      next()
      const open = next()
      if (!(open.kind === 'op' && open.text === '(')) return `found '${open.text || 'EOS'}', expected: '('`
      const values: string[] = []
      let expectValue = true
      for (;;) {
        const v = next()
        if (v.kind === 'id') {
          if (!expectValue) return `found '${v.text}', expected: ',' or ')'`
          values.push(v.text)
          expectValue = false
        } else if (v.kind === 'op' && v.text === ',') {
          if (expectValue) values.push('')
          expectValue = true
        } else if (v.kind === 'op' && v.text === ')') {
          if (expectValue) values.push('')
          break
        } else return `found '${v.text || 'EOS'}', expected: ',', ')' or identifier`
      }
      r = requirement(key, after.text, values)
    } else {
      return `found '${after.text}', expected: in, notin, =, ==, !=, gt, lt`
    }
    if (typeof r === 'string') return r
    out.push(r)
    const sep = next()
    if (sep.kind === 'end') break
    if (!(sep.kind === 'op' && sep.text === ',')) return `found '${sep.text}', expected: ',' or 'end of string'`
    if (peek().kind === 'end') return `found '', expected: identifier after ','`
  }
  return sortByKey(out)
}

// ---- matching

const matchesRequirement = (r: Requirement, labels: Labels): boolean => {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key)
  const v = has ? labels![r.key]! : undefined
  switch (r.op) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(v!)
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v!)
    case 'exists':
      return has
    case '!':
      return !has
    case '>':
    case '<': {
      if (!has || !/^-?\d+$/.test(v!)) return false
      const lhs = BigInt(v!)
      const rhs = BigInt(r.values[0]!)
      return r.op === '>' ? lhs > rhs : lhs < rhs
    }
  }
}

/** Whether `labels` satisfy the selector. A nil selector matches nothing; an empty one everything. */
export const matches = (s: Selector, labels: Labels): boolean => {
  if (s === null) return false
  for (let i = 0; i < s.length; i++) if (!matchesRequirement(s[i]!, labels)) return false
  return true
}

/** `Selector.String()`: requirements joined by `,` in key order. */
export const selectorToString = (s: Selector): string => {
  if (s === null) return '<none>'
  return s
    .map((r) => {
      switch (r.op) {
        case 'in':
        case 'notin':
          return `${r.key} ${r.op} (${r.values.join(',')})`
        case 'exists':
          return r.key
        case '!':
          return `!${r.key}`
        default:
          return `${r.key}${r.op}${r.values[0] ?? ''}`
      }
    })
    .join(',')
}
