import fc from 'fast-check'
import { it } from 'vitest'
import { history, runHistory, seed } from './arbitraries.js'
it('stats', () => {
  const samples = fc.sample(fc.tuple(seed, history()), 300)
  const c: Record<string, number> = {}
  for (const [s, h] of samples) {
    const r = runHistory(s, h)
    for (const e of r.events) {
      if (e.seq < 8) continue
      const o = e.data && 'object' in e.data ? e.data.object : undefined
      const k = `${e.type} ${o?.kind ?? ''} ${e.actor}`
      c[k] = (c[k] ?? 0) + 1
    }
  }
  console.log(Object.entries(c).sort().map(([k, v]) => `${k}: ${(v / 300).toFixed(2)}`).join('\n'))
})
