import type { Command } from '../api/commands.js'
import { KUBERNETES_VERSION, type ClusterShape } from '../log/events.js'
import type { NodeShape } from '../model/cluster.js'

/** The namespaces every cluster starts with. */
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const

const namespace = (name: string): Command => ({
  verb: 'create',
  object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } },
})

/** A Node object as a kubelet registers it: capacity = allocatable, Ready, the well-known labels. */
export const nodeObject = (n: NodeShape, index: number) => {
  const capacity = { cpu: n.cpu ?? '4', memory: n.memory ?? '16Gi', pods: String(n.pods ?? 110), 'ephemeral-storage': '100Gi' }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        ...(n.labels ?? {}),
      },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, ...(n.taints !== undefined ? { taints: n.taints } : {}) },
    status: {
      capacity,
      allocatable: capacity,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      addresses: [
        { type: 'InternalIP', address: `172.18.0.${index + 2}` },
        { type: 'Hostname', address: n.name },
      ],
      nodeInfo: { kubeletVersion: KUBERNETES_VERSION, containerRuntimeVersion: 'reel://sim', operatingSystem: 'linux', architecture: 'amd64' },
    },
  }
}

/** The writes that give a new log its system namespaces (by the API server) and nodes (by their kubelets). */
export const bootstrapCommands = (cluster: ClusterShape): { command: Command; actor: string }[] => [
  ...SYSTEM_NAMESPACES.map((n) => ({ command: namespace(n), actor: 'apiserver' })),
  // The service account controller's first sync: every system namespace has its `default` account.
  ...SYSTEM_NAMESPACES.map((n) => ({
    command: { verb: 'create' as const, object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: n } } },
    actor: 'controller:serviceaccount',
  })),
  ...cluster.nodes.map((n, i) => ({ command: { verb: 'create' as const, object: nodeObject(n, i) }, actor: `kubelet:${n.name}` })),
]
