import type { FastifyReply, FastifyRequest } from 'fastify'
import { subjectOf } from '../model/resources.js'
import { badRequest, isStatus, methodNotAllowed, notFound } from '../model/status.js'
import type { Engine } from '../runtime/engine.js'
import { getObject } from '../state/clusterState.js'
import { deleteRequestOf, preconditionFailure } from './delete.js'
import type { ResourcePath } from './path.js'
import { submit } from './resources.js'
import { bodyParseFailure, sendStatus } from './status.js'

type Json = Record<string, unknown>
const isMap = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)

/**
 * `POST …/pods/NAME/eviction` with a policy/v1 (or v1beta1) Eviction: a graceful delete of the pod with the
 * Eviction's `deleteOptions`, answered 201 with a Status Success. PodDisruptionBudgets are not modelled,
 * so an eviction is never refused with 429.
 */
export const serveEviction = async (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath): Promise<FastifyReply> => {
  if (req.method !== 'POST') return sendStatus(reply, methodNotAllowed())
  const unparsable = bodyParseFailure(req.body)
  if (unparsable) return sendStatus(reply, unparsable)
  const body = req.body
  if (!isMap(body)) return sendStatus(reply, badRequest('the request body is not a policy/v1 Eviction'))
  const name = p.name ?? ''
  const bodyName = isMap(body.metadata) ? body.metadata.name : undefined
  if (typeof bodyName === 'string' && bodyName !== '' && bodyName !== name) return sendStatus(reply, badRequest('name in URL does not match name in Eviction object'))
  const pod = getObject(engine.world().state, 'Pod', p.namespace, name)
  if (pod === undefined) return sendStatus(reply, notFound(subjectOf(p.type, name)))
  const r = deleteRequestOf({}, body.deleteOptions)
  if (isStatus(r)) return sendStatus(reply, r)
  const failed = preconditionFailure(p, pod, r.options.preconditions)
  if (failed) return sendStatus(reply, failed)
  const ref = { kind: 'Pod', ...(p.namespace !== undefined ? { namespace: p.namespace } : {}), name }
  const res = await submit(engine, req, { verb: 'delete', ref, options: r.options, ...(r.dryRun ? { dryRun: true } : {}) })
  if (res !== undefined && isStatus(res)) return sendStatus(reply, res)
  return reply.code(201).header('content-type', 'application/json').send(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }))
}
