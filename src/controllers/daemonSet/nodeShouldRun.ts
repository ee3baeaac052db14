import type { Node, Taint } from '../../model/cluster.js'
import type { Pod } from '../../model/pod.js'
import { tolerationsTolerateTaint } from '../../model/tolerations.js'
import { podMatchesNodeSelectorAndAffinity } from '../scheduler/nodeAffinity.js'
import type { DaemonSet } from './daemonSet.js'
import { withDaemonTolerations } from './daemonPod.js'

/** Whether a daemon pod should be on a node (upstream `NodeShouldRunDaemonPod`'s two answers). */
export interface NodeVerdict {
  /** A pod should be created here when there is none. */
  readonly shouldRun: boolean
  /** An existing pod may stay here. */
  readonly shouldContinueRunning: boolean
}

const NEITHER: NodeVerdict = { shouldRun: false, shouldContinueRunning: false }
const BOTH: NodeVerdict = { shouldRun: true, shouldContinueRunning: true }

/** `NewPod(ds, node)`: the template bound to the node, with the daemon tolerations (only for predicates). */
export const predicatePod = (ds: DaemonSet, node: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { ...(ds.spec.template.metadata ?? {}), namespace: ds.metadata.namespace ?? 'default' },
  spec: { ...withDaemonTolerations(ds.spec.template.spec), nodeName: node },
})

const untolerated = (taints: readonly Taint[], pod: Pod, effects: readonly string[]): boolean =>
  taints.some((t) => effects.includes(t.effect) && !tolerationsTolerateTaint(pod.spec.tolerations, t))

/**
 * Mirrors kubernetes pkg/controller/daemon `NodeShouldRunDaemonPod` (stateful-storage-nodes.md §7): the
 * template's `nodeName` (if any) and its required node affinity / nodeSelector must match the node;
 * then an untolerated NoSchedule or NoExecute taint stops new pods, and only an untolerated NoExecute
 * taint removes existing ones. `spec.unschedulable` is not read: upstream sees it as the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint, which daemon pods tolerate.
 */
export const nodeShouldRunDaemonPod = (node: Node, ds: DaemonSet): NodeVerdict => {
  const name = node.metadata.name ?? ''
  const wanted = ds.spec.template.spec.nodeName
  if (wanted !== undefined && wanted !== '' && wanted !== name) return NEITHER
  const pod = predicatePod(ds, name)
  if (!podMatchesNodeSelectorAndAffinity(pod, node)) return NEITHER
  const taints = node.spec?.taints ?? []
  if (!untolerated(taints, pod, ['NoSchedule', 'NoExecute'])) return BOTH
  return { shouldRun: false, shouldContinueRunning: !untolerated(taints, pod, ['NoExecute']) }
}
