import type { FastifyRequest } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import type { Status } from '../../model/status.js'
import { parseResourcePath } from '../path.js'
import { decodeProtobufBody } from './decode.js'

/**
 * A protobuf body Reel refuses, as the error fastify's content-type parsers report failures with; the
 * server's error handler sends its `status` (see {@link refusalOf}). The refusal itself is the value
 * `decodeProtobufBody` returned: this class only carries it across fastify.
 */
export class ProtobufRefusal extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? 'protobuf body refused')
  }
}

/** The Status an error carries, when it is a {@link ProtobufRefusal}. */
export const refusalOf = (err: unknown): Status | undefined => (err instanceof ProtobufRefusal ? err.status : undefined)

/**
 * fastify content-type parser of `application/vnd.kubernetes.protobuf` (with `parseAs: 'buffer'`): the
 * request body becomes the decoded Kubernetes JSON object, so the handlers read it as any JSON body.
 * A body sent to a path Reel does not serve is not read, so that the handler answers 404 as upstream would.
 */
export const parseProtobufBody = (req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void): void => {
  if (typeof body === 'string' || body.length === 0 || parseResourcePath(req.url.split('?')[0] ?? '') === undefined) return done(null, undefined)
  const decoded = decodeProtobufBody(body)
  if (E.isLeft(decoded)) return done(new ProtobufRefusal(decoded.left))
  done(null, decoded.right)
}
