import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Shells and adapters may touch the wall clock and the OS; the core may not (DESIGN.md rule 4). */
const SHELLS = ['src/adapters', 'src/cli', 'src/runtime', 'src/server', 'src/ui']
const FORBIDDEN = /Date\.now\(|Math\.random\(|new Date\(\s*\)|performance\.now\(|process\.hrtime|crypto\.random/

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((e) => {
    const p = join(dir, e)
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : []
  })

const core = [...filesUnder('src'), ...filesUnder('migrations')].filter((f) => !SHELLS.some((s) => f.startsWith(s)))

describe('the deterministic core', () => {
  it('has files to check', () => {
    expect(core.length).toBeGreaterThan(30)
  })

  it.each(core)('%s uses neither the wall clock nor Math.random', (file) => {
    const hits = readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, n: i + 1 }))
      .filter(({ line }) => FORBIDDEN.test(line))
      .map(({ line, n }) => `${file}:${n}: ${line.trim()}`)
    expect(hits).toEqual([])
  })

  it('imports level only in adapters and rxjs only in the runtime and shells', () => {
    const offenders: string[] = []
    for (const f of core) {
      const text = readFileSync(f, 'utf8')
      if (/from 'level'/.test(text)) offenders.push(`${f}: level`)
      if (/from 'rxjs'/.test(text)) offenders.push(`${f}: rxjs`)
    }
    expect(offenders).toEqual([])
  })
})
