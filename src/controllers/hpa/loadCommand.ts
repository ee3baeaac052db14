import type { Command } from '../../api/commands.js'
import { formatLoadValue, LOAD_CONFIGMAP, loadKey, parseCpuLoad, parseLoadTarget } from '../../model/load.js'
import type { PodTemplateSpec } from '../../model/pod.js'
import { parseMilliValue } from '../../model/quantity.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'

/**
 * The write a scenario step `load: { target: deploy/web, cpu: "80%" }` issues: a create of the
 * namespace's `reel-load` ConfigMap, or a merge patch of its entry. `80%` is fixed here, once, as
 * 80% × (one pod's cpu request) × (the target's `spec.replicas` now), in millicores. Returns an error
 * text for an unknown target, a bad quantity, or a percentage of a template without cpu requests.
 */
export const loadCommand = (s: ClusterState, target: string, spec: { readonly cpu: string }, namespace = 'default'): Command | string => {
  const t = parseLoadTarget(target)
  if (typeof t === 'string') return t
  const cpu = parseCpuLoad(spec.cpu)
  if (typeof cpu === 'string') return cpu
  let milli: number
  if (cpu.kind === 'milli') milli = cpu.milli
  else {
    const o = getObject(s, t.kind, namespace, t.name)
    if (o === undefined) return `load target ${loadKey(t)} not found in namespace ${namespace}`
    const oSpec = o.spec as { replicas?: number; template?: PodTemplateSpec }
    let request = 0
    for (const c of oSpec.template?.spec.containers ?? []) {
      const q = c.resources?.requests?.cpu
      const m = q === undefined ? undefined : parseMilliValue(q)
      if (m === undefined) return `load ${spec.cpu} needs a cpu request on every container of ${loadKey(t)} (container ${c.name} has none)`
      request += m
    }
    milli = Math.round((cpu.percent * request * (oSpec.replicas ?? 1)) / 100)
  }
  const value = formatLoadValue(milli)
  if (getObject(s, 'ConfigMap', namespace, LOAD_CONFIGMAP) === undefined)
    return { verb: 'create', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: LOAD_CONFIGMAP, namespace }, data: { [loadKey(t)]: value } } }
  return { verb: 'patch', ref: { kind: 'ConfigMap', namespace, name: LOAD_CONFIGMAP }, patch: { data: { [loadKey(t)]: value } } }
}
