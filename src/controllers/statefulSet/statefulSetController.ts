import { nsNameOf, splitNsName } from '../../model/meta.js'
import { getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE } from '../controller.js'
import { statefulSetKeysFor } from './keysFor.js'
import { reconcileStatefulSet } from './reconcile.js'
import type { StatefulSet } from './types.js'

/** The StatefulSet controller (`statefulset` in kube-controller-manager). See README.md for upstream links. */
export const statefulSetController: Controller = {
  name: 'statefulset',
  actor: 'controller:statefulset',
  primaryKind: 'StatefulSet',
  keysFor: statefulSetKeysFor,
  resyncKeys: (s) => listObjects(s, 'StatefulSet').map(nsNameOf),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const set = getObject<StatefulSet>(s, 'StatefulSet', namespace, name)
    return set === undefined ? NO_CHANGE : reconcileStatefulSet(s, set, ctx)
  },
}
