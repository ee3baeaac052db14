import { parseDurationMs } from '../kernel/duration.js'

/**
 * What a simulated container image does, as data (one vocabulary for scenario `images:`, `reel serve
 * --images FILE` and pod-template annotations `behavior.reel.dev/<field>`, which win).
 */
export interface ImageBehavior {
  /** Time to pull the image. */
  readonly pullMs: number
  /** Time from pulled to running. */
  readonly startMs: number
  /** How the readiness probe answers (a container without a readinessProbe is ready once running). */
  readonly readiness: Readiness
  /** The container exits with `code` this long after each start; with restartPolicy Always, a crash loop. */
  readonly exit?: { readonly code: number; readonly afterMs: number }
  /** Time the process takes to stop after SIGTERM (SIGKILL at the end of the grace period). */
  readonly stopMs: number
  /** Simulated usage, for the HPA: millicores and bytes. */
  readonly cpuMilli?: number
  readonly memoryBytes?: number
}

export type Readiness =
  | { readonly kind: 'ok' }
  | { readonly kind: 'never' }
  | { readonly kind: 'failAfterProbes'; readonly probes: number }
  | { readonly kind: 'okAfter'; readonly afterMs: number }

/** What an image nobody described does: pulls in 2s, starts in 1s, answers its probes, stops in 1s. */
export const DEFAULT_IMAGE_BEHAVIOR: ImageBehavior = {
  pullMs: 2000,
  startMs: 1000,
  readiness: { kind: 'ok' },
  stopMs: 1000,
}

export const BEHAVIOR_ANNOTATION_PREFIX = 'behavior.reel.dev/'

/** Raw fields as written in YAML or annotations: strings (or numbers) per field. */
export type RawBehavior = Readonly<Record<string, unknown>>

const parseReadiness = (text: string): Readiness | string => {
  if (text === 'ok') return { kind: 'ok' }
  if (text === 'never') return { kind: 'never' }
  const fail = /^fail-after-probes=(\d+)$/.exec(text)
  if (fail) return { kind: 'failAfterProbes', probes: Number(fail[1]) }
  const after = /^ok-after=(.+)$/.exec(text)
  if (after) {
    const ms = parseDurationMs(after[1]!)
    if (ms !== undefined) return { kind: 'okAfter', afterMs: ms }
  }
  return `readiness must be ok, never, fail-after-probes=N or ok-after=DURATION, got "${text}"`
}

const parseExit = (text: string): ImageBehavior['exit'] | string => {
  const fields = Object.fromEntries(text.split(',').map((kv) => kv.split('=', 2).map((x) => x.trim()) as [string, string]))
  const code = Number(fields.code)
  const afterMs = parseDurationMs(fields.after ?? '')
  if (!Number.isInteger(code) || code < 0 || code > 255 || afterMs === undefined)
    return `exit must be code=N,after=DURATION, got "${text}"`
  return { code, afterMs }
}

const parseQuantityNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v
  if (typeof v !== 'string') return undefined
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(v)
  if (!m) return undefined
  const n = Number(m[1])
  return m[2] === 'm' ? n : m[2] === 'Ki' ? n * 1024 : m[2] === 'Mi' ? n * 1024 ** 2 : m[2] === 'Gi' ? n * 1024 ** 3 : n * 1000
}

/**
 * Merges raw fields over a base behaviour. Returns the behaviour, or the first error as
 * `<field>: <why>` (the caller prefixes the path).
 */
export const applyBehavior = (base: ImageBehavior, raw: RawBehavior): ImageBehavior | string => {
  let out: ImageBehavior = base
  for (const [field, value] of Object.entries(raw)) {
    const text = String(value)
    switch (field) {
      case 'pull':
      case 'start':
      case 'stop': {
        const ms = parseDurationMs(text)
        if (ms === undefined) return `${field}: invalid duration "${text}"`
        out = { ...out, [`${field}Ms`]: ms }
        break
      }
      case 'readiness': {
        const r = parseReadiness(text)
        if (typeof r === 'string') return `${field}: ${r}`
        out = { ...out, readiness: r }
        break
      }
      case 'exit': {
        const e = parseExit(text)
        if (typeof e === 'string') return `${field}: ${e}`
        out = e === undefined ? out : { ...out, exit: e }
        break
      }
      case 'cpu': {
        const n = parseQuantityNumber(value)
        if (n === undefined) return `cpu: invalid quantity "${text}"`
        out = { ...out, cpuMilli: n }
        break
      }
      case 'memory': {
        const n = parseQuantityNumber(value)
        if (n === undefined) return `memory: invalid quantity "${text}"`
        out = { ...out, memoryBytes: n }
        break
      }
      default:
        return `${field}: unknown field (known: pull, start, stop, readiness, exit, cpu, memory)`
    }
  }
  return out
}

/**
 * The behaviour of one container: the cluster's entry for its image (exact name, else the name without
 * tag), then the pod's `behavior.reel.dev/<field>` annotations (also `behavior.reel.dev/<container>.<field>`).
 * Invalid annotations are ignored here; the write path refuses them on create.
 */
export const behaviorFor = (
  images: Readonly<Record<string, RawBehavior>> | undefined,
  image: string,
  container: string,
  annotations: Readonly<Record<string, string>> | undefined,
): ImageBehavior => {
  const repo = image.replace(/[:@][^/]*$/, '')
  const fromImage = images?.[image] ?? images?.[repo]
  let b = fromImage ? applyBehavior(DEFAULT_IMAGE_BEHAVIOR, fromImage) : DEFAULT_IMAGE_BEHAVIOR
  if (typeof b === 'string') b = DEFAULT_IMAGE_BEHAVIOR
  const own = annotationFields(annotations, container)
  const merged = applyBehavior(b, own)
  return typeof merged === 'string' ? b : merged
}

/** `behavior.reel.dev/<field>` and `behavior.reel.dev/<container>.<field>` (the latter wins) as raw fields. */
export const annotationFields = (annotations: Readonly<Record<string, string>> | undefined, container: string): RawBehavior => {
  const general: Record<string, string> = {}
  const specific: Record<string, string> = {}
  for (const [k, v] of Object.entries(annotations ?? {})) {
    if (!k.startsWith(BEHAVIOR_ANNOTATION_PREFIX)) continue
    const rest = k.slice(BEHAVIOR_ANNOTATION_PREFIX.length)
    const dot = rest.indexOf('.')
    if (dot < 0) general[rest] = v
    else if (rest.slice(0, dot) === container) specific[rest.slice(dot + 1)] = v
  }
  return { ...general, ...specific }
}
