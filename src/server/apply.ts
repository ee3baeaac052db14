import type { FastifyReply, FastifyRequest } from 'fastify'
import { applyConfig, conflictCauses, conflictMessage, managedFieldsOf, recordCreate, recordUpdate, type Writer } from '../api/apply/managedFields.js'
import { toTimestamp } from '../kernel/brand.js'
import { deepEqual } from '../kernel/deepEqual.js'
import type { KObject } from '../model/meta.js'
import { apiVersionOf, subjectOf } from '../model/resources.js'
import { badRequest, conflict, isStatus, type Status } from '../model/status.js'
import type { Engine } from '../runtime/engine.js'
import type { ResourcePath } from './path.js'
import { bodyObject, sendObject, submit, type Query } from './resources.js'
import { nameMismatch, sendStatus } from './status.js'

/**
 * The manager a write is recorded under: the `fieldManager` parameter, or as upstream the User-Agent up
 * to its first `/` (`kubectl/v1.32.5 (linux/amd64) …` → `kubectl`).
 */
export const fieldManagerOf = (req: FastifyRequest): string => {
  const q = (req.query as Query).fieldManager
  if (q !== undefined && q !== '') return q
  const ua = req.headers['user-agent'] ?? ''
  return ua.split('/')[0]?.trim() || 'unknown'
}

const writerOf = (engine: Engine, req: FastifyRequest, p: ResourcePath): Writer => ({
  manager: fieldManagerOf(req),
  apiVersion: apiVersionOf(p.type),
  time: toTimestamp(engine.world().nowMs),
})

/**
 * The object a create, PUT or PATCH writes, with the writer's `Update` entry in `metadata.managedFields`.
 * A client that sets managedFields itself (kubectl's client-side to server-side apply migration patches
 * them) is taken at its word.
 */
export const withUpdateFields = (engine: Engine, req: FastifyRequest, p: ResourcePath, old: KObject | undefined, next: KObject): KObject => {
  const sent = managedFieldsOf(next)
  const w = writerOf(engine, req, p)
  if (old === undefined) return sent !== undefined ? next : recordCreate(next, w, 'Update')
  if (sent !== undefined && !deepEqual(sent, managedFieldsOf(old))) return next
  return recordUpdate(old, next, w)
}

/** 409 for apply conflicts: reason Conflict, one `FieldManagerConflict` cause per field (upstream's `NewApplyConflict`). */
const applyConflict = (message: string, causes: ReturnType<typeof conflictCauses>): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason: 'Conflict',
  details: { causes },
  code: 409,
})

/**
 * Server-side apply (`PATCH` with `application/apply-patch+yaml`; `fieldManager` checked by `options.ts`): `force=true`
 * takes fields from other managers. Creates the object when absent (201, one `Apply` entry), otherwise
 * merges with field ownership (`api/apply/managedFields.ts`) and writes an update conditioned on the
 * resourceVersion it read (200), or answers 409 with the conflicting fields.
 */
export const serveApply = async (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath, current: KObject | undefined): Promise<FastifyReply> => {
  const q = req.query as Query
  const config = bodyObject(p, req.body)
  if (isStatus(config)) return sendStatus(reply, config)
  const name = p.name ?? ''
  if (config.metadata.name !== undefined && config.metadata.name !== name) return sendStatus(reply, nameMismatch(config.metadata.name, name))
  const named: KObject = { ...config, metadata: { ...config.metadata, name } }
  const w = writerOf(engine, req, p)
  const dryRun = q.dryRun === 'All' ? { dryRun: true } : {}
  const answer = async (object: KObject, verb: 'create' | 'update', code: number): Promise<FastifyReply> => {
    const res = await submit(engine, req, { verb, object, ...dryRun })
    if (res === undefined) return sendStatus(reply, badRequest('nothing was written'))
    return isStatus(res) ? sendStatus(reply, res) : sendObject(reply, req, engine, res, code)
  }
  if (current === undefined) return answer(recordCreate(named, w, 'Apply'), 'create', 201)
  const rv = named.metadata.resourceVersion
  if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion) return sendStatus(reply, conflict(subjectOf(p.type, name)))
  const r = applyConfig(current, named, w, q.force === 'true')
  if (!r.ok) return sendStatus(reply, applyConflict(conflictMessage(r.conflicts), conflictCauses(r.conflicts)))
  return answer({ ...r.object, metadata: { ...r.object.metadata, resourceVersion: current.metadata.resourceVersion! } }, 'update', 200)
}
