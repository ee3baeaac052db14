// Temp directories under os.tmpdir(), always removed; and opening Reel's LevelDB log there.
import * as E from 'fp-ts/lib/Either.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LEVEL_FORMAT_VERSION, openLevelEventLog } from '../../src/adapters/levelEventLog.js'
import { describeLogError, type EventLog } from '../../src/ports/eventLog.js'

export const withTempDir = async <A>(prefix: string, f: (dir: string) => Promise<A>): Promise<A> => {
  const dir = await mkdtemp(join(tmpdir(), `reel-bench-${prefix}-`))
  try {
    return await f(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export const openLog = async (dir: string, initialize: boolean): Promise<EventLog> => {
  const opened = await openLevelEventLog(dir)()
  if (E.isLeft(opened)) throw new Error(describeLogError(opened.left))
  const log = opened.right
  if (initialize) {
    const r = await log.initialize({ formatVersion: LEVEL_FORMAT_VERSION, seed: 1, createdWith: 'reel-bench' })()
    if (E.isLeft(r)) throw new Error(describeLogError(r.left))
  }
  return log
}

/** Unwraps a TaskEither result or throws: the benchmark has no error path worth recovering from. */
export const orThrow = <L, A>(r: E.Either<L, A>, what: string): A => {
  if (E.isLeft(r)) throw new Error(`${what}: ${JSON.stringify(r.left)}`)
  return r.right
}

/** Events of the `e` sublevel as they sit in the root database (`!e!<16-digit seq>`). */
export const EVENT_KEY_PREFIX = '!e!'
export const EVENT_KEY_END = '!e"'
