// Runs a benchmark module in a child Node process (`node --expose-gc --import tsx <file> <args>`), so that
// `global.gc` is available and peak RSS belongs to one measurement. The child prints one JSON line.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** `.ts` under tsx; `.js` when the bench was compiled with tsc (handy for profiles with real line numbers). */
const OWN_EXT = extname(fileURLToPath(import.meta.url))

export const runChild = <T>(file: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<T> =>
  new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL(file.replace(/\.ts$/, OWN_EXT), import.meta.url))
    const loader = OWN_EXT === '.ts' ? ['--import', 'tsx'] : []
    const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, ...loader, script, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d: string) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${file} ${args.join(' ')} exited with ${code}`))
      const last = out.trim().split('\n').pop() ?? ''
      try {
        resolve(JSON.parse(last) as T)
      } catch {
        reject(new Error(`${file} printed no JSON result: ${out.slice(0, 200)}`))
      }
    })
  })

/** True when this module is the process's entry script. */
export const isMain = (metaUrl: string): boolean => process.argv[1] !== undefined && fileURLToPath(metaUrl) === process.argv[1]

/**
 * Peak RSS of this process. On Linux `getrusage` (process.resourceUsage().maxRSS) keeps the parent's peak
 * across fork/exec, so a child would report the runner's RSS; VmHWM belongs to this address space only.
 */
export const peakRssBytes = (): number => {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))
    if (m) return Number(m[1]) * 1024
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024
}
