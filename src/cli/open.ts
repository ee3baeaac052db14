import * as E from 'fp-ts/lib/Either.js'
import { readFile } from 'node:fs/promises'
import { parse as parseYaml } from 'yaml'
import { applyBehavior, DEFAULT_IMAGE_BEHAVIOR } from '../model/imageBehavior.js'
import { RemoteError, type RemoteTarget } from '../adapters/httpClient.js'
import { openHttpEventLog } from '../adapters/httpEventLog.js'
import { openLevelEventLog, LEVEL_FORMAT_VERSION } from '../adapters/levelEventLog.js'
import { REEL_VERSION } from '../log/events.js'
import { defaultNodeShapes } from '../model/cluster.js'
import { describeLogError, type EventLog, LogReadError } from '../ports/eventLog.js'
import { openEngine, type Engine } from '../runtime/engine.js'
import { openRemoteEngine } from '../runtime/remoteEngine.js'
import { CONTROLLERS } from '../sim/controllers.js'
import { stateAt } from '../history/stateAt.js'
import type { ClusterState } from '../state/clusterState.js'
import { findServer } from './remote.js'

/** Options every verb takes. */
export interface GlobalOptions {
  readonly data?: string
  readonly seed?: string
  readonly nodes?: string
  readonly images?: string
}

/** A refusal the CLI prints as one line and exits non-zero for. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message)
  }
}

export const dataDirOf = (o: GlobalOptions): string => o.data || process.env.REEL_DATA || './.reel'

const intOption = (value: string | undefined, name: string, fallback: number): number => {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new CliError(`error: ${name} must be a non-negative integer, got "${value}"`)
  return n
}

export const seedOf = (o: GlobalOptions): number => intOption(o.seed ?? process.env.REEL_SEED, '--seed', 1)
export const nodesOf = (o: GlobalOptions): number => intOption(o.nodes ?? process.env.REEL_NODES, '--nodes', 3)

/** The user a CLI write is attributed to (`user:<name>`; `REEL_USER`, else `admin`). */
export const cliActor = (): string => `user:${process.env.REEL_USER ?? 'admin'}`

/** The running server holding `dir`, or undefined; a named server that does not answer is a CLI error. */
const serverOf = async (dir: string): Promise<RemoteTarget | undefined> => {
  const found = await findServer(dir)
  if (typeof found === 'string') throw new CliError(`error: ${found}`)
  return found
}

/**
 * Opens the log in the data directory, creating it (meta with the seed) when new. When a `reel serve`
 * holds the directory (`<data>/server.json`), the log is read through its HTTP API instead.
 */
export const openLog = async (o: GlobalOptions, dir = dataDirOf(o)): Promise<EventLog> => {
  const server = await serverOf(dir)
  if (server !== undefined) {
    const remote = await openHttpEventLog(server)()
    if (E.isLeft(remote)) throw new CliError(`error: ${describeLogError(remote.left)}`)
    return remote.right
  }
  return openLocalLog(o, dir)
}

const openLocalLog = async (o: GlobalOptions, dir: string): Promise<EventLog> => {
  const opened = await openLevelEventLog(dir)()
  if (E.isLeft(opened)) throw new CliError(`error: ${describeLogError(opened.left)}`)
  const log = opened.right
  const meta = await log.readMeta()()
  if (E.isLeft(meta)) throw new CliError(`error: ${describeLogError(meta.left)}`)
  if (meta.right === undefined) {
    const init = await log.initialize({ formatVersion: LEVEL_FORMAT_VERSION, seed: seedOf(o), createdWith: `reel ${REEL_VERSION}` })()
    if (E.isLeft(init)) throw new CliError(`error: ${describeLogError(init.left)}`)
  }
  return log
}

/**
 * Image behaviours from `--images FILE` (env `REEL_IMAGES`): YAML, image name → fields
 * (`model/imageBehavior.ts`). Every entry is checked; an error names the file, the image and the field.
 */
export const imagesOf = async (o: GlobalOptions): Promise<Record<string, Record<string, unknown>> | undefined> => {
  const file = o.images || process.env.REEL_IMAGES
  if (!file) return undefined
  let parsed: unknown
  try {
    parsed = parseYaml(await readFile(file, 'utf8'))
  } catch (err) {
    throw new CliError(`error: ${file}: ${(err as Error).message.split('\n')[0]}`)
  }
  if (typeof parsed !== 'object' || parsed === null) throw new CliError(`error: ${file}: expected a map of image name to behaviour`)
  for (const [image, fields] of Object.entries(parsed)) {
    const checked = typeof fields === 'object' && fields !== null ? applyBehavior(DEFAULT_IMAGE_BEHAVIOR, fields as Record<string, unknown>) : 'expected a map of fields'
    if (typeof checked === 'string') throw new CliError(`error: ${file}: ${image}.${checked}`)
  }
  return parsed as Record<string, Record<string, unknown>>
}

/**
 * Opens the engine (the single writer) on the data directory; new logs start with the seed, nodes and
 * images. When a `reel serve` holds the directory, the engine is the server (`runtime/remoteEngine.ts`).
 */
export const openCluster = async (o: GlobalOptions): Promise<Engine> => {
  const server = await serverOf(dataDirOf(o))
  return server !== undefined ? openRemoteEngine(server, CONTROLLERS) : openLocalCluster(o)
}

/** Opens the engine on the directory itself (what `reel serve` runs), never through a server. */
export const openLocalCluster = async (o: GlobalOptions): Promise<Engine> => {
  const requested = await imagesOf(o)
  const log = await openLocalLog(o, dataDirOf(o))
  const meta = await log.readMeta()()
  const seed = E.isRight(meta) && meta.right ? meta.right.seed : seedOf(o)
  const images = log.head() === 0 ? requested : undefined
  const cluster = { nodes: defaultNodeShapes(nodesOf(o)), ...(images !== undefined ? { images } : {}) }
  return openEngine(log, { controllers: CONTROLLERS, seed, cluster, actor: cliActor() })
}

/** A failure talking to a server or reading its log, as the CLI's one error line. */
const remoteFailure = (err: unknown): unknown =>
  err instanceof RemoteError || err instanceof LogReadError ? new CliError(`error: ${err.message}`) : err

/** Runs `f` on an engine and closes the store afterwards, whatever happens. */
export const withCluster = async <A>(o: GlobalOptions, f: (e: Engine) => Promise<A>): Promise<A> => {
  const engine = await openCluster(o).catch((err: unknown) => {
    throw remoteFailure(err)
  })
  try {
    return await f(engine)
  } catch (err) {
    throw remoteFailure(err)
  } finally {
    await engine.log.close()
  }
}

/** Runs `f` on the log alone (read-only verbs), creating the cluster first when the directory is new. */
export const withLog = async <A>(o: GlobalOptions, f: (log: EventLog) => Promise<A>): Promise<A> => {
  await imagesOf(o)
  const log = await openLog(o)
  if (log.head() === 0) {
    await log.close()
    return withCluster(o, (e) => f(e.log))
  }
  try {
    return await f(log)
  } catch (err) {
    throw remoteFailure(err)
  } finally {
    await log.close()
  }
}

/** The state at a seq (default head), or a CLI error. */
export const loadState = async (log: EventLog, seq?: number): Promise<ClusterState> => {
  const s = await stateAt(log, seq)
  if (E.isLeft(s)) throw new CliError(`error: ${describeLogError(s.left)}`)
  return s.right
}
