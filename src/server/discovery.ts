import { createHash } from 'node:crypto'
import { KUBERNETES_VERSION } from '../log/events.js'
import type { ResourceType } from '../model/resources.js'
import { SERVED_RESOURCE_TYPES } from './legacyVersions.js'

/** The content type kubectl requires on an aggregated discovery answer (reference §3a). */
export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'

/** Kinds with a `/scale` subresource (autoscaling/v1 Scale). */
export const SCALABLE_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'])

const SCALE_KIND = { group: 'autoscaling', version: 'v1', kind: 'Scale' }

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']

/**
 * Pods' other served subresources, as upstream lists them: `kubectl drain` evicts only when discovery
 * shows `pods/eviction` (policy/v1 Eviction), else it falls back to DELETE; `kubectl logs` reads `pods/log`.
 */
const POD_SUBRESOURCES = [
  { subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] },
  { subresource: 'log', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] },
] as const

const extraSubresources = (t: ResourceType) => (t.kind === 'Pod' && t.group === '' && t.version === 'v1' ? POD_SUBRESOURCES : [])

/** True when the Accept header asks for aggregated discovery (v2). */
export const wantsAggregated = (accept: string | undefined): boolean =>
  (accept ?? '').split(',').some((p) => p.includes('as=APIGroupDiscoveryList') && p.includes('v=v2') && !p.includes('v2beta1'))

/** `/version`: minor 32 so the gcloud kubectl dispatcher picks kubectl 1.32. */
export const versionInfo = () => {
  const [major, minor] = KUBERNETES_VERSION.replace(/^v/, '').split('.')
  return {
    major: major ?? '1',
    minor: minor ?? '32',
    gitVersion: KUBERNETES_VERSION,
    gitCommit: 'reel',
    gitTreeState: 'clean',
    buildDate: '1970-01-01T00:00:00Z',
    goVersion: 'go1.23.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  }
}

/** Group/versions served, core first, each with its resource types, in SERVED_RESOURCE_TYPES order (legacy versions last). */
export const groupVersions = (): ReadonlyMap<string, readonly ResourceType[]> => {
  const out = new Map<string, ResourceType[]>()
  for (const t of SERVED_RESOURCE_TYPES) {
    const gv = t.group ? `${t.group}/${t.version}` : t.version
    out.set(gv, [...(out.get(gv) ?? []), t])
  }
  return out
}

/** Resource types of one group/version (`v1`, `apps/v1`), or undefined when not served. */
export const typesOf = (gv: string): readonly ResourceType[] | undefined => groupVersions().get(gv)

const legacyEntry = (t: ResourceType) => ({
  name: t.plural,
  singularName: t.singular,
  namespaced: t.namespaced,
  kind: t.kind,
  verbs: VERBS,
  ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
  ...(t.categories.length > 0 ? { categories: t.categories } : {}),
})

/** Legacy `APIResourceList` of `/api/v1` or `/apis/<g>/<v>`. */
export const resourceList = (gv: string, types: readonly ResourceType[]) => ({
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: gv,
  resources: types.flatMap((t) => [
    legacyEntry(t),
    { name: `${t.plural}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] },
    ...(SCALABLE_KINDS.has(t.kind) ? [{ name: `${t.plural}/scale`, singularName: '', namespaced: t.namespaced, ...SCALE_KIND, verbs: ['get', 'patch', 'update'] }] : []),
    ...extraSubresources(t).map((r) => ({ name: `${t.plural}/${r.subresource}`, singularName: '', namespaced: t.namespaced, ...r.responseKind, verbs: r.verbs })),
  ]),
})

/** Legacy `APIVersions` of `/api`. */
export const apiVersions = (serverAddress: string) => ({
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
})

/** Named groups with their versions, the preferred (storage) version first. */
const namedGroups = (): ReadonlyMap<string, readonly string[]> => {
  const out = new Map<string, string[]>()
  for (const gv of groupVersions().keys()) {
    const [name, version] = gv.split('/')
    if (version !== undefined) out.set(name!, [...(out.get(name!) ?? []), version])
  }
  return out
}

/** Legacy `APIGroupList` of `/apis`. */
export const apiGroupList = () => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: [...namedGroups()].map(([name, versions]) => {
    const vs = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }))
    return { name, versions: vs, preferredVersion: vs[0]! }
  }),
})

const aggregatedResource = (t: ResourceType) => ({
  resource: t.plural,
  singularResource: t.singular,
  scope: t.namespaced ? 'Namespaced' : 'Cluster',
  responseKind: { group: t.group, version: t.version, kind: t.kind },
  verbs: VERBS,
  ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
  ...(t.categories.length > 0 ? { categories: t.categories } : {}),
  subresources: [
    { subresource: 'status', responseKind: { group: t.group, version: t.version, kind: t.kind }, verbs: ['get', 'patch', 'update'] },
    ...(SCALABLE_KINDS.has(t.kind) ? [{ subresource: 'scale', responseKind: SCALE_KIND, verbs: ['get', 'patch', 'update'] }] : []),
    ...extraSubresources(t),
  ],
})

/** Aggregated `APIGroupDiscoveryList`: `core` true for `/api`, false for `/apis`. */
export const aggregatedDiscovery = (core: boolean) => ({
  kind: 'APIGroupDiscoveryList',
  apiVersion: 'apidiscovery.k8s.io/v2',
  metadata: {},
  items: (core ? [['', ['v1']] as const] : [...namedGroups()]).map(([name, versions]) => ({
    metadata: { name },
    versions: versions.map((version) => ({
      version,
      freshness: 'Current',
      resources: (typesOf(name === '' ? version : `${name}/${version}`) ?? []).map(aggregatedResource),
    })),
  })),
})

const openapiKey = (gv: string): string => (gv.includes('/') ? `apis/${gv}` : `api/${gv}`)

const hashOf = (doc: unknown): string => createHash('sha256').update(JSON.stringify(doc)).digest('hex').slice(0, 16).toUpperCase()

/** `/openapi/v3`: one entry per group/version, with a stable content hash. */
export const openapiIndex = () => ({
  paths: Object.fromEntries(
    [...groupVersions().keys()].map((gv) => [openapiKey(gv), { serverRelativeURL: `/openapi/v3/${openapiKey(gv)}?hash=${hashOf(openapiDocument(gv))}` }]),
  ),
})

const patchOperation = (t: ResourceType) => ({
  operationId: `patch${t.kind}`,
  'x-kubernetes-action': 'patch',
  'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
  parameters: ['fieldValidation', 'fieldManager', 'dryRun'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
  requestBody: { required: true, content: { 'application/merge-patch+json': { schema: { type: 'object' } } } },
  responses: { '200': { description: 'OK' } },
})

/**
 * The minimal OpenAPI v3 document of a group/version (reference §4a): one `patch` operation per kind
 * carrying the GVK and a `fieldValidation` parameter, so `kubectl create -f` relies on server validation.
 */
export const openapiDocument = (gv: string) => ({
  openapi: '3.0.0',
  info: { title: 'Kubernetes', version: KUBERNETES_VERSION },
  paths: Object.fromEntries(
    (typesOf(gv) ?? []).map((t) => [
      `/${openapiKey(gv)}/${t.namespaced ? 'namespaces/{namespace}/' : ''}${t.plural}/{name}`,
      { patch: patchOperation(t) },
    ]),
  ),
  components: { schemas: {} },
})
