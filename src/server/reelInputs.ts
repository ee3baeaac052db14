import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { fieldPathOf } from '../api/decodeObject.js'
import { FAULT_TYPES, faultError } from '../model/faults.js'
import { KObject } from '../model/meta.js'
import type { Input } from '../sim/world.js'

// ---- codecs of the inputs `POST /reel/v1/inputs` accepts

const ObjectRef = t.intersection([t.type({ kind: t.string, name: t.string }), t.partial({ namespace: t.string })])
const DryRun = t.partial({ dryRun: t.boolean })
const DeleteOptions = t.partial({
  gracePeriodSeconds: t.number,
  propagationPolicy: t.keyof({ Background: null, Foreground: null, Orphan: null }),
  orphanDependents: t.boolean,
  preconditions: t.partial({ uid: t.string, resourceVersion: t.string }),
})

/** A Kubernetes verb (`api/commands.ts`), as the CLI sends it. */
const Command = t.union([
  t.intersection([t.type({ verb: t.keyof({ create: null, update: null }), object: KObject }), DryRun]),
  t.type({ verb: t.literal('updateStatus'), object: KObject }),
  t.intersection([t.type({ verb: t.literal('patch'), ref: ObjectRef, patch: t.UnknownRecord }), DryRun]),
  t.intersection([t.type({ verb: t.literal('delete'), ref: ObjectRef }), t.partial({ options: DeleteOptions }), DryRun]),
  t.type({ verb: t.literal('bind'), ref: ObjectRef, nodeName: t.string }),
])

const NonNegative = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'NonNegative')
const FaultType = t.keyof(Object.fromEntries(FAULT_TYPES.map((f) => [f, null])) as Record<(typeof FAULT_TYPES)[number], null>)

/**
 * One codec per accepted input type. `start` and `resync` are the engine's own and are refused; the
 * `actor` of a body is ignored: the server attributes the input to the caller's bearer token.
 */
const INPUTS: Record<string, t.Mixed> = {
  request: t.intersection([t.type({ type: t.literal('request'), command: Command }), t.partial({ clientCommand: t.string })]),
  advance: t.type({ type: t.literal('advance'), byMs: NonNegative }),
  advanceTo: t.type({ type: t.literal('advanceTo'), atMs: NonNegative }),
  settle: t.type({ type: t.literal('settle'), maxMs: NonNegative }),
  fault: t.type({ type: t.literal('fault'), fault: t.type({ type: FaultType, target: t.string }) }),
  writeVolume: t.type({ type: t.literal('writeVolume'), namespace: t.string, pod: t.string, volume: t.string, value: t.string }),
}

/** Who a fault is attributed to, whoever sends it: the same actor as a local `reel fault`, so logs compare. */
const FAULT_ACTOR = 'fault'

/**
 * Checks a JSON body against the input codecs and attributes it to `actor`: the Input to submit, or why
 * it is refused (`field path: what was wrong`), so a bad body writes nothing.
 */
export const decodeRemoteInput = (body: unknown, actor: string): E.Either<string, Input> => {
  const type = typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined
  const codec = typeof type === 'string' ? INPUTS[type] : undefined
  if (codec === undefined) return E.left(`type: unsupported input ${JSON.stringify(type)} (accepted: ${Object.keys(INPUTS).join(', ')})`)
  const decoded = codec.decode(body)
  if (E.isLeft(decoded)) {
    const first = decoded.left[0]
    const path = first ? fieldPathOf(first.context) : ''
    return E.left(`${path || 'body'}: invalid value ${JSON.stringify(first?.value)?.slice(0, 80) ?? 'undefined'}`)
  }
  // Checked above: the codecs mirror the Input union (io-ts's optional fields differ only in `| undefined`).
  const input = body as Input
  // Rebuilt field by field so that nothing else in the body reaches the step.
  switch (input.type) {
    case 'request': {
      const cc = input.clientCommand
      return E.right({ type: 'request', command: input.command, actor, ...(cc !== undefined ? { clientCommand: cc } : {}) })
    }
    case 'advance':
      return E.right({ type: 'advance', byMs: input.byMs, actor })
    case 'advanceTo':
      return E.right({ type: 'advanceTo', atMs: input.atMs })
    case 'settle':
      return E.right({ type: 'settle', maxMs: input.maxMs, actor })
    case 'fault': {
      const error = faultError(input.fault)
      return error ? E.left(`fault: ${error}`) : E.right({ type: 'fault', fault: { type: input.fault.type, target: input.fault.target }, actor: FAULT_ACTOR })
    }
    case 'writeVolume':
      return E.right({ type: 'writeVolume', namespace: input.namespace, pod: input.pod, volume: input.volume, value: input.value, actor })
    default:
      return E.left(`type: unsupported input "${input.type}"`)
  }
}
