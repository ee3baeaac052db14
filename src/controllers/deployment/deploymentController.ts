import type { Deployment } from '../../model/workloads.js'
import { objectController } from '../controller.js'
import { deploymentKeysFor } from './keysFor.js'
import { reconcileDeployment } from './reconcile.js'

/** The Deployment controller (`deployment` in kube-controller-manager). See README.md for upstream links. */
export const deploymentController = objectController<Deployment>({
  name: 'deployment',
  kind: 'Deployment',
  keysFor: deploymentKeysFor,
  reconcile: reconcileDeployment,
})
