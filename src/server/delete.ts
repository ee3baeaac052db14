import type { FastifyReply, FastifyRequest } from 'fastify'
import type { DeleteOptions } from '../api/commands.js'
import type { KObject } from '../model/meta.js'
import { apiVersionOf, subjectOf } from '../model/resources.js'
import { conflict, isStatus, methodNotAllowed, type Status } from '../model/status.js'
import type { Engine } from '../runtime/engine.js'
import { getObject, listObjects } from '../state/clusterState.js'
import type { ResourcePath } from './path.js'
import { filterOf, passes, sendObject, submit, type Query } from './resources.js'
import { bodyParseFailure, sendStatus } from './status.js'

type Json = Record<string, unknown>
const isMap = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)

const POLICIES = ['Foreground', 'Background', 'Orphan'] as const

/** 422 for DeleteOptions upstream's `ValidateDeleteOptions` refuses. */
const invalidOptions = (field: string, message: string): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: `DeleteOptions.meta.k8s.io "" is invalid: ${field}: ${message}`,
  reason: 'Invalid',
  details: { group: 'meta.k8s.io', kind: 'DeleteOptions', causes: [{ reason: 'FieldValueNotSupported', message, field }] },
  code: 422,
})

/** DeleteOptions and dry run of a delete (or an eviction's `deleteOptions`). */
export interface DeleteRequest {
  readonly options: DeleteOptions
  readonly dryRun: boolean
}

/**
 * `metav1.DeleteOptions` from the body (kubectl) or the query (client-node), the query winning:
 * `gracePeriodSeconds`, `propagationPolicy`, `orphanDependents`, `preconditions.{uid,resourceVersion}`,
 * `dryRun` (`["All"]` in the body, `All` in the query).
 */
export const deleteRequestOf = (q: Query, body: unknown): DeleteRequest | Status => {
  const b = isMap(body) ? body : {}
  const graceRaw = q.gracePeriodSeconds ?? b.gracePeriodSeconds
  const grace = graceRaw === undefined || graceRaw === null ? undefined : Number(graceRaw)
  if (grace !== undefined && !Number.isInteger(grace)) return invalidOptions('gracePeriodSeconds', `Invalid value: ${JSON.stringify(graceRaw)}: must be an integer`)
  const policy = q.propagationPolicy ?? b.propagationPolicy
  if (policy !== undefined && policy !== null && !POLICIES.includes(policy as (typeof POLICIES)[number]))
    return invalidOptions('propagationPolicy', `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`)
  const orphanRaw = q.orphanDependents ?? b.orphanDependents
  const orphan = orphanRaw === undefined || orphanRaw === null ? undefined : orphanRaw === true || orphanRaw === 'true'
  const pre = isMap(b.preconditions) ? b.preconditions : {}
  const preconditions = {
    ...(typeof pre.uid === 'string' ? { uid: pre.uid } : {}),
    ...(typeof pre.resourceVersion === 'string' ? { resourceVersion: pre.resourceVersion } : {}),
  }
  const dryRun = q.dryRun === 'All' || (Array.isArray(b.dryRun) && b.dryRun.includes('All'))
  const options: DeleteOptions = {
    ...(grace !== undefined ? { gracePeriodSeconds: grace } : {}),
    ...(typeof policy === 'string' ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] & string } : {}),
    ...(orphan !== undefined ? { orphanDependents: orphan } : {}),
    ...(Object.keys(preconditions).length > 0 ? { preconditions } : {}),
  }
  return { options, dryRun }
}

/** Upstream's wording for a failed delete precondition (`Precondition failed: UID in precondition: …`). */
export const preconditionFailure = (p: ResourcePath, o: KObject, pre: DeleteOptions['preconditions']): Status | undefined => {
  const subject = subjectOf(p.type, o.metadata.name ?? '')
  const base = conflict(subject)
  const prefix = `Operation cannot be fulfilled on ${subject.group ? `${subject.plural}.${subject.group}` : subject.plural} "${subject.name}": Precondition failed: `
  if (pre?.uid !== undefined && pre.uid !== o.metadata.uid) return { ...base, message: `${prefix}UID in precondition: ${pre.uid}, UID in object meta: ${o.metadata.uid ?? ''}` }
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== o.metadata.resourceVersion)
    return { ...base, message: `${prefix}ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${o.metadata.resourceVersion ?? ''}` }
  return undefined
}

/**
 * DELETE of one object. A pod still terminating (graceful) answers with itself; a removed object with a
 * Status Success naming it (never with a same-name replacement created at the same instant: kubectl would
 * wait for the new uid to go). A failed precondition is a 409 and writes nothing; a dry run writes nothing.
 */
export const serveDelete = async (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath, name: string): Promise<FastifyReply> => {
  const unparsable = bodyParseFailure(req.body)
  if (unparsable) return sendStatus(reply, unparsable)
  const r = deleteRequestOf(req.query as Query, req.body)
  if (isStatus(r)) return sendStatus(reply, r)
  const current = getObject(engine.world().state, p.type.kind, p.namespace, name)
  const failed = current === undefined ? undefined : preconditionFailure(p, current, r.options.preconditions)
  if (failed) return sendStatus(reply, failed)
  const ref = { kind: p.type.kind, ...(p.namespace !== undefined ? { namespace: p.namespace } : {}), name }
  const res = await submit(engine, req, { verb: 'delete', ref, options: r.options, ...(r.dryRun ? { dryRun: true } : {}) })
  if (res !== undefined && isStatus(res)) return sendStatus(reply, res)
  const still = r.dryRun ? (res?.metadata.deletionTimestamp !== undefined ? res : undefined) : getObject(engine.world().state, p.type.kind, p.namespace, name)
  if (still !== undefined && still.metadata.uid === res?.metadata.uid) return sendObject(reply, req, engine, still)
  const details = { name, group: p.type.group, kind: p.type.plural, ...(res?.metadata.uid !== undefined ? { uid: res.metadata.uid } : {}) }
  return reply.header('content-type', 'application/json').send(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details }))
}

/**
 * `deletecollection`: DELETE on a collection deletes every object its label and field selectors match,
 * each as its own delete with the request's DeleteOptions, and answers with the list of what it deleted
 * (as upstream). Namespaced kinds need a namespace in the URL.
 */
export const serveDeleteCollection = async (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath): Promise<FastifyReply> => {
  if (p.type.namespaced && p.namespace === undefined) return sendStatus(reply, methodNotAllowed())
  const unparsable = bodyParseFailure(req.body)
  if (unparsable) return sendStatus(reply, unparsable)
  const q = req.query as Query
  const f = filterOf(q, p.type.kind)
  if (isStatus(f)) return sendStatus(reply, f)
  const r = deleteRequestOf(q, req.body)
  if (isStatus(r)) return sendStatus(reply, r)
  const targets = listObjects(engine.world().state, p.type.kind, p.namespace).filter((o) => passes(f, o))
  const items: KObject[] = []
  for (const o of targets) {
    const ref = { kind: p.type.kind, ...(p.namespace !== undefined ? { namespace: p.namespace } : {}), name: o.metadata.name ?? '' }
    const res = await submit(engine, req, { verb: 'delete', ref, options: r.options, ...(r.dryRun ? { dryRun: true } : {}) })
    if (res !== undefined && isStatus(res)) {
      if (res.code === 404) continue
      return sendStatus(reply, res)
    }
    if (res !== undefined) items.push(res)
  }
  const body = { kind: `${p.type.kind}List`, apiVersion: apiVersionOf(p.type), metadata: { resourceVersion: String(engine.world().state.seq) }, items }
  return reply.header('content-type', 'application/json').send(JSON.stringify(body))
}
