import type { Status, StatusCause } from '../model/status.js'
import type { Query } from './resources.js'

/** Longest `fieldManager` upstream accepts (`FieldManagerMaxLength`). */
export const FIELD_MANAGER_MAX_LENGTH = 128

type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions'

/** 422 for request options, as upstream's `NewInvalid(meta.k8s.io/<Kind>Options, "", errs)`. */
const invalidOptions = (kind: OptionsKind, causes: readonly StatusCause[]): Status => {
  const list = causes.map((c) => `${c.field}: ${c.message}`)
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${kind}.meta.k8s.io "" is invalid: ${list.length === 1 ? list[0]! : `[${list.join(', ')}]`}`,
    reason: 'Invalid',
    details: { group: 'meta.k8s.io', kind, causes },
    code: 422,
  }
}

const fieldManagerCauses = (q: Query): StatusCause[] =>
  Buffer.byteLength(q.fieldManager ?? '') > FIELD_MANAGER_MAX_LENGTH
    ? [{ reason: 'FieldValueTooLong', message: `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes`, field: 'fieldManager' }]
    : []

/** `ValidateCreateOptions` / `ValidateUpdateOptions`: the fieldManager's length. */
export const validateWriteOptions = (q: Query, kind: 'CreateOptions' | 'UpdateOptions'): Status | undefined => {
  const causes = fieldManagerCauses(q)
  return causes.length > 0 ? invalidOptions(kind, causes) : undefined
}

/**
 * `ValidatePatchOptions`: `force` only with server-side apply, which requires a `fieldManager`; the
 * fieldManager's length.
 */
export const validatePatchOptions = (q: Query, apply: boolean): Status | undefined => {
  const causes: StatusCause[] = []
  if (!apply && q.force !== undefined) causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' })
  if (apply && (q.fieldManager ?? '') === '') causes.push({ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' })
  causes.push(...fieldManagerCauses(q))
  return causes.length > 0 ? invalidOptions('PatchOptions', causes) : undefined
}
