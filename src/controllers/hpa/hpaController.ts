import type { HorizontalPodAutoscaler } from '../../api/kinds/hpa.js'
import { NO_CHANGE, objectController } from '../controller.js'
import { hpaKeysFor } from './keysFor.js'
import { reconcileHPA } from './reconcile.js'

/**
 * The HorizontalPodAutoscaler controller (`horizontalpodautoscaling` in kube-controller-manager),
 * autoscaling/v2 over simulated resource metrics. See README.md for upstream links and differences.
 */
export const hpaController = objectController<HorizontalPodAutoscaler>({
  name: 'horizontalpodautoscaling',
  kind: 'HorizontalPodAutoscaler',
  keysFor: hpaKeysFor,
  reconcile: (s, hpa, ctx) => (hpa.metadata.deletionTimestamp !== undefined ? NO_CHANGE : reconcileHPA(s, hpa, ctx)),
})
