import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { memoryEventLog } from '../../src/adapters/memoryEventLog.js'
import { eventToJson } from '../../src/log/encoding.js'
import { loadScenario } from '../../src/scenario/loadScenario.js'
import { runScenario, type ScenarioResult } from '../../src/scenario/runner.js'

const SCENARIOS = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort()

const play = async (file: string): Promise<{ result: ScenarioResult; text: string }> => {
  const scenario = await loadScenario(join('scenarios', file))
  if (E.isLeft(scenario)) throw new Error(`${scenario.left.file}:${scenario.left.line}: ${scenario.left.message}`)
  const log = memoryEventLog()
  await log.initialize({ formatVersion: 1, seed: scenario.right.seed ?? 1, createdWith: 'golden' })()
  const result = await runScenario(scenario.right, log, 'scenarios')
  const lines: string[] = []
  for await (const batch of log.read(1)) for (const e of batch) lines.push(eventToJson(e))
  return { result, text: `${lines.join('\n')}\n` }
}

describe('scenarios', () => {
  it('exist', () => {
    expect(SCENARIOS.length).toBeGreaterThan(0)
  })

  it.each(SCENARIOS)('%s meets every expectation, twice, with byte-identical logs matching its golden file', async (file) => {
    const first = await play(file)
    expect(first.result.failures).toEqual([])
    const second = await play(file)
    expect(second.text).toBe(first.text)
    await expect(first.text).toMatchFileSnapshot(`../../scenarios/golden/${file.replace(/\.yaml$/, '.jsonl')}`)
  })
})
