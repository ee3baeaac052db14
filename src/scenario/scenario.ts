import * as t from 'io-ts'
import { NodeShape } from '../model/cluster.js'

/** How a scenario names an object: `kind/name` (kubectl short names allowed), optionally in a namespace. */
export const Target = t.string

const Expect = t.intersection([
  t.partial({
    target: Target,
    namespace: t.string,
    path: t.string,
    equals: t.unknown,
    exists: t.boolean,
    condition: t.string,
    status: t.string,
    reason: t.string,
    count: t.string,
    selector: t.string,
    index: t.number,
    terminating: t.boolean,
    rollout: t.string,
    message: t.string,
    traffic: t.string,
    dns: t.string,
    read: t.intersection([t.type({ volume: t.string }), t.partial({ pod: t.string, selector: t.string, index: t.number })]),
    neverEmpty: t.boolean,
    images: t.array(t.string),
    description: t.string,
  }),
  t.UnknownRecord,
])
export type Expect = t.TypeOf<typeof Expect>

/** One step. Exactly one key names what it does. */
export const Step = t.union([
  t.type({ apply: t.union([t.string, t.intersection([t.type({ file: t.string }), t.partial({ record: t.boolean })]), t.UnknownRecord]) }),
  t.type({ create: t.union([t.string, t.intersection([t.type({ file: t.string }), t.partial({ record: t.boolean })])]) }),
  t.type({
    delete: t.union([
      t.string,
      t.intersection([
        t.type({ target: t.string }),
        t.partial({ namespace: t.string, selector: t.string, index: t.number, terminating: t.boolean, gracePeriod: t.number, cascade: t.string, force: t.boolean }),
      ]),
    ]),
  }),
  t.type({ patch: t.intersection([t.type({ target: t.string, patch: t.UnknownRecord }), t.partial({ namespace: t.string, selector: t.string, index: t.number })]) }),
  t.type({ scale: t.intersection([t.type({ target: t.string, replicas: t.number }), t.partial({ namespace: t.string })]) }),
  t.type({ run: t.intersection([t.type({ name: t.string, image: t.string }), t.partial({ replicas: t.number, restart: t.string, namespace: t.string })]) }),
  t.type({ setImage: t.intersection([t.type({ target: t.string, images: t.record(t.string, t.string) }), t.partial({ namespace: t.string, record: t.boolean })]) }),
  t.type({
    rollout: t.intersection([
      t.type({ action: t.keyof({ undo: null, pause: null, resume: null, restart: null }), target: t.string }),
      t.partial({ namespace: t.string, toRevision: t.number }),
    ]),
  }),
  t.type({ traffic: t.intersection([t.type({ name: t.string, every: t.string, for: t.string }), t.partial({ selector: t.string, service: t.string, namespace: t.string })]) }),
  t.type({ fault: t.intersection([t.type({ type: t.string, target: t.string }), t.partial({ namespace: t.string, selector: t.string, index: t.number, container: t.string })]) }),
  t.type({ write: t.intersection([t.type({ volume: t.string, value: t.string }), t.partial({ pod: t.string, selector: t.string, index: t.number, namespace: t.string })]) }),
  t.type({ load: t.intersection([t.type({ target: t.string, cpu: t.string }), t.partial({ namespace: t.string })]) }),
  t.type({ advance: t.string }),
  t.type({ settle: t.union([t.string, t.null, t.UnknownRecord]) }),
  t.type({ expect: Expect }),
  t.type({ mark: t.string }),
])
export type Step = t.TypeOf<typeof Step>

/** A scenario file (scenarios/README.md). */
export const Scenario = t.intersection([
  t.type({ name: t.string, steps: t.array(Step) }),
  t.partial({
    description: t.string,
    seed: t.number,
    cluster: t.partial({ nodes: t.union([t.number, t.array(NodeShape)]) }),
    images: t.UnknownRecord,
  }),
])
export type Scenario = t.TypeOf<typeof Scenario>
