import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Command } from '../api/commands.js'
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch, type PatchResult } from '../api/patch/index.js'
import type { KObject } from '../model/meta.js'
import { subjectOf } from '../model/resources.js'
import { badRequest, isStatus, methodNotAllowed, notFound, type Status } from '../model/status.js'
import type { Engine } from '../runtime/engine.js'
import { getObject } from '../state/clusterState.js'
import { serveApply, withUpdateFields } from './apply.js'
import { validatePatchOptions } from './options.js'
import { SCALABLE_KINDS } from './discovery.js'
import type { ResourcePath } from './path.js'
import { bodyObject, sendObject, submit, type Query } from './resources.js'
import { PROTOBUF_CONTENT_TYPE } from './protobuf/decode.js'
import { bodyParseFailure, nameMismatch, patchRefused, sendStatus, unknownPath, unsupportedMediaType, unsupportedPatchType } from './status.js'

type PatchType = 'merge' | 'json' | 'strategic' | 'apply'

const PATCH_TYPES: Readonly<Record<string, PatchType>> = {
  'application/merge-patch+json': 'merge',
  'application/json-patch+json': 'json',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
}

const baseType = (ct: string | undefined): string => (ct ?? '').split(';')[0]!.trim().toLowerCase()

const patchTypeOf = (ct: string | undefined): PatchType | undefined => {
  const b = baseType(ct)
  return Object.hasOwn(PATCH_TYPES, b) ? PATCH_TYPES[b] : undefined
}

/** Applies a patch of a type to a document (server-side apply of the main resource is `apply.ts`; on `/status` and `/scale` it merges as a strategic merge patch). */
const applyPatch = (type: PatchType, original: unknown, patch: unknown, kind: string): PatchResult => {
  switch (type) {
    case 'merge':
      return applyMergePatch(original, patch)
    case 'json':
      return applyJsonPatch(original, patch)
    case 'strategic':
    case 'apply':
      return applyStrategicMergePatch(original, patch, kind)
  }
}

type Json = Record<string, unknown>
const isMap = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)

/** A label selector as a string (`a=b,c in (d,e),!f`): a LabelSelector, or a plain map (ReplicationController). */
const selectorString = (sel: unknown): string => {
  if (!isMap(sel)) return ''
  const labels = isMap(sel.matchLabels) ? sel.matchLabels : 'matchLabels' in sel || 'matchExpressions' in sel ? {} : sel
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${String(v)}`)
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    if (!isMap(e)) continue
    const values = Array.isArray(e.values) ? e.values.map(String).join(',') : ''
    const key = String(e.key)
    if (e.operator === 'In') parts.push(`${key} in (${values})`)
    else if (e.operator === 'NotIn') parts.push(`${key} notin (${values})`)
    else if (e.operator === 'Exists') parts.push(key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${key}`)
  }
  return parts.join(',')
}

/** The autoscaling/v1 Scale of a scalable object. */
export const scaleOf = (o: KObject): Json => {
  const spec = isMap(o.spec) ? o.spec : {}
  const status = isMap(o.status) ? o.status : {}
  const m = o.metadata
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
      ...(m.uid !== undefined ? { uid: m.uid } : {}),
      ...(m.resourceVersion !== undefined ? { resourceVersion: m.resourceVersion } : {}),
      ...(m.creationTimestamp !== undefined ? { creationTimestamp: m.creationTimestamp } : {}),
    },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: { replicas: typeof status.replicas === 'number' ? status.replicas : 0, selector: selectorString(spec.selector) },
  }
}

const sendJson = (reply: FastifyReply, body: unknown, code = 200): FastifyReply =>
  reply.code(code).header('content-type', 'application/json').send(JSON.stringify(body))

const dryRunOf = (req: FastifyRequest): { dryRun?: boolean } => ((req.query as Query).dryRun === 'All' ? { dryRun: true } : {})

/** Submits a command and answers with the written object (or, for `/scale`, its Scale). */
const answer = async (engine: Engine, req: FastifyRequest, reply: FastifyReply, command: Command, asScale: boolean, code = 200): Promise<FastifyReply> => {
  const res = await submit(engine, req, command)
  if (res === undefined) return sendStatus(reply, badRequest('nothing was written'))
  if (isStatus(res)) return sendStatus(reply, res)
  return asScale ? sendJson(reply, scaleOf(res), code) : sendObject(reply, req, engine, res, code)
}

/** The object a Scale asks for: the current one with `spec.replicas`, and the Scale's resourceVersion as precondition. */
const scaled = (current: KObject, scale: unknown): KObject | Status => {
  if (!isMap(scale) || !isMap(scale.spec)) return badRequest('the request body is not an autoscaling/v1 Scale')
  const replicas = scale.spec.replicas
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) return badRequest('spec.replicas must be an integer')
  const rv = isMap(scale.metadata) && typeof scale.metadata.resourceVersion === 'string' && scale.metadata.resourceVersion !== '' ? scale.metadata.resourceVersion : current.metadata.resourceVersion
  return {
    ...current,
    metadata: { ...current.metadata, ...(rv !== undefined ? { resourceVersion: rv } : {}) },
    spec: { ...(isMap(current.spec) ? current.spec : {}), replicas },
  }
}

/**
 * PATCH on objects (merge, JSON, strategic merge, minimal server-side apply) and the `/status` and
 * `/scale` subresources (GET/PUT/PATCH). A patch is applied to the current object and written as an
 * `update` carrying the current resourceVersion, or the patch's own `metadata.resourceVersion` (a
 * precondition: 409 when stale).
 */
export const serveWrite = async (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath): Promise<FastifyReply> => {
  const { name, subresource: sub } = p
  if (name === undefined) return sendStatus(reply, methodNotAllowed())
  if (sub === 'scale' && !SCALABLE_KINDS.has(p.type.kind)) return sendStatus(reply, unknownPath())
  const unparsable = bodyParseFailure(req.body)
  if (unparsable) return sendStatus(reply, unparsable)
  const current = getObject(engine.world().state, p.type.kind, p.namespace, name)
  const missing = (): FastifyReply => sendStatus(reply, notFound(subjectOf(p.type, name)))
  const ct = req.headers['content-type']
  switch (req.method) {
    case 'GET':
      if (current === undefined) return missing()
      return sub === 'scale' ? sendJson(reply, scaleOf(current)) : sendObject(reply, req, engine, current)
    case 'PUT': {
      if (req.body !== undefined && !baseType(ct).startsWith('application/json') && baseType(ct) !== PROTOBUF_CONTENT_TYPE) return sendStatus(reply, unsupportedMediaType(ct ?? ''))
      if (sub === 'scale') {
        if (current === undefined) return missing()
        const object = scaled(current, req.body)
        return isStatus(object) ? sendStatus(reply, object) : answer(engine, req, reply, { verb: 'update', object, ...dryRunOf(req) }, true)
      }
      const object = bodyObject(p, req.body)
      if (isStatus(object)) return sendStatus(reply, object)
      if (object.metadata.name !== name) return sendStatus(reply, nameMismatch(object.metadata.name ?? '', name))
      return answer(engine, req, reply, { verb: 'updateStatus', object }, false)
    }
    case 'PATCH': {
      const type = patchTypeOf(ct)
      if (type === undefined) return sendStatus(reply, unsupportedPatchType(ct ?? ''))
      const badOptions = validatePatchOptions(req.query as Query, type === 'apply')
      if (badOptions) return sendStatus(reply, badOptions)
      if (req.body === undefined) return sendStatus(reply, badRequest('the patch is empty'))
      if (type === 'apply' && sub === undefined) return serveApply(engine, req, reply, p, current)
      if (current === undefined) return missing()
      const original = sub === 'scale' ? scaleOf(current) : current
      const result = applyPatch(type, original, req.body, sub === 'scale' ? 'Scale' : p.type.kind)
      if (!result.ok) return sendStatus(reply, patchRefused(result.code, result.reason, result.message))
      if (sub === 'scale') {
        const object = scaled(current, result.value)
        return isStatus(object) ? sendStatus(reply, object) : answer(engine, req, reply, { verb: 'update', object, ...dryRunOf(req) }, true)
      }
      const object = bodyObject(p, result.value)
      if (isStatus(object)) return sendStatus(reply, object)
      if (object.metadata.name !== name) return sendStatus(reply, nameMismatch(object.metadata.name ?? '', name))
      const command: Command = sub === 'status' ? { verb: 'updateStatus', object } : { verb: 'update', object: withUpdateFields(engine, req, p, current, object), ...dryRunOf(req) }
      return answer(engine, req, reply, command, false)
    }
    default:
      return sendStatus(reply, methodNotAllowed())
  }
}
