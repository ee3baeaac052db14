import type { Controller } from '../controllers/controller.js'
import { daemonSetController } from '../controllers/daemonSet/daemonSetController.js'
import { deploymentController } from '../controllers/deployment/deploymentController.js'
import { endpointsController, endpointSliceController } from '../controllers/endpoints/endpointsController.js'
import { loadBalancerController } from '../controllers/endpoints/loadBalancerController.js'
import { volumeExpansionController } from '../controllers/persistentVolume/expand.js'
import { persistentVolumeController } from '../controllers/persistentVolume/persistentVolumeController.js'
import { pvcProtectionController, pvProtectionController } from '../controllers/persistentVolume/protection.js'
import { garbageCollector } from '../controllers/garbageCollector/garbageCollector.js'
import { hpaController } from '../controllers/hpa/hpaController.js'
import { jobController } from '../controllers/job/jobController.js'
import { namespaceController } from '../controllers/namespace/namespaceController.js'
import { serviceAccountController } from '../controllers/serviceAccount/serviceAccountController.js'
import { ttlAfterFinishedController } from '../controllers/job/ttlAfterFinished.js'
import { kubeletController } from '../controllers/kubelet/kubeletController.js'
import { nodeLifecycleController } from '../controllers/nodeLifecycle/nodeLifecycleController.js'
import { taintEvictionController } from '../controllers/taintEviction/taintEvictionController.js'
import { replicaSetController, replicationControllerController } from '../controllers/replicaSet/replicaSetController.js'
import { schedulerController } from '../controllers/scheduler/schedulerController.js'
import { statefulSetController } from '../controllers/statefulSet/statefulSetController.js'

/**
 * Every controller the simulation runs, in a fixed order: the order ties are broken in when several
 * keys are due at one instant, so changing it changes logs (and the golden files say so).
 */
export const CONTROLLERS: readonly Controller[] = [
  garbageCollector,
  namespaceController,
  serviceAccountController,
  persistentVolumeController,
  pvcProtectionController,
  pvProtectionController,
  volumeExpansionController,
  endpointsController,
  endpointSliceController,
  loadBalancerController,
  deploymentController,
  replicaSetController,
  replicationControllerController,
  statefulSetController,
  daemonSetController,
  jobController,
  ttlAfterFinishedController,
  schedulerController,
  kubeletController,
  nodeLifecycleController,
  taintEvictionController,
  hpaController,
]
