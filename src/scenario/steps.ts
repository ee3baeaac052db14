import * as E from 'fp-ts/lib/Either.js'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Command } from '../api/commands.js'
import { applyCommand, createCommand, deleteOptions, scaleCommand } from '../client/kubectl.js'
import { loadCommand } from '../controllers/hpa/loadCommand.js'
import { pauseCommand, restartCommand, rolloutUndo, runObject, setImageCommand } from '../client/rollout.js'
import { toTimestamp } from '../kernel/brand.js'
import { parseDurationMs } from '../kernel/duration.js'
import { type Fault, faultError } from '../model/faults.js'
import type { KObject } from '../model/meta.js'
import { matches, parseSelector } from '../model/selector.js'
import type { Deployment } from '../model/workloads.js'
import type { Engine } from '../runtime/engine.js'
import { getObject, listObjects } from '../state/clusterState.js'
import { checkExpect, type Mismatch, parseTarget } from './expect.js'
import { describeManifestError, parseManifests } from './manifests.js'
import type { Step } from './scenario.js'
import type { TrafficSample } from './traffic.js'
import { probeTraffic } from './traffic.js'

/** What steps share while a scenario runs. */
export interface StepContext {
  readonly engine: Engine
  readonly baseDir: string
  readonly marks: Record<string, number>
  readonly traffic: Map<string, readonly TrafficSample[]>
}

/** One hour of virtual time: how long `settle` may run unless told otherwise. */
export const SETTLE_MAX_MS = 3_600_000

const ACTOR = 'user:scenario'

type Problem = Mismatch | undefined

const request = async (engine: Engine, command: Command, description: string): Promise<Problem> => {
  const reply = await engine.submit({ type: 'request', command, actor: ACTOR })
  if (reply.type === 'decision' && !reply.decision.ok) return { description, expected: 'accepted', actual: reply.decision.status.message }
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

/**
 * The object a step names: `kind/name`, or the `index`-th (in name order) object of the kind matching
 * `selector` among the live ones (or, with `terminating`, among those being deleted) — how a scenario
 * points at pods whose names were generated.
 */
const pickName = (engine: Engine, t: { kind: string; name: string }, namespace: string, selector: string | undefined, index: number | undefined, terminating = false): string | undefined => {
  if (selector === undefined) return t.name
  const sel = parseSelector(selector)
  if (typeof sel === 'string') return undefined
  const found = listObjects(engine.world().state, t.kind, namespace).filter((o) => matches(sel, o.metadata.labels) && (o.metadata.deletionTimestamp !== undefined) === terminating)
  return found[index ?? 0]?.metadata.name
}

type StepOf<K extends string> = Extract<Step, Record<K, unknown>>[K]

const manifestsStep = async (ctx: StepContext, spec: unknown, isApply: boolean): Promise<Problem> => {
  const objects = await loadObjects(spec, ctx.baseDir)
  if (typeof objects === 'string') return { description: 'load manifests', expected: 'readable manifests', actual: objects }
  const spec_ = spec as { file?: string; record?: boolean }
  const cause = spec_.record && spec_.file ? `kubectl ${isApply ? 'apply' : 'create'} --filename=${spec_.file} --record=true` : undefined
  for (const raw of objects) {
    const o = cause === undefined ? raw : { ...raw, metadata: { ...raw.metadata, annotations: { ...(raw.metadata.annotations ?? {}), 'kubernetes.io/change-cause': cause } } }
    const command = isApply ? applyCommand(ctx.engine.world().state, o, undefined) : createCommand(o, undefined)
    const p = await request(ctx.engine, command, `${isApply ? 'apply' : 'create'} ${o.kind}/${o.metadata.name ?? ''}`)
    if (p) return p
  }
  return undefined
}

const deleteStep = async (engine: Engine, spec: StepOf<'delete'>): Promise<Problem> => {
  const d = typeof spec === 'string' ? { target: spec } : spec
  const t = parseTarget(d.target)
  if (typeof t === 'string') return { description: 'delete', expected: 'a target', actual: t }
  const namespace = d.namespace ?? 'default'
  const name = pickName(engine, t, namespace, 'selector' in d ? d.selector : undefined, 'index' in d ? d.index : undefined, 'terminating' in d && d.terminating === true)
  if (name === undefined) return { description: `delete ${d.target} -l ${'selector' in d ? d.selector : ''}`, expected: 'a matching object', actual: 'none' }
  const options = deleteOptions({
    ...('cascade' in d && d.cascade !== undefined ? { cascade: d.cascade } : {}),
    ...('gracePeriod' in d && d.gracePeriod !== undefined ? { gracePeriod: d.gracePeriod } : {}),
    ...('force' in d && d.force !== undefined ? { force: d.force } : {}),
  })
  return request(engine, { verb: 'delete', ref: { kind: t.kind, namespace, name }, options }, `delete ${t.kind}/${name}`)
}

const patchStep = async (engine: Engine, p: StepOf<'patch'>): Promise<Problem> => {
  const t = parseTarget(p.target)
  if (typeof t === 'string') return { description: 'patch', expected: 'a target', actual: t }
  const namespace = p.namespace ?? 'default'
  const name = pickName(engine, t, namespace, p.selector, p.index)
  if (name === undefined) return { description: `patch ${p.target} -l ${p.selector ?? ''}`, expected: 'a matching object', actual: 'none' }
  return request(engine, { verb: 'patch', ref: { kind: t.kind, namespace, name }, patch: p.patch }, `patch ${t.kind}/${name}`)
}

const deploymentOf = (engine: Engine, target: string, namespace: string): Deployment | string => {
  const t = parseTarget(target)
  if (typeof t === 'string') return t
  return getObject<Deployment>(engine.world().state, 'Deployment', namespace, t.name) ?? `deployment ${t.name} not found`
}

const rolloutStep = async (engine: Engine, r: StepOf<'rollout'>): Promise<Problem> => {
  const description = `rollout ${r.action} ${r.target}`
  const d = deploymentOf(engine, r.target, r.namespace ?? 'default')
  if (typeof d === 'string') return { description, expected: 'a deployment', actual: d }
  let c: Command | string
  if (r.action === 'undo') {
    const u = rolloutUndo(engine.world().state, d, r.toRevision ?? 0)
    if ('skipped' in u) return undefined
    c = 'error' in u ? u.error : u.command
  } else if (r.action === 'restart') c = restartCommand(d, toTimestamp(engine.world().nowMs))
  else c = pauseCommand(d, r.action === 'pause')
  return typeof c === 'string' ? { description, expected: 'accepted', actual: c } : request(engine, c, description)
}

const setImageStep = async (engine: Engine, x: StepOf<'setImage'>): Promise<Problem> => {
  const t = parseTarget(x.target)
  const description = `set image ${x.target}`
  if (typeof t === 'string') return { description, expected: 'a target', actual: t }
  const o = getObject(engine.world().state, t.kind, x.namespace ?? 'default', t.name)
  if (!o) return { description, expected: 'the object', actual: 'absent' }
  const cause = x.record ? `kubectl set image ${x.target} ${Object.entries(x.images).map(([k, v]) => `${k}=${v}`).join(' ')} --record=true` : undefined
  const c = setImageCommand(o, x.images, cause)
  return typeof c === 'string' ? { description, expected: 'accepted', actual: c } : request(engine, c, description)
}

/**
 * A fault: `node-down`, `network-partition`, `kubelet-stop` or `node-up` on a node; `container-crash` on
 * `pod/<name>[/<container>]`, or on the `index`-th pod matching `selector` (`target: pod`).
 */
const faultStep = async (engine: Engine, f: StepOf<'fault'>): Promise<Problem> => {
  let target = f.target
  if (f.type === 'container-crash') {
    const namespace = f.namespace ?? 'default'
    const pod = pickName(engine, { kind: 'Pod', name: f.target.replace(/^pods?\/?/, '') }, namespace, f.selector, f.index)
    if (pod === undefined) return { description: `fault ${f.type} -l ${f.selector ?? ''}`, expected: 'a matching pod', actual: 'none' }
    target = `${namespace}/${pod}${f.container !== undefined ? `/${f.container}` : ''}`
  }
  const fault = { type: f.type, target }
  const error = faultError(fault)
  if (error) return { description: `fault ${f.type} ${f.target}`, expected: 'a valid fault', actual: error }
  await engine.submit({ type: 'fault', fault: fault as Fault, actor: 'fault' })
  return undefined
}

/** Runs one step; a problem is a failed expectation or a refused request. */
export const runStep = async (ctx: StepContext, step: Step): Promise<Problem> => {
  const { engine } = ctx
  if ('apply' in step) return manifestsStep(ctx, step.apply, true)
  if ('create' in step) return manifestsStep(ctx, step.create, false)
  if ('delete' in step) return deleteStep(engine, step.delete)
  if ('patch' in step) return patchStep(engine, step.patch)
  if ('run' in step) return request(engine, { verb: 'create', object: runObject(step.run.name, step.run.image, step.run) }, `run ${step.run.name}`)
  if ('setImage' in step) return setImageStep(engine, step.setImage)
  if ('rollout' in step) return rolloutStep(engine, step.rollout)
  if ('scale' in step) {
    const t = parseTarget(step.scale.target)
    if (typeof t === 'string') return { description: 'scale', expected: 'a target', actual: t }
    return request(engine, scaleCommand({ ...t, namespace: step.scale.namespace ?? 'default' }, step.scale.replicas), `scale ${step.scale.target}`)
  }
  if ('traffic' in step) {
    const samples = await probeTraffic(engine, step.traffic)
    if (typeof samples === 'string') return { description: 'traffic', expected: 'a valid probe', actual: samples }
    ctx.traffic.set(step.traffic.name, samples)
    return undefined
  }
  if ('fault' in step) return faultStep(engine, step.fault)
  if ('load' in step) {
    const c = loadCommand(engine.world().state, step.load.target, { cpu: step.load.cpu }, step.load.namespace ?? 'default')
    return typeof c === 'string' ? { description: `load ${step.load.target}`, expected: 'a valid load', actual: c } : request(engine, c, `load ${step.load.target}`)
  }
  if ('write' in step) {
    const w = step.write
    const namespace = w.namespace ?? 'default'
    const pod = pickName(engine, { kind: 'Pod', name: (w.pod ?? '').replace(/^pods?\//, '') }, namespace, w.selector, w.index)
    if (pod === undefined) return { description: `write -l ${w.selector ?? ''}`, expected: 'a matching pod', actual: 'none' }
    const reply = await engine.submit({ type: 'writeVolume', namespace, pod, volume: w.volume, value: w.value, actor: ACTOR })
    return reply.type === 'refused' ? { description: `write ${pod} ${w.volume}`, expected: 'accepted', actual: reply.status.message } : undefined
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
    ctx.marks[step.mark] = engine.world().state.seq
    return undefined
  }
  return checkExpect(engine.world().state, step.expect, ctx.traffic)
}
