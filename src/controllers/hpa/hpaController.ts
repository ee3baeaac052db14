import type { HorizontalPodAutoscaler } from '../../api/kinds/hpa.js'
import { nsNameOf, splitNsName } from '../../model/meta.js'
import { getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE } from '../controller.js'
import { hpaKeysFor } from './keysFor.js'
import { reconcileHPA } from './reconcile.js'

/**
 * The HorizontalPodAutoscaler controller (`horizontalpodautoscaling` in kube-controller-manager),
 * autoscaling/v2 over simulated resource metrics. See README.md for upstream links and differences.
 */
export const hpaController: Controller = {
  name: 'horizontalpodautoscaling',
  actor: 'controller:horizontalpodautoscaling',
  primaryKind: 'HorizontalPodAutoscaler',
  keysFor: hpaKeysFor,
  resyncKeys: (s) => listObjects(s, 'HorizontalPodAutoscaler').map(nsNameOf),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const hpa = getObject<HorizontalPodAutoscaler>(s, 'HorizontalPodAutoscaler', namespace, name)
    return hpa === undefined || hpa.metadata.deletionTimestamp !== undefined ? NO_CHANGE : reconcileHPA(s, hpa, ctx)
  },
}
