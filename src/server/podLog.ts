import type { FastifyReply, FastifyRequest } from 'fastify'
import * as E from 'fp-ts/lib/Either.js'
import { isObjectEvent } from '../log/events.js'
import { type KObject, objectKey } from '../model/meta.js'
import { subjectOf } from '../model/resources.js'
import { badRequest, methodNotAllowed, notFound } from '../model/status.js'
import type { Engine } from '../runtime/engine.js'
import { getObject } from '../state/clusterState.js'
import type { ResourcePath } from './path.js'
import { containerRuns, type PodVersion, renderLog } from './podLogLines.js'
import type { Query } from './resources.js'
import { internalError, sendStatus } from './status.js'

const namesOf = (list: unknown): string[] => (Array.isArray(list) ? list.map((c) => String((c as { name?: unknown }).name)) : [])

/** The container a log request reads: `container`, or the only one; upstream's 400s otherwise. */
const containerOf = (pod: KObject, asked: string | undefined) => {
  const spec = (pod.spec ?? {}) as { containers?: unknown; initContainers?: unknown }
  const names = namesOf(spec.containers)
  const inits = namesOf(spec.initContainers)
  const name = pod.metadata.name ?? ''
  if (asked !== undefined && asked !== '') return names.includes(asked) || inits.includes(asked) ? asked : badRequest(`container ${asked} is not valid for pod ${name}`)
  if (names.length === 1) return names[0]!
  if (names.length === 0) return badRequest(`a container name must be specified for pod ${name}`)
  const initPart = inits.length > 0 ? ` or one of the init containers: [${inits.join(' ')}]` : ''
  return badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]${initPart}`)
}

/** Every version of this pod (this uid) in the log, from the per-object index. */
const versionsOf = async (engine: Engine, pod: KObject): Promise<PodVersion[] | undefined> => {
  const seqs = await engine.log.objectHistory(objectKey('Pod', pod.metadata.namespace, pod.metadata.name ?? ''))()
  if (E.isLeft(seqs)) return undefined
  const out: PodVersion[] = []
  for (const seq of seqs.right)
    for await (const batch of engine.log.read(seq, seq))
      for (const e of batch) if (isObjectEvent(e) && e.data.object.metadata.uid === pod.metadata.uid) out.push({ atMs: e.at, pod: e.data.object })
  return out
}

const isTrue = (v: string | undefined): boolean => v === 'true' || v === '1'
const intOf = (v: string | undefined): number | undefined => (v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined)

/**
 * `GET …/pods/NAME/log` (text/plain): the simulated log of one container, rebuilt from what the kubelet
 * recorded about it in the log (`podLogLines.ts`). `previous=true` reads the run before the latest one;
 * `timestamps`, `tailLines`, `sinceSeconds`, `limitBytes` as upstream; `follow=true` answers what there is
 * now and ends.
 */
export const servePodLog = async (engine: Engine, req: FastifyRequest, reply: FastifyReply, p: ResourcePath): Promise<FastifyReply> => {
  if (req.method !== 'GET') return sendStatus(reply, methodNotAllowed())
  const name = p.name ?? ''
  const pod = getObject(engine.world().state, 'Pod', p.namespace, name)
  if (pod === undefined) return sendStatus(reply, notFound(subjectOf(p.type, name)))
  const q = req.query as Query
  const container = containerOf(pod, q.container)
  if (typeof container !== 'string') return sendStatus(reply, container)
  const versions = await versionsOf(engine, pod)
  if (versions === undefined) return sendStatus(reply, internalError(`cannot read the history of pod ${name}`))
  const runs = containerRuns(versions, container)
  const previous = isTrue(q.previous)
  const run = runs[runs.length - (previous ? 2 : 1)]
  if (run === undefined) {
    if (previous) return sendStatus(reply, badRequest(`previous terminated container "${container}" in pod "${name}" not found`))
    const waiting = ((pod.status as { containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[] } | undefined)?.containerStatuses ?? []).find((c) => c.name === container)
    return sendStatus(reply, badRequest(`container "${container}" in pod "${name}" is waiting to start: ${waiting?.state?.waiting?.reason ?? 'ContainerCreating'}`))
  }
  const since = intOf(q.sinceSeconds)
  const tailLines = intOf(q.tailLines)
  const limitBytes = intOf(q.limitBytes)
  const text = renderLog(run.lines, {
    timestamps: isTrue(q.timestamps),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
    ...(since !== undefined ? { sinceMs: engine.world().nowMs - since * 1000 } : {}),
  })
  return reply.code(200).header('content-type', 'text/plain').send(text)
}
