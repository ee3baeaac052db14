import type { Controller } from '../controllers/controller.js'
import { garbageCollector } from '../controllers/garbageCollector/garbageCollector.js'
import { replicaSetController, replicationControllerController } from '../controllers/replicaSet/replicaSetController.js'

/**
 * Every controller the simulation runs, in a fixed order: the order ties are broken in when several
 * keys are due at one instant, so changing it changes logs (and the golden files say so).
 */
export const CONTROLLERS: readonly Controller[] = [garbageCollector, replicaSetController, replicationControllerController]
