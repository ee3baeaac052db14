import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Namespace, Node } from '../model/cluster.js'
import type { KObject } from '../model/meta.js'
import { KObject as KObjectCodec } from '../model/meta.js'
import { Pod } from '../model/pod.js'
import { badRequest, cause, invalid, type Status, type StatusCause } from '../model/status.js'
import { DaemonSet, Deployment, ReplicaSet, ReplicationController, StatefulSet } from '../model/workloads.js'
import { subjectOf, type ResourceType } from '../model/resources.js'

const CODECS: Record<string, t.Mixed> = {
  Pod,
  ReplicaSet,
  ReplicationController,
  Deployment,
  StatefulSet,
  DaemonSet,
  Namespace,
  Node,
}

interface Tagged {
  readonly _tag?: string
}

/** `spec.template.spec.containers[0].image` from an io-ts context, skipping intersection/union members. */
export const fieldPathOf = (context: t.Context): string => {
  let path = ''
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]!.type as Tagged
    const key = context[i]!.key
    switch (parent._tag) {
      case 'IntersectionType':
      case 'UnionType':
      case 'RefinementType':
        continue
      case 'ArrayType':
      case 'ReadonlyArrayType':
        path += `[${key}]`
        continue
      default:
        path += path === '' ? key : `.${key}`
    }
  }
  return path
}

/**
 * Checks an incoming object against its kind's codec. Missing required fields are a 422 Invalid with
 * `Required value` causes; fields of the wrong type are a 400 BadRequest naming the field path, as the
 * API server's decoder refuses them before validation runs.
 */
export const decodeObject = (rt: ResourceType, o: unknown): E.Either<Status, KObject> => {
  const codec = CODECS[rt.kind] ?? KObjectCodec
  const result = codec.decode(o)
  if (E.isRight(result)) return E.right(o as KObject)
  const name = (o as { metadata?: { name?: string } }).metadata?.name ?? ''
  const seen = new Set<string>()
  const required: StatusCause[] = []
  const wrongType: string[] = []
  for (const err of result.left) {
    const field = fieldPathOf(err.context)
    if (seen.has(field)) continue
    seen.add(field)
    if (err.value === undefined) required.push(cause.required(field))
    else {
      const expected = err.context[err.context.length - 1]!.type.name
      wrongType.push(`${field}: expected ${expected}, got ${JSON.stringify(err.value)}`)
    }
  }
  if (wrongType.length > 0)
    return E.left(badRequest(`${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: ${wrongType.join('; ')}`))
  return E.left(invalid(subjectOf(rt, name), required))
}
