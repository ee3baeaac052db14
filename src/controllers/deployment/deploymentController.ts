import { nsNameOf, splitNsName } from '../../model/meta.js'
import type { Deployment } from '../../model/workloads.js'
import { getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE } from '../controller.js'
import { deploymentKeysFor } from './keysFor.js'
import { reconcileDeployment } from './reconcile.js'

/** The Deployment controller (`deployment` in kube-controller-manager). See README.md for upstream links. */
export const deploymentController: Controller = {
  name: 'deployment',
  actor: 'controller:deployment',
  primaryKind: 'Deployment',
  keysFor: deploymentKeysFor,
  resyncKeys: (s) => listObjects(s, 'Deployment').map(nsNameOf),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const d = getObject<Deployment>(s, 'Deployment', namespace, name)
    return d === undefined ? NO_CHANGE : reconcileDeployment(s, d, ctx)
  },
}
