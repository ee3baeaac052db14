import { objectController } from '../controller.js'
import type { DaemonSet } from './daemonSet.js'
import { daemonSetKeysFor } from './keysFor.js'
import { reconcileDaemonSet } from './reconcile.js'

/** The DaemonSet controller (`daemonset` in kube-controller-manager). See README.md for upstream links. */
export const daemonSetController = objectController<DaemonSet>({
  name: 'daemonset',
  kind: 'DaemonSet',
  keysFor: daemonSetKeysFor,
  reconcile: reconcileDaemonSet,
})
