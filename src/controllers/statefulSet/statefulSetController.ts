import { objectController } from '../controller.js'
import { statefulSetKeysFor } from './keysFor.js'
import { reconcileStatefulSet } from './reconcile.js'
import type { StatefulSet } from './types.js'

/** The StatefulSet controller (`statefulset` in kube-controller-manager). See README.md for upstream links. */
export const statefulSetController = objectController<StatefulSet>({
  name: 'statefulset',
  kind: 'StatefulSet',
  keysFor: statefulSetKeysFor,
  reconcile: reconcileStatefulSet,
})
