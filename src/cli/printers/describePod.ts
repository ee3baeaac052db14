import type { KObject } from '../../model/meta.js'
import type { ClusterState } from '../../state/clusterState.js'
import { type Fields, list, num, rec, sinceTimestamp, str, strMap } from './cells.js'
import { writeContainers, writeTolerations, writeVolumes } from './describeContainers.js'
import {
  DescribeWriter,
  controlledBy,
  formatRFC1123Z,
  selectEventsFor,
  writeAnnotations,
  writeEvents,
  writeLabels,
} from './describeWriter.js'

// Mirrors kubectl pkg/describe describePod.

/** `qos.GetPodQOS`, simplified to cpu and memory: BestEffort, Guaranteed or Burstable. */
const qosClass = (containers: readonly Fields[]): string => {
  let any = false
  let guaranteed = containers.length > 0
  for (const c of containers) {
    const requests = rec(rec(c.resources).requests)
    const limits = rec(rec(c.resources).limits)
    if (Object.keys(requests).length + Object.keys(limits).length > 0) any = true
    for (const r of ['cpu', 'memory']) {
      // Requests default to limits, so a limit alone is enough for Guaranteed.
      const limit = limits[r]
      const request = requests[r] ?? limit
      if (limit === undefined || String(limit) !== String(request)) guaranteed = false
    }
  }
  if (!any) return 'BestEffort'
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

/** The Status line, with the grace period while terminating. */
const writeStatus = (w: DescribeWriter, pod: KObject, status: Fields, nowMs: number): void => {
  const phase = str(status.phase)
  if (pod.metadata.deletionTimestamp !== undefined && phase !== 'Failed' && phase !== 'Succeeded') {
    w.line(0, `Status:\tTerminating (lasts ${sinceTimestamp(pod.metadata.deletionTimestamp, nowMs)})`)
    w.line(0, `Termination Grace Period:\t${num(pod.metadata.deletionGracePeriodSeconds)}s`)
  } else w.line(0, `Status:\t${phase}`)
  if (str(status.reason) !== '') w.line(0, `Reason:\t${str(status.reason)}`)
  if (str(status.message) !== '') w.line(0, `Message:\t${str(status.message)}`)
}

const writeIPs = (w: DescribeWriter, status: Fields): void => {
  w.line(0, `IP:\t${str(status.podIP)}`)
  const ips = list(status.podIPs).map((x) => str(rec(x).ip))
  const all = ips.length > 0 ? ips : str(status.podIP) !== '' ? [str(status.podIP)] : []
  if (all.length === 0) w.line(0, 'IPs:\t<none>')
  else {
    w.line(0, 'IPs:')
    for (const ip of all) w.line(1, `IP:\t${ip}`)
  }
}

/** `Conditions:` of a pod: `Type Status`, with upstream's trailing spaces after both cells. */
const writePodConditions = (w: DescribeWriter, status: Fields): void => {
  const conditions = list(status.conditions).map(rec)
  if (conditions.length === 0) return
  w.line(0, 'Conditions:').line(0, '  Type\tStatus')
  for (const c of conditions) w.line(1, `${str(c.type)} \t${str(c.status)} `)
}

/** `kubectl describe pod`. */
export const describePod = (pod: KObject, state: ClusterState, nowMs: number): string => {
  const w = new DescribeWriter()
  const spec = rec(pod.spec)
  const status = rec(pod.status)
  w.line(0, `Name:\t${pod.metadata.name ?? ''}`).line(0, `Namespace:\t${pod.metadata.namespace ?? ''}`)
  if (typeof spec.priority === 'number') w.line(0, `Priority:\t${spec.priority}`)
  if (str(spec.serviceAccountName) !== '') w.line(0, `Service Account:\t${str(spec.serviceAccountName)}`)
  const node = str(spec.nodeName)
  w.line(0, node === '' ? 'Node:\t<none>' : `Node:\t${node}/${str(status.hostIP)}`)
  if (status.startTime !== undefined) w.line(0, `Start Time:\t${formatRFC1123Z(status.startTime)}`)
  writeLabels(w, 'Labels', pod.metadata.labels)
  writeAnnotations(w, 'Annotations', pod.metadata.annotations)
  writeStatus(w, pod, status, nowMs)
  writeIPs(w, status)
  const owner = controlledBy(pod)
  if (owner !== undefined) w.line(0, `Controlled By:\t${owner}`)
  if (str(status.nominatedNodeName) !== '') w.line(0, `NominatedNodeName:\t${str(status.nominatedNodeName)}`)
  const inits = list(spec.initContainers).map(rec)
  if (inits.length > 0) writeContainers(w, 'Init Containers', inits, list(status.initContainerStatuses).map(rec), '')
  const containers = list(spec.containers).map(rec)
  writeContainers(w, 'Containers', containers, list(status.containerStatuses).map(rec), '')
  writePodConditions(w, status)
  writeVolumes(w, list(spec.volumes).map(rec), '')
  w.line(0, `QoS Class:\t${qosClass(containers)}`)
  writeLabels(w, 'Node-Selectors', strMap(spec.nodeSelector))
  writeTolerations(w, 'Tolerations', list(spec.tolerations).map(rec))
  writeEvents(w, selectEventsFor(state, pod), nowMs)
  return w.render()
}
