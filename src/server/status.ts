import type { FastifyReply } from 'fastify'
import type { Status } from '../model/status.js'

const failure = (code: number, reason: Status['reason'], message: string): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  ...(reason !== undefined ? { reason } : {}),
  details: {},
  code,
})

/** 404 for a path Reel does not serve. */
export const unknownPath = (): Status => failure(404, 'NotFound', 'the server could not find the requested resource')

/** 415 for a body in a format Reel does not read (protobuf, patch types it does not apply). */
export const unsupportedMediaType = (contentType: string): Status =>
  failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json (got ${contentType})`)

/** 415 for a PATCH whose content type is not a patch type Reel applies (upstream's message). */
export const unsupportedPatchType = (contentType: string): Status =>
  failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`,
  )

/** A patch that could not be applied: 400 (malformed) or 422 (does not apply, e.g. a failed `test`). */
export const patchRefused = (code: 400 | 422, reason: 'BadRequest' | 'Invalid', message: string): Status => failure(code, reason, message)

/** 500 for a bug. */
export const internalError = (message: string): Status => failure(500, 'InternalError', `Internal error occurred: ${message}`)

/** Sends a Status with its code as the HTTP status. */
export const sendStatus = (reply: FastifyReply, s: Status): FastifyReply =>
  reply.code(s.code).header('content-type', 'application/json').send(JSON.stringify(s))

/** 400 for a body that does not parse, worded as upstream's decoder (`couldn't get version/kind; json parse error: …`). */
export const unparsableBody = (detail: string): Status =>
  failure(400, 'BadRequest', `couldn't get version/kind; json parse error: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`)

/** 400 when the body's `metadata.name` differs from the URL's (upstream's wording). */
export const nameMismatch = (bodyName: string, urlName: string): Status =>
  failure(400, 'BadRequest', `the name of the object (${bodyName}) does not match the name on the URL (${urlName})`)

/** What the content type parser leaves for a body that is not JSON/YAML: a 400 Status, or undefined for a parsed body. */
export const bodyParseFailure = (body: unknown): Status | undefined => {
  if (typeof body !== 'object' || body === null || (body as { __invalidJson?: unknown }).__invalidJson !== true) return undefined
  const m = (body as { message?: unknown }).message
  return unparsableBody(typeof m === 'string' ? m : 'invalid JSON')
}
