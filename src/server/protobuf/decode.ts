import * as E from 'fp-ts/lib/Either.js'
import { badRequest, type Status } from '../../model/status.js'
import { messageTypeOf, SUPPORTED_KINDS, UNKNOWN } from './schema.js'
import { toJson } from './toJson.js'

/** The media type of Kubernetes' protobuf encoding (kubectl 1.32's typed clients send it). */
export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf'

/** `k8s\0`: every Kubernetes protobuf body starts with it. */
const MAGIC = [0x6b, 0x38, 0x73, 0x00] as const

type Json = Record<string, unknown>

/** 415 for a kind Reel has no protobuf schema for: upstream's message, then what Reel does read. */
export const unsupportedProtobufKind = (apiVersion: string, kind: string): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message:
    'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml. ' +
    `Reel reads ${PROTOBUF_CONTENT_TYPE} bodies only for ${SUPPORTED_KINDS.join(', ')}; ` +
    `this one is ${kind || '(no kind)'} (${apiVersion || 'no apiVersion'}): send it as JSON instead (kubectl create -f / apply -f)`,
  reason: 'UnsupportedMediaType',
  details: {},
  code: 415,
})

const hasMagic = (b: Uint8Array): boolean => b.length >= MAGIC.length && MAGIC.every((m, i) => b[i] === m)

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

interface Envelope {
  readonly apiVersion: string
  readonly kind: string
  readonly raw: Uint8Array
  readonly contentEncoding: string
}

/** The `runtime.Unknown` after the magic, or a 400. */
const envelopeOf = (body: Uint8Array): E.Either<Status, Envelope> => {
  if (!hasMagic(body)) return E.left(badRequest(`provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`))
  try {
    const u = UNKNOWN.toObject(UNKNOWN.decode(body.subarray(MAGIC.length))) as Json
    const tm = (u.typeMeta ?? {}) as Json
    const str = (v: unknown): string => (typeof v === 'string' ? v : '')
    return E.right({
      apiVersion: str(tm.apiVersion),
      kind: str(tm.kind),
      raw: u.raw instanceof Uint8Array ? u.raw : new Uint8Array(),
      contentEncoding: str(u.contentEncoding),
    })
  } catch (e) {
    return E.left(badRequest(`the request body is not Kubernetes protobuf: ${messageOf(e)}`))
  }
}

/**
 * Decodes a Kubernetes protobuf request body (magic `k8s\0`, then `runtime.Unknown{typeMeta, raw}`)
 * into the JSON object Kubernetes would have produced, `kind` and `apiVersion` first. Refusals:
 * 400 for bytes that are not such a message (upstream's wording for a missing prefix and, for a bad `raw`,
 * the API server's `cannot be handled as`),
 * 415 for a kind outside Reel's schema or a compressed body. Fields Reel's schema does not list are
 * skipped, as any protobuf reader skips unknown fields.
 */
export const decodeProtobufBody = (body: Uint8Array): E.Either<Status, Json> => {
  const envelope = envelopeOf(body)
  if (E.isLeft(envelope)) return envelope
  const { apiVersion, kind, raw, contentEncoding } = envelope.right
  const type = messageTypeOf(apiVersion, kind)
  if (type === undefined || contentEncoding !== '') return E.left(unsupportedProtobufKind(apiVersion, kind))
  try {
    const plain = type.toObject(type.decode(raw), { longs: Number, bytes: String }) as Json
    return E.right({ kind, apiVersion, ...toJson(type, plain) })
  } catch (e) {
    const version = apiVersion.split('/').pop() ?? apiVersion
    return E.left(badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: ${messageOf(e)}`))
  }
}
