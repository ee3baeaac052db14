/** One field-level reason inside a `Status` (`metav1.StatusCause`). */
export interface StatusCause {
  readonly reason: string
  readonly message: string
  readonly field?: string
}

/**
 * The Kubernetes `Status` object: how every refusal comes back, from the CLI to HTTP. A value, never a
 * thrown exception (STYLE.md "Errors").
 */
export interface Status {
  readonly kind: 'Status'
  readonly apiVersion: 'v1'
  readonly metadata: Record<string, never>
  readonly status: 'Failure' | 'Success'
  readonly message?: string
  readonly reason?: StatusReason
  readonly details?: {
    readonly name?: string
    readonly group?: string
    readonly kind?: string
    readonly uid?: string
    readonly causes?: readonly StatusCause[]
  }
  readonly code: number
}

export type StatusReason =
  | 'BadRequest'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Forbidden'
  | 'MethodNotAllowed'
  | 'Expired'
  | 'Gone'
  | 'UnsupportedMediaType'
  | 'InternalError'

/** What a refusal names: the resource (plural, group) and the object. */
export interface Subject {
  readonly kind: string
  readonly plural: string
  readonly group: string
  readonly name: string
}

const qualified = (s: Subject): string => (s.group ? `${s.plural}.${s.group}` : s.plural)

const failure = (
  code: number,
  reason: StatusReason,
  message: string,
  details: NonNullable<Status['details']>,
): Status => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code })

export const isStatus = (x: unknown): x is Status =>
  typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'Status' && 'code' in x

export const notFound = (s: Subject): Status =>
  failure(404, 'NotFound', `${qualified(s)} "${s.name}" not found`, {
    name: s.name,
    group: s.group,
    kind: s.plural,
  })

export const alreadyExists = (s: Subject): Status =>
  failure(409, 'AlreadyExists', `${qualified(s)} "${s.name}" already exists`, {
    name: s.name,
    group: s.group,
    kind: s.plural,
  })

export const conflict = (s: Subject): Status =>
  failure(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(s)} "${s.name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name: s.name, group: s.group, kind: s.plural },
  )

/** 422 Invalid: `<Kind>[.group] "<name>" is invalid: [field: message, …]`. `details.kind` is the Kind. */
export const invalid = (s: Subject, causes: readonly StatusCause[]): Status => {
  const what = s.group ? `${s.kind}.${s.group}` : s.kind
  const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message))
  const joined = list.length === 1 ? list[0]! : `[${list.join(', ')}]`
  return failure(422, 'Invalid', `${what} "${s.name}" is invalid: ${joined}`, {
    name: s.name,
    group: s.group,
    kind: s.kind,
    causes,
  })
}

export const badRequest = (message: string): Status => failure(400, 'BadRequest', message, {})

export const forbidden = (s: Subject, message: string): Status =>
  failure(403, 'Forbidden', `${qualified(s)} "${s.name}" is forbidden: ${message}`, {
    name: s.name,
    group: s.group,
    kind: s.plural,
  })

export const methodNotAllowed = (): Status =>
  failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {})

/** A field cause with upstream's reason names (`field.ErrorType`). */
export const cause = {
  required: (field: string): StatusCause => ({ reason: 'FieldValueRequired', message: 'Required value', field }),
  invalid: (field: string, value: unknown, detail: string): StatusCause => ({
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${JSON.stringify(value)}: ${detail}`,
    field,
  }),
  notSupported: (field: string, value: unknown, allowed: readonly string[]): StatusCause => ({
    reason: 'FieldValueNotSupported',
    message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
    field,
  }),
  forbidden: (field: string, detail: string): StatusCause => ({
    reason: 'FieldValueForbidden',
    message: `Forbidden: ${detail}`,
    field,
  }),
  typeError: (field: string, detail: string): StatusCause => ({
    reason: 'FieldValueTypeInvalid',
    message: `Invalid value: ${detail}`,
    field,
  }),
}
