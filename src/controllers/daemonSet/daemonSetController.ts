import { nsNameOf, splitNsName } from '../../model/meta.js'
import { getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE } from '../controller.js'
import type { DaemonSet } from './daemonSet.js'
import { daemonSetKeysFor } from './keysFor.js'
import { reconcileDaemonSet } from './reconcile.js'

/** The DaemonSet controller (`daemonset` in kube-controller-manager). See README.md for upstream links. */
export const daemonSetController: Controller = {
  name: 'daemonset',
  actor: 'controller:daemonset',
  primaryKind: 'DaemonSet',
  keysFor: daemonSetKeysFor,
  resyncKeys: (s) => listObjects(s, 'DaemonSet').map(nsNameOf),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const ds = getObject<DaemonSet>(s, 'DaemonSet', namespace, name)
    return ds === undefined ? NO_CHANGE : reconcileDaemonSet(s, ds, ctx)
  },
}
