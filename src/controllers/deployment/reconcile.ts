import { fromLabelSelector } from '../../model/selector.js'
import type { Deployment } from '../../model/workloads.js'
import type { ClusterState } from '../../state/clusterState.js'
import { NO_CHANGE, type ReconcileContext, type ReconcileResult } from '../controller.js'
import { claimReplicaSets, podMapFor } from './claim.js'
import { checkPausedConditions } from './conditions.js'
import { syncReplicaSetsAndRevision } from './newReplicaSet.js'
import { Pass } from './pass.js'
import { rolloutRecreate } from './recreate.js'
import { findNewReplicaSet, findOldReplicaSets } from './replicaSets.js'
import { rollback, rollbackTo } from './rollback.js'
import { rolloutRolling } from './rolling.js'
import { isScalingEvent, syncScaling } from './scaling.js'
import { syncDeploymentStatus } from './status.js'

const isEmptySelector = (d: Deployment): boolean =>
  d.spec.selector !== undefined &&
  Object.keys(d.spec.selector.matchLabels ?? {}).length === 0 &&
  (d.spec.selector.matchExpressions ?? []).length === 0

/** `SelectingAll`: a `{}` selector is refused with a Warning; only observedGeneration is brought up to date. */
const selectingAll = (d: Deployment): ReconcileResult => {
  const generation = d.metadata.generation ?? 0
  if ((d.status?.observedGeneration ?? 0) >= generation) return NO_CHANGE
  const message = 'This deployment is selecting all pods. A non-empty selector is required.'
  return {
    commands: [
      {
        verb: 'updateStatus',
        object: { ...d, status: { ...(d.status ?? {}), observedGeneration: generation } },
        record: { type: 'Warning', reason: 'SelectingAll', message },
      },
    ],
  }
}

/**
 * Mirrors kubernetes pkg/controller/deployment `syncDeployment` (workloads.md §3.2): claim the sets;
 * status only while being deleted; paused conditions; then the first that applies of paused (scale
 * only), legacy rollback, scaling event (proportional), and the strategy's rollout.
 */
export const reconcileDeployment = (s: ClusterState, d: Deployment, ctx: ReconcileContext): ReconcileResult => {
  if (isEmptySelector(d)) return selectingAll(d)
  const parsed = fromLabelSelector(d.spec.selector)
  const selector = typeof parsed === 'string' ? null : parsed
  const pass = new Pass(d, ctx.nowMs)
  const claim = claimReplicaSets(s, d, selector)
  pass.push(...claim.commands)
  const rsList = claim.replicaSets

  if (d.metadata.deletionTimestamp !== undefined) {
    const synced = syncReplicaSetsAndRevision(pass, s, rsList, false)
    if (!synced.collision) syncDeploymentStatus(pass, synced.newRS !== undefined ? [...synced.oldRSs, synced.newRS] : synced.oldRSs, synced.newRS)
    return pass.result()
  }
  pass.status = checkPausedConditions(d, pass.status, ctx.nowMs)
  if (d.spec.paused === true) {
    syncScaling(pass, s, rsList)
    return pass.result()
  }
  const revision = rollbackTo(d)
  if (revision !== undefined) {
    rollback(pass, s, rsList, revision)
    return pass.result()
  }
  const newRS = findNewReplicaSet(d, rsList)
  if (isScalingEvent(d, newRS !== undefined ? [...findOldReplicaSets(rsList, newRS), newRS] : rsList)) {
    syncScaling(pass, s, rsList)
    return pass.result()
  }
  const requeueAfterMs =
    d.spec.strategy?.type === 'Recreate' ? rolloutRecreate(pass, s, rsList, podMapFor(s, selector, rsList)) : rolloutRolling(pass, s, rsList)
  return pass.result(requeueAfterMs)
}
