import type { Pod } from '../../model/pod.js'
import type { Node } from '../../model/cluster.js'

/**
 * The sandbox's IP: the lowest free host address of the node's podCIDR (`10.244.N.0/24`), skipping .0
 * and .1 (the bridge). A pure function of the state, so it is the same on every run.
 */
export const allocatePodIp = (node: Node, podsOnNode: readonly Pod[]): string => {
  const cidr = node.spec?.podCIDR ?? '10.244.0.0/24'
  const base = cidr.slice(0, cidr.lastIndexOf('.'))
  const used = new Set(podsOnNode.map((p) => p.status?.podIP).filter((ip): ip is string => ip !== undefined))
  for (let host = 2; host < 255; host++) {
    const ip = `${base}.${host}`
    if (!used.has(ip)) return ip
  }
  return `${base}.254`
}

/** The node's InternalIP, the pod's hostIP. */
export const nodeIp = (node: Node): string =>
  node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '127.0.0.1'
