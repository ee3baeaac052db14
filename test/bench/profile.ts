// Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): self and inclusive time per function, top N.
// Usage: npx tsx test/bench/profile.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs'
import { isMain } from './child.js'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly children?: readonly number[]
}
interface Profile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export interface HotSpot {
  readonly fn: string
  readonly selfMs: number
  readonly totalMs: number
}

const label = (n: ProfileNode): string => {
  const url = n.callFrame.url.replace(/^file:\/\/.*?\/(src|test|node_modules)\//, '$1/')
  return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim()
}

export const summarize = (p: Profile): HotSpot[] => {
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000
    let id: number | undefined = p.samples[i]!
    const leaf = byId.get(id)
    if (!leaf) continue
    self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt)
    const seen = new Set<string>()
    while (id !== undefined) {
      const n = byId.get(id)
      if (!n) break
      const l = label(n)
      if (!seen.has(l)) {
        seen.add(l)
        total.set(l, (total.get(l) ?? 0) + dt)
      }
      id = parent.get(id)
    }
  }
  return [...self.entries()].map(([fn, selfMs]) => ({ fn, selfMs, totalMs: total.get(fn) ?? selfMs })).sort((a, b) => b.selfMs - a.selfMs)
}

export const inclusive = (p: Profile): HotSpot[] => {
  const s = summarize(p)
  return s.sort((a, b) => b.totalMs - a.totalMs)
}

if (isMain(import.meta.url)) {
  const file = process.argv[2]
  if (!file) throw new Error('usage: profile.ts <file.cpuprofile> [top]')
  const top = Number(process.argv[3] ?? '25')
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const all = summarize(p)
  const sum = all.reduce((a, h) => a + h.selfMs, 0)
  console.log(`total sampled ${sum.toFixed(0)} ms\n-- by self time`)
  for (const h of all.slice(0, top)) console.log(`${h.selfMs.toFixed(0).padStart(7)} ms self ${h.totalMs.toFixed(0).padStart(7)} ms incl  ${h.fn}`)
  console.log('-- by inclusive time')
  for (const h of inclusive(p).slice(0, top)) console.log(`${h.totalMs.toFixed(0).padStart(7)} ms incl ${h.selfMs.toFixed(0).padStart(7)} ms self  ${h.fn}`)
}
