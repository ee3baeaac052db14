import { readFileSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RemoteTarget } from '../adapters/httpClient.js'

/** `<data>/server.json`: written by `reel serve` once it listens, removed when it stops. */
export interface ServerFile {
  readonly url: string
  readonly pid: number
}

/** How long a CLI verb waits for a named server to answer before calling it unresponsive. */
const PROBE_TIMEOUT_MS = 3000

export const serverFileOf = (dir: string): string => join(dir, 'server.json')

export const writeServerFile = (dir: string, s: ServerFile): Promise<void> => writeFile(serverFileOf(dir), `${JSON.stringify(s)}\n`)

/** Removes `server.json` if it still names `pid` (a newer server's file is left alone). */
export const removeServerFile = async (dir: string, pid: number): Promise<void> => {
  if (readServerFile(dir)?.pid === pid) await rm(serverFileOf(dir), { force: true })
}

/** The server file of `dir`, or undefined when there is none (or it is unreadable). */
export const readServerFile = (dir: string): ServerFile | undefined => {
  try {
    const j = JSON.parse(readFileSync(serverFileOf(dir), 'utf8')) as Partial<ServerFile>
    return typeof j.url === 'string' && typeof j.pid === 'number' ? { url: j.url, pid: j.pid } : undefined
  } catch {
    return undefined
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM'
  }
}

/** The token a remote CLI call carries: the same name `cliActor` writes locally (`REEL_USER`, else admin). */
export const cliToken = (): string => process.env.REEL_USER ?? 'admin'

/**
 * The running `reel serve` that holds `dir`, if any. A file left by a process that no longer exists
 * is ignored (the directory is then opened directly); a live process that does not answer is an error
 * string naming the file, since opening the directory would only hit its LevelDB lock.
 */
export const findServer = async (dir: string): Promise<RemoteTarget | string | undefined> => {
  const s = readServerFile(dir)
  if (s === undefined || !isAlive(s.pid)) return undefined
  try {
    const res = await fetch(`${s.url}/reel/v1/clock`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
    if (res.ok) return { url: s.url, token: cliToken() }
    return `${serverFileOf(dir)} names reel serve (pid ${s.pid}) at ${s.url}, which answered ${res.status}`
  } catch (err) {
    const why = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name
    return `${serverFileOf(dir)} names reel serve (pid ${s.pid}) at ${s.url}, which does not answer (${why}); stop it or remove the file`
  }
}
