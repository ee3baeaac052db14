import * as E from 'fp-ts/lib/Either.js'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Command } from '../api/commands.js'
import { applyCommand, createCommand, deleteOptions, scaleCommand } from '../client/kubectl.js'
import { parseDurationMs } from '../kernel/duration.js'
import { defaultNodeShapes, type NodeShape } from '../model/cluster.js'
import type { KObject } from '../model/meta.js'
import { resolveResource } from '../model/resources.js'
import { parseSelector, matches } from '../model/selector.js'
import type { EventLog } from '../ports/eventLog.js'
import { openEngine, type Engine } from '../runtime/engine.js'
import { CONTROLLERS } from '../sim/controllers.js'
import { getObject, listObjects } from '../state/clusterState.js'
import { describeManifestError, parseManifests } from './manifests.js'
import { readPath } from './path.js'
import type { Expect, Scenario, Step } from './scenario.js'
import { deepEqual } from '../kernel/deepEqual.js'

/** One expectation that did not hold, or a step that could not run. */
export interface StepFailure {
  readonly step: number
  readonly description: string
  readonly expected: unknown
  readonly actual: unknown
}

export interface ScenarioResult {
  readonly failures: readonly StepFailure[]
  readonly marks: Readonly<Record<string, number>>
  readonly head: number
  readonly nowMs: number
}

/** One hour of virtual time: how long `settle` may run unless told otherwise. */
export const SETTLE_MAX_MS = 3_600_000

const nodesOf = (s: Scenario): NodeShape[] => {
  const n = s.cluster?.nodes
  return n === undefined ? defaultNodeShapes(3) : typeof n === 'number' ? defaultNodeShapes(n) : n
}

/** `kind/name` → kind and name; the kind may be any kubectl spelling (`rs`, `deploy`, `pods`). */
export const parseTarget = (target: string): { kind: string; name: string } | string => {
  const slash = target.indexOf('/')
  const rt = resolveResource(slash < 0 ? target : target.slice(0, slash))
  if (!rt) return `unknown resource type in "${target}"`
  return { kind: rt.kind, name: slash < 0 ? '' : target.slice(slash + 1) }
}

const ACTOR = 'user:scenario'

/** Runs a scenario's steps on an initialized log; expectations are collected, never thrown. */
export const runScenario = async (scenario: Scenario, log: EventLog, baseDir: string, seedOverride?: number): Promise<ScenarioResult> => {
  const engine = await openEngine(log, {
    controllers: CONTROLLERS,
    seed: seedOverride ?? scenario.seed ?? 1,
    cluster: { nodes: nodesOf(scenario) },
    actor: ACTOR,
  })
  const failures: StepFailure[] = []
  const marks: Record<string, number> = {}
  for (const [i, step] of scenario.steps.entries()) {
    const problem = await runStep(engine, step, baseDir, marks)
    if (problem) failures.push({ step: i + 1, ...problem })
  }
  return { failures, marks, head: engine.world().state.seq, nowMs: engine.world().nowMs }
}

type Problem = Omit<StepFailure, 'step'> | undefined

const request = async (engine: Engine, command: Command, description: string): Promise<Problem> => {
  const reply = await engine.submit({ type: 'request', command, actor: ACTOR })
  if (reply.type === 'decision' && !reply.decision.ok)
    return { description, expected: 'accepted', actual: reply.decision.status.message }
  return undefined
}

const loadObjects = async (spec: unknown, baseDir: string): Promise<KObject[] | string> => {
  if (typeof spec === 'object' && spec !== null && 'file' in spec) {
    const file = resolve(baseDir, String((spec as { file: string }).file))
    const parsed = parseManifests(await readFile(file, 'utf8'), file)
    return E.isLeft(parsed) ? describeManifestError(parsed.left) : parsed.right.map((x) => x.object)
  }
  if (typeof spec === 'string') {
    const parsed = parseManifests(spec, '<inline>')
    return E.isLeft(parsed) ? describeManifestError(parsed.left) : parsed.right.map((x) => x.object)
  }
  return [spec as KObject]
}

const runStep = async (engine: Engine, step: Step, baseDir: string, marks: Record<string, number>): Promise<Problem> => {
  if ('apply' in step || 'create' in step) {
    const isApply = 'apply' in step
    const objects = await loadObjects(isApply ? step.apply : step.create, baseDir)
    if (typeof objects === 'string') return { description: 'load manifests', expected: 'readable manifests', actual: objects }
    for (const o of objects) {
      const command = isApply ? applyCommand(engine.world().state, o, undefined) : createCommand(o, undefined)
      const p = await request(engine, command, `${isApply ? 'apply' : 'create'} ${o.kind}/${o.metadata.name ?? ''}`)
      if (p) return p
    }
    return undefined
  }
  if ('delete' in step) return deleteStep(engine, step.delete)
  if ('patch' in step) {
    const t = parseTarget(step.patch.target)
    if (typeof t === 'string') return { description: 'patch', expected: 'a target', actual: t }
    const namespace = step.patch.namespace ?? 'default'
    const name = pickName(engine, t, namespace, step.patch.selector, step.patch.index)
    if (name === undefined) return { description: `patch ${step.patch.target} -l ${step.patch.selector ?? ''}`, expected: 'a matching object', actual: 'none' }
    return request(engine, { verb: 'patch', ref: { kind: t.kind, namespace, name }, patch: step.patch.patch }, `patch ${t.kind}/${name}`)
  }
  if ('scale' in step) {
    const t = parseTarget(step.scale.target)
    if (typeof t === 'string') return { description: 'scale', expected: 'a target', actual: t }
    return request(engine, scaleCommand({ ...t, namespace: step.scale.namespace ?? 'default' }, step.scale.replicas), `scale ${step.scale.target}`)
  }
  if ('advance' in step) {
    const ms = parseDurationMs(step.advance)
    if (ms === undefined) return { description: 'advance', expected: 'a duration', actual: step.advance }
    await engine.submit({ type: 'advance', byMs: ms, actor: ACTOR })
    return undefined
  }
  if ('settle' in step) {
    const max = typeof step.settle === 'string' ? parseDurationMs(step.settle) : SETTLE_MAX_MS
    await engine.submit({ type: 'settle', maxMs: max ?? SETTLE_MAX_MS, actor: ACTOR })
    return undefined
  }
  if ('mark' in step) {
    marks[step.mark] = engine.world().state.seq
    return undefined
  }
  return checkExpect(engine, step.expect)
}

/**
 * The object a step names: `kind/name`, or the `index`-th (in name order) live object of the kind
 * matching `selector` — how a scenario points at pods whose names were generated.
 */
const pickName = (engine: Engine, t: { kind: string; name: string }, namespace: string, selector: string | undefined, index: number | undefined): string | undefined => {
  if (selector === undefined) return t.name
  const sel = parseSelector(selector)
  if (typeof sel === 'string') return undefined
  const found = listObjects(engine.world().state, t.kind, namespace).filter((o) => matches(sel, o.metadata.labels) && o.metadata.deletionTimestamp === undefined)
  return found[index ?? 0]?.metadata.name
}

const deleteStep = async (engine: Engine, spec: Extract<Step, { delete: unknown }>['delete']): Promise<Problem> => {
  const d = typeof spec === 'string' ? { target: spec } : spec
  const t = parseTarget(d.target)
  if (typeof t === 'string') return { description: 'delete', expected: 'a target', actual: t }
  const namespace = d.namespace ?? 'default'
  const name = pickName(engine, t, namespace, 'selector' in d ? d.selector : undefined, 'index' in d ? d.index : undefined)
  if (name === undefined) return { description: `delete ${d.target} -l ${'selector' in d ? d.selector : ''}`, expected: 'a matching object', actual: 'none' }
  const options = deleteOptions({
    ...(d.cascade !== undefined ? { cascade: d.cascade } : {}),
    ...(d.gracePeriod !== undefined ? { gracePeriod: d.gracePeriod } : {}),
    ...(d.force !== undefined ? { force: d.force } : {}),
  })
  return request(engine, { verb: 'delete', ref: { kind: t.kind, namespace, name }, options }, `delete ${t.kind}/${name}`)
}

const checkExpect = (engine: Engine, x: Expect): Problem => {
  const s = engine.world().state
  const namespace = x.namespace ?? 'default'
  const description = x.description ?? JSON.stringify(x)
  if (x.count !== undefined) {
    const rt = resolveResource(x.count)
    const sel = parseSelector(x.selector ?? '')
    if (!rt || typeof sel === 'string') return { description, expected: 'a resource and selector', actual: x.count }
    const n = listObjects(s, rt.kind, rt.namespaced ? namespace : undefined).filter((o) => matches(sel, o.metadata.labels)).length
    return n === x.equals ? undefined : { description, expected: x.equals, actual: n }
  }
  const t = parseTarget(x.target ?? '')
  if (typeof t === 'string') return { description, expected: 'a target', actual: t }
  const rt = resolveResource(t.kind)!
  const o = getObject(s, t.kind, rt.namespaced ? namespace : undefined, t.name)
  if (x.exists !== undefined) return (o !== undefined) === x.exists ? undefined : { description, expected: x.exists ? 'exists' : 'absent', actual: o ? 'exists' : 'absent' }
  if (!o) return { description, expected: 'the object', actual: 'absent' }
  if (x.condition !== undefined) {
    const c = readPath(o, `status.conditions[type=${x.condition}]`) as Record<string, unknown> | undefined
    const ok = c !== undefined && (x.status === undefined || c.status === x.status) && (x.reason === undefined || c.reason === x.reason)
    return ok ? undefined : { description, expected: { type: x.condition, status: x.status, reason: x.reason }, actual: c ?? 'no such condition' }
  }
  const actual = readPath(o, x.path ?? '')
  return deepEqual(actual, x.equals) ? undefined : { description, expected: x.equals, actual }
}

