import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const BIN = resolve('bin/reel.js')

export interface RunResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const cleanEnv = (): NodeJS.ProcessEnv => {
  const { REEL_DATA: _d, REEL_SEED: _s, REEL_NODES: _n, REEL_USER: _u, ...rest } = process.env
  return rest
}

/** Runs the real `reel` bin (compiled by the global setup) with `args`, optionally feeding stdin. */
export const reel = (args: readonly string[], opts: { input?: string; env?: Record<string, string> } = {}): RunResult => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: opts.input ?? '',
    env: { ...cleanEnv(), ...opts.env },
  })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

/** A fresh temporary directory and its cleanup. */
export const tempDir = (prefix = 'reel-test-'): { dir: string; cleanup: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
