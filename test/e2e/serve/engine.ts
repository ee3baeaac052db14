import { memoryEventLog } from '../../../src/adapters/memoryEventLog.js'
import { defaultNodeShapes } from '../../../src/model/cluster.js'
import { openEngine, type Engine } from '../../../src/runtime/engine.js'
import { CONTROLLERS } from '../../../src/sim/controllers.js'

/** A fresh engine on an initialised in-memory log with three nodes. */
export const openMemoryEngine = async (): Promise<Engine> => {
  const log = memoryEventLog()
  await log.initialize({ formatVersion: 1, seed: 1, createdWith: 'reel test' })()
  return openEngine(log, { controllers: CONTROLLERS, seed: 1, cluster: { nodes: defaultNodeShapes(3) }, actor: 'user:admin' })
}
