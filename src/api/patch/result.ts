/** Why a patch could not be applied: 400 for a malformed patch document, 422 for one that does not apply. */
export interface PatchRefusal {
  readonly ok: false
  readonly code: 400 | 422
  readonly reason: 'BadRequest' | 'Invalid'
  readonly message: string
}

/** The patched document, or a refusal. */
export type PatchResult = { readonly ok: true; readonly value: unknown } | PatchRefusal

export const patched = (value: unknown): PatchResult => ({ ok: true, value })
export const malformed = (message: string): PatchRefusal => ({ ok: false, code: 400, reason: 'BadRequest', message })
export const unprocessable = (message: string): PatchRefusal => ({ ok: false, code: 422, reason: 'Invalid', message })

export const isMap = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
