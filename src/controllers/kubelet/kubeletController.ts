import { fromTimestamp, toTimestamp } from '../../kernel/brand.js'
import { deepEqual } from '../../kernel/deepEqual.js'
import { behaviorFor } from '../../model/imageBehavior.js'
import type { Node } from '../../model/cluster.js'
import { splitNsName } from '../../model/meta.js'
import { type Pod, qosClassOf } from '../../model/pod.js'
import { type ClusterState, getObject, listObjects, selectPodsOnNode } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE, type ReconcileResult } from '../controller.js'
import { advanceContainer, type ContainerStatusJson, creatingStatus } from './containerRun.js'
import { allocatePodIp, nodeIp } from './podIp.js'
import { computeConditions, computePhase, podStatus } from './podStatus.js'

const keyOfPod = (p: Pod): string => `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`

/** Graceful termination: the containers stop after their `stop` time, or are killed at the deadline. */
const terminate = (s: ClusterState, pod: Pod, node: string, nowMs: number): ReconcileResult => {
  const deadline = fromTimestamp(pod.metadata.deletionTimestamp) ?? nowMs
  const requested = deadline - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000
  const running = pod.status?.startTime !== undefined && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed'
  const images = s.cluster.images
  const stopMs = running
    ? Math.max(0, ...pod.spec.containers.map((c) => behaviorFor(images, c.image, c.name, pod.metadata.annotations).stopMs))
    : 0
  const gone = Math.min(requested + stopMs, deadline)
  if (nowMs < gone) return { commands: [], requeueAfterMs: gone - nowMs }
  const ref = { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '' }
  return { commands: [{ verb: 'delete', ref, options: { gracePeriodSeconds: 0 }, actor: `kubelet:${node}` }] }
}

/**
 * Mirrors the kubelet's pod workers (pkg/kubelet `syncPod`, `generateAPIPodStatus`) for the pods bound to
 * each node: sandbox (IP) first, images pulled and containers started on the image's schedule, readiness
 * from the readiness probe and the image's behaviour, exits and CrashLoopBackOff, graceful termination.
 * One controller serves every node; each write is attributed to `kubelet:<node>`.
 */
export const reconcilePod = (s: ClusterState, pod: Pod, nowMs: number): ReconcileResult => {
  const nodeName = pod.spec.nodeName
  if (!nodeName) return NO_CHANGE
  const node = getObject<Node>(s, 'Node', undefined, nodeName)
  if (!node) return NO_CHANGE
  // A node that is down, cut off or without its kubelet reports nothing: its pods keep their last status.
  if (s.faults[`node/${nodeName}`] !== undefined) return NO_CHANGE
  if (pod.metadata.deletionTimestamp !== undefined) return terminate(s, pod, nodeName, nowMs)
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return NO_CHANGE
  const firstSight = pod.status?.startTime === undefined
  const startTime = firstSight ? toTimestamp(nowMs) : pod.status!.startTime!
  const podStartMs = fromTimestamp(startTime) ?? nowMs
  const podIP = firstSight ? allocatePodIp(node, selectPodsOnNode<Pod>(s, nodeName)) : (pod.status?.podIP ?? '')
  const stored = (pod.status?.containerStatuses ?? []) as unknown as ContainerStatusJson[]
  const restartPolicy = pod.spec.restartPolicy ?? 'Always'
  const podRef = `${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`
  let next: number | undefined
  const statuses = pod.spec.containers.map((c) => {
    const behavior = behaviorFor(s.cluster.images, c.image, c.name, pod.metadata.annotations)
    const before = stored.find((x) => x.name === c.name) ?? creatingStatus(c)
    const crash = s.faults[`container/${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}/${c.name}`] ?? (pod.spec.containers[0]?.name === c.name ? s.faults[`container/${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`] : undefined)
    const r = advanceContainer({ spec: c, behavior, restartPolicy, podStartMs, podRef, ...(crash ? { crashAtMs: crash.atMs } : {}) }, before, nowMs)
    if (r.nextMs !== undefined && (next === undefined || r.nextMs < next)) next = r.nextMs
    return r.status
  })
  const phase = computePhase(statuses, restartPolicy)
  const conditions = computeConditions(pod.status?.conditions ?? [], statuses, phase, nowMs)
  const status = podStatus({ phase, conditions, hostIP: nodeIp(node), podIP, startTime, containerStatuses: statuses, qosClass: qosClassOf(pod) })
  const commands = deepEqual(status, pod.status)
    ? []
    : [{ verb: 'updateStatus' as const, object: { ...pod, status }, actor: `kubelet:${nodeName}` }]
  return next === undefined ? { commands } : { commands, requeueAfterMs: Math.max(1, next - nowMs) }
}

/** The simulated kubelets of every node. */
export const kubeletController: Controller = {
  name: 'kubelet',
  actor: 'kubelet',
  primaryKind: 'Pod',
  keysFor: (event) => {
    const o = event.data.object
    if (o.kind !== 'Pod' || event.type === 'object/deleted') return []
    return (o as Pod).spec.nodeName ? [keyOfPod(o as Pod)] : []
  },
  // A kubelet coming back syncs its pods; a crashed container is noticed by its kubelet.
  keysForFault: (fault, s) => {
    if (fault.type === 'node-up') return selectPodsOnNode<Pod>(s, fault.target).map(keyOfPod)
    if (fault.type === 'container-crash') return [fault.target.split('/').slice(0, 2).join('/')]
    return []
  },
  resyncKeys: (s) => listObjects<Pod>(s, 'Pod').filter((p) => p.spec.nodeName).map(keyOfPod),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const pod = getObject<Pod>(s, 'Pod', namespace, name)
    return pod === undefined ? NO_CHANGE : reconcilePod(s, pod, ctx.nowMs)
  },
}
