import { deepEqual } from '../../kernel/deepEqual.js'
import type { Node } from '../../model/cluster.js'
import type { KObject } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { type ClusterState, listObjects } from '../../state/clusterState.js'
import { type ControllerCommand, NO_CHANGE, type ReconcileContext, type ReconcileResult } from '../controller.js'
import { claim, nodesToDaemonPods } from './claim.js'
import { type ControllerRevision, type DaemonSet, isSelectingAll, ROLLING_UPDATE, strategyTypeOf, templateGenerationOf } from './daemonSet.js'
import { daemonPodFor, daemonPodTemplate } from './daemonPod.js'
import { cleanupHistory, constructHistory } from './history.js'
import { manage, syncNodes } from './manage.js'
import { rollingUpdate } from './rollingUpdate.js'
import { calculateStatus, nextAvailabilityMs } from './status.js'

/**
 * Mirrors kubernetes pkg/controller/daemon `syncDaemonSet` (stateful-storage-nodes.md §7): nothing for a
 * set selecting everything or being deleted; claim pods and revisions; `constructHistory` (a hash
 * collision writes `collisionCount` and ends the pass); `manage` (create/delete per node); the rolling
 * update only when manage had nothing to do (upstream's expectations are unsatisfied otherwise);
 * `cleanupHistory`; then the status, computed from the pods seen at the start of the pass.
 */
export const reconcileDaemonSet = (s: ClusterState, ds: DaemonSet, ctx: ReconcileContext): ReconcileResult => {
  if (isSelectingAll(ds) || ds.metadata.deletionTimestamp !== undefined) return NO_CHANGE
  const pods = claim<Pod>(s, ds, 'Pod')
  const revisions = claim<ControllerRevision>(s, ds, 'ControllerRevision')
  const commands: ControllerCommand[] = [...pods.commands, ...revisions.commands]
  const history = constructHistory(s, ds, revisions.objects, pods.objects)
  commands.push(...history.commands)
  if (history.collision) return { commands }

  const nodes = listObjects<Node>(s, 'Node')
  const byNode = nodesToDaemonPods(pods.objects)
  const template = daemonPodTemplate(ds, history.hash, templateGenerationOf(ds))
  const podFor = (node: string): KObject => daemonPodFor(ds, template, node)
  const plan = manage(ds, nodes, byNode, history.hash, ctx.nowMs)
  const managed = syncNodes(ds, podFor, plan)
  commands.push(...managed)
  if (managed.length === 0 && strategyTypeOf(ds) === ROLLING_UPDATE)
    commands.push(...syncNodes(ds, podFor, rollingUpdate(ds, nodes, byNode, history.hash, ctx.nowMs)))
  commands.push(...cleanupHistory(ds, history.old, pods.objects))

  const { status, counted } = calculateStatus(ds, nodes, byNode, history.hash, ctx.nowMs)
  if (!deepEqual(status, ds.status ?? {})) commands.push({ verb: 'updateStatus', object: { ...ds, status } })
  const next = nextAvailabilityMs(ds, counted, ctx.nowMs)
  return next === undefined ? { commands } : { commands, requeueAfterMs: next - ctx.nowMs + 1 }
}
