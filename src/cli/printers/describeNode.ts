import type { KObject } from '../../model/meta.js'
import { type ClusterState, selectPodsOnNode } from '../../state/clusterState.js'
import { ageOf, list, rec, str } from './cells.js'
import { DescribeWriter, formatRFC1123Z, selectEventsFor, writeAnnotations, writeEvents, writeLabels } from './describeWriter.js'

// Mirrors kubectl pkg/describe describeNode. Divergence: the Non-terminated Pods table lists namespace,
// name and age only, and "Allocated resources" is omitted, because Reel has no resource.Quantity
// arithmetic to compute upstream's request/limit percentages.

const DEFAULT_KUBELET_VERSION = 'v1.32.0'

/** `findNodeRoles`, joined by `,`; `<none>` when the node has no role labels. */
const rolesOf = (node: KObject): string => {
  const roles = new Set<string>()
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length)
      roles.add(k.slice('node-role.kubernetes.io/'.length))
    else if (k === 'kubernetes.io/role' && v !== '') roles.add(v)
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',')
}

const writeTaints = (w: DescribeWriter, taints: readonly unknown[]): void => {
  if (taints.length === 0) {
    w.line(0, 'Taints:\t<none>')
    return
  }
  taints.map(rec).forEach((t, i) => {
    const value = str(t.value) === '' ? '' : `=${str(t.value)}`
    w.line(0, `${i === 0 ? 'Taints:' : ''}\t${str(t.key)}${value}:${str(t.effect)}`)
  })
}

const writeConditions = (w: DescribeWriter, status: Readonly<Record<string, unknown>>): void => {
  const conditions = list(status.conditions).map(rec)
  if (conditions.length === 0) return
  w.line(0, 'Conditions:')
  w.line(0, '  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage')
  w.line(1, '----\t------\t-----------------\t------------------\t------\t-------')
  for (const c of conditions) {
    const heartbeat = formatRFC1123Z(c.lastHeartbeatTime)
    const transition = formatRFC1123Z(c.lastTransitionTime)
    w.line(1, `${str(c.type)} \t${str(c.status)} \t${heartbeat} \t${transition} \t${str(c.reason)} \t${str(c.message)}`)
  }
}

const writeResourceList = (w: DescribeWriter, title: string, resources: unknown): void => {
  const entries = Object.entries(rec(resources)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  if (entries.length === 0) return
  w.line(0, `${title}:`)
  for (const [k, v] of entries) w.line(0, `  ${k}:\t${str(v)}`)
}

const writeSystemInfo = (w: DescribeWriter, info: Readonly<Record<string, unknown>>): void => {
  w.line(0, 'System Info:')
  const rows: Array<[string, string]> = [
    ['Machine ID', 'machineID'],
    ['System UUID', 'systemUUID'],
    ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'],
  ]
  for (const [title, field] of rows) w.line(0, `  ${title}:\t${str(info[field])}`)
  w.line(0, `  Kubelet Version:\t${str(info.kubeletVersion) || DEFAULT_KUBELET_VERSION}`)
}

/** Pods bound to the node that are neither Succeeded nor Failed, by namespace then name. */
const writePods = (w: DescribeWriter, state: ClusterState, node: KObject, nowMs: number): void => {
  const pods = selectPodsOnNode(state, node.metadata.name ?? '')
    .filter((p) => !['Succeeded', 'Failed'].includes(str(rec(p.status).phase)))
    .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
  w.line(0, `Non-terminated Pods:\t(${pods.length} in total)`)
  w.line(1, 'Namespace\tName\tAge').line(1, '---------\t----\t---')
  for (const p of pods) w.line(1, `${p.metadata.namespace ?? ''}\t${p.metadata.name ?? ''}\t${ageOf(p, nowMs)}`)
}

/** `kubectl describe node`. */
export const describeNode = (node: KObject, state: ClusterState, nowMs: number): string => {
  const w = new DescribeWriter()
  const spec = rec(node.spec)
  const status = rec(node.status)
  w.line(0, `Name:\t${node.metadata.name ?? ''}`).line(0, `Roles:\t${rolesOf(node)}`)
  writeLabels(w, 'Labels', node.metadata.labels)
  writeAnnotations(w, 'Annotations', node.metadata.annotations)
  w.line(0, `CreationTimestamp:\t${formatRFC1123Z(node.metadata.creationTimestamp)}`)
  writeTaints(w, list(spec.taints))
  w.line(0, `Unschedulable:\t${spec.unschedulable === true}`)
  writeConditions(w, status)
  w.line(0, 'Addresses:')
  for (const a of list(status.addresses).map(rec)) w.line(1, `${str(a.type)}:\t${str(a.address)}`)
  writeResourceList(w, 'Capacity', status.capacity)
  writeResourceList(w, 'Allocatable', status.allocatable)
  writeSystemInfo(w, rec(status.nodeInfo))
  if (str(spec.podCIDR) !== '') w.line(0, `PodCIDR:\t${str(spec.podCIDR)}`)
  writePods(w, state, node, nowMs)
  writeEvents(w, selectEventsFor(state, node), nowMs)
  return w.render()
}
