/** One served resource type, as discovery describes it. */
export interface ResourceType {
  readonly group: string
  readonly version: string
  readonly kind: string
  readonly plural: string
  readonly singular: string
  readonly shortNames: readonly string[]
  readonly namespaced: boolean
  readonly categories: readonly string[]
}

const r = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  shortNames: readonly string[],
  namespaced: boolean,
  categories: readonly string[] = [],
): ResourceType => ({ group, version, kind, plural, singular: kind.toLowerCase(), shortNames, namespaced, categories })

/** Every kind Reel stores, with upstream's plural, short names, scope and the `all` category. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  r('', 'v1', 'Namespace', 'namespaces', ['ns'], false),
  r('', 'v1', 'Node', 'nodes', ['no'], false),
  r('', 'v1', 'Pod', 'pods', ['po'], true, ['all']),
  r('', 'v1', 'Service', 'services', ['svc'], true, ['all']),
  r('', 'v1', 'Endpoints', 'endpoints', ['ep'], true),
  r('', 'v1', 'ReplicationController', 'replicationcontrollers', ['rc'], true, ['all']),
  r('', 'v1', 'Event', 'events', ['ev'], true),
  r('', 'v1', 'ConfigMap', 'configmaps', ['cm'], true),
  r('', 'v1', 'Secret', 'secrets', [], true),
  r('', 'v1', 'ServiceAccount', 'serviceaccounts', ['sa'], true),
  r('', 'v1', 'PersistentVolume', 'persistentvolumes', ['pv'], false),
  r('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], true),
  r('apps', 'v1', 'Deployment', 'deployments', ['deploy'], true, ['all']),
  r('apps', 'v1', 'ReplicaSet', 'replicasets', ['rs'], true, ['all']),
  r('apps', 'v1', 'StatefulSet', 'statefulsets', ['sts'], true, ['all']),
  r('apps', 'v1', 'DaemonSet', 'daemonsets', ['ds'], true, ['all']),
  r('apps', 'v1', 'ControllerRevision', 'controllerrevisions', [], true),
  r('batch', 'v1', 'Job', 'jobs', [], true, ['all']),
  r('batch', 'v1', 'CronJob', 'cronjobs', ['cj'], true, ['all']),
  r('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa'], true, ['all']),
  r('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', ['sc'], false),
  r('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', [], true),
  r('coordination.k8s.io', 'v1', 'Lease', 'leases', [], true),
]

const byKind = new Map(RESOURCE_TYPES.map((t) => [t.kind, t]))

/** The resource type of a Kind, if Reel serves it. */
export const resourceForKind = (kind: string): ResourceType | undefined => byKind.get(kind)

/** Resolves what a user types (`pods`, `pod`, `po`, `deployments.apps`, `Deployment`) to a resource type. */
export const resolveResource = (name: string): ResourceType | undefined => {
  const n = name.toLowerCase()
  const dot = n.indexOf('.')
  const base = dot < 0 ? n : n.slice(0, dot)
  const group = dot < 0 ? undefined : n.slice(dot + 1)
  return RESOURCE_TYPES.find(
    (t) =>
      (group === undefined || t.group === group) &&
      (t.plural === base || t.singular === base || t.shortNames.includes(base) || t.kind.toLowerCase() === base),
  )
}

/** `apps/v1`, or `v1` for the core group. */
export const apiVersionOf = (t: ResourceType): string => (t.group ? `${t.group}/${t.version}` : t.version)

/** The `Subject` a Status names for an object of this type. */
export const subjectOf = (t: ResourceType, name: string) => ({ kind: t.kind, plural: t.plural, group: t.group, name })
