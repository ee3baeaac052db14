import type { Controller } from '../controllers/controller.js'
import { deploymentController } from '../controllers/deployment/deploymentController.js'
import { garbageCollector } from '../controllers/garbageCollector/garbageCollector.js'
import { kubeletController } from '../controllers/kubelet/kubeletController.js'
import { nodeLifecycleController } from '../controllers/nodeLifecycle/nodeLifecycleController.js'
import { taintEvictionController } from '../controllers/taintEviction/taintEvictionController.js'
import { replicaSetController, replicationControllerController } from '../controllers/replicaSet/replicaSetController.js'
import { schedulerController } from '../controllers/scheduler/schedulerController.js'

/**
 * Every controller the simulation runs, in a fixed order: the order ties are broken in when several
 * keys are due at one instant, so changing it changes logs (and the golden files say so).
 */
export const CONTROLLERS: readonly Controller[] = [
  garbageCollector,
  deploymentController,
  replicaSetController,
  replicationControllerController,
  schedulerController,
  kubeletController,
  nodeLifecycleController,
  taintEvictionController,
]
