import type { KObject } from '../model/meta.js'
import { defaultDaemonSet } from './kinds/daemonSet.js'
import { defaultHPA } from './kinds/hpa.js'
import { defaultJob } from './kinds/job.js'
import { defaultService } from './kinds/service.js'
import { applyStorageDefaults } from './kinds/storage.js'

type Json = Record<string, unknown>

const imagePullPolicyFor = (image: string): string => {
  const lastSegment = image.slice(image.lastIndexOf('/') + 1)
  const at = lastSegment.indexOf('@')
  if (at >= 0) return 'IfNotPresent'
  const colon = lastSegment.indexOf(':')
  const tag = colon < 0 ? '' : lastSegment.slice(colon + 1)
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent'
}

const defaultProbe = (p: unknown): unknown => {
  if (p === undefined) return undefined
  const probe = p as Json
  return {
    ...probe,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    periodSeconds: probe.periodSeconds ?? 10,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
    ...(probe.httpGet !== undefined ? { httpGet: { path: '/', scheme: 'HTTP', ...(probe.httpGet as Json) } } : {}),
  }
}

/** A resource limited but not requested is requested at its limit (`SetDefaults_Container` via the pod defaulter). */
const defaultResources = (r: unknown): Json => {
  const res = (r as Json | undefined) ?? {}
  const limits = res.limits as Json | undefined
  if (limits === undefined) return res
  return { ...res, requests: { ...limits, ...((res.requests as Json | undefined) ?? {}) } }
}

const defaultContainer = (c: Json): Json => {
  const out: Json = {
    ...c,
    imagePullPolicy: c.imagePullPolicy ?? imagePullPolicyFor(String(c.image ?? '')),
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
    resources: defaultResources(c.resources),
  }
  if (Array.isArray(c.ports)) out.ports = (c.ports as Json[]).map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }))
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const)
    if (c[probe] !== undefined) out[probe] = defaultProbe(c[probe])
  return out
}

/** `SetDefaults_PodSpec` and the container defaults, for pods and pod templates alike. */
export const defaultPodSpec = (spec: Json): Json => {
  const out: Json = {
    ...spec,
    restartPolicy: spec.restartPolicy ?? 'Always',
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    securityContext: spec.securityContext ?? {},
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    containers: ((spec.containers as Json[] | undefined) ?? []).map(defaultContainer),
  }
  if (Array.isArray(spec.initContainers)) out.initContainers = (spec.initContainers as Json[]).map(defaultContainer)
  if (Array.isArray(spec.volumes))
    out.volumes = (spec.volumes as Json[]).map((v) =>
      Object.keys(v).length === 1 ? { ...v, emptyDir: {} } : v,
    )
  return out
}

/**
 * The DefaultTolerationSeconds admission plugin: every pod tolerates `not-ready` and `unreachable`
 * NoExecute taints for 300 s unless it already tolerates them (stateful-storage-nodes.md §6.3).
 */
const withDefaultTolerations = (spec: Json): Json => {
  const tolerations = [...((spec.tolerations as Json[] | undefined) ?? [])]
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const covered = tolerations.some(
      (t) => (t.key === key || (t.key === undefined && t.operator === 'Exists')) && (t.effect === undefined || t.effect === 'NoExecute'),
    )
    if (!covered) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 })
  }
  return { ...spec, enableServiceLinks: spec.enableServiceLinks ?? true, tolerations }
}

const defaultTemplate = (template: unknown): unknown => {
  if (template === undefined || template === null) return template
  const t = template as Json
  return { ...t, metadata: t.metadata ?? {}, spec: defaultPodSpec((t.spec as Json | undefined) ?? {}) }
}

const withSpec = (o: KObject, f: (spec: Json) => Json): KObject => ({ ...o, spec: f((o.spec as Json | undefined) ?? {}) })

/**
 * The API server's defaulting (`SetDefaults_*`) for `apps/v1` and `core/v1`, applied after conversion
 * and before validation. Idempotent: defaulting a defaulted object changes nothing.
 */
export const applyDefaults = (o: KObject): KObject => {
  switch (o.kind) {
    case 'Pod':
      return withSpec(o, (spec) => withDefaultTolerations(defaultPodSpec(spec)))
    case 'ReplicaSet':
      return withSpec(o, (s) => ({ ...s, replicas: s.replicas ?? 1, template: defaultTemplate(s.template) }))
    case 'ReplicationController': {
      const tmplLabels = ((o.spec as Json | undefined)?.template as { metadata?: { labels?: Record<string, string> } } | undefined)
        ?.metadata?.labels
      const spec = (o.spec as Json | undefined) ?? {}
      const selector = spec.selector as Record<string, string> | undefined
      const out = withSpec(o, (s) => ({
        ...s,
        replicas: s.replicas ?? 1,
        ...(tmplLabels !== undefined && (selector === undefined || Object.keys(selector).length === 0)
          ? { selector: { ...tmplLabels } }
          : {}),
        template: defaultTemplate(s.template),
      }))
      const labels = o.metadata.labels
      return tmplLabels !== undefined && (labels === undefined || Object.keys(labels).length === 0)
        ? { ...out, metadata: { ...out.metadata, labels: { ...tmplLabels } } }
        : out
    }
    case 'Deployment':
      return withSpec(o, (s) => {
        const strategy = { ...((s.strategy as Json | undefined) ?? {}) }
        if (strategy.type === undefined) strategy.type = 'RollingUpdate'
        if (strategy.type === 'RollingUpdate') {
          const ru = { ...((strategy.rollingUpdate as Json | undefined) ?? {}) }
          strategy.rollingUpdate = { maxUnavailable: ru.maxUnavailable ?? '25%', maxSurge: ru.maxSurge ?? '25%', ...ru }
        }
        return {
          ...s,
          replicas: s.replicas ?? 1,
          strategy,
          revisionHistoryLimit: s.revisionHistoryLimit ?? 10,
          progressDeadlineSeconds: s.progressDeadlineSeconds ?? 600,
          template: defaultTemplate(s.template),
        }
      })
    case 'StatefulSet':
      return withSpec(o, (s) => ({
        ...s,
        replicas: s.replicas ?? 1,
        podManagementPolicy: s.podManagementPolicy ?? 'OrderedReady',
        updateStrategy: s.updateStrategy ?? { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        revisionHistoryLimit: s.revisionHistoryLimit ?? 10,
        persistentVolumeClaimRetentionPolicy: s.persistentVolumeClaimRetentionPolicy ?? {
          whenDeleted: 'Retain',
          whenScaled: 'Retain',
        },
        template: defaultTemplate(s.template),
      }))
    case 'DaemonSet':
      return withSpec(defaultDaemonSet(o), (s) => ({ ...s, template: defaultTemplate(s.template) }))
    case 'Job':
      return withSpec(defaultJob(o), (s) => ({ ...s, template: defaultTemplate(s.template) }))
    case 'Service':
      return defaultService(
        withSpec(o, (s) => ({
          ...s,
          type: s.type ?? 'ClusterIP',
          sessionAffinity: s.sessionAffinity ?? 'None',
          ...(Array.isArray(s.ports)
            ? { ports: (s.ports as Json[]).map((p) => ({ ...p, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port })) }
            : {}),
        })),
      )
    case 'PersistentVolume':
    case 'PersistentVolumeClaim':
    case 'StorageClass':
      return applyStorageDefaults(o)
    case 'HorizontalPodAutoscaler':
      return defaultHPA(o)
    case 'Secret':
      // SetDefaults_Secret.
      return o.type === undefined ? { ...o, type: 'Opaque' } : o
    case 'CronJob':
      // SetDefaults_CronJob; the job template's pod template gets the pod defaults like any template.
      return withSpec(o, (s) => {
        const jobTemplate = (s.jobTemplate as Json | undefined) ?? {}
        const jobSpec = (jobTemplate.spec as Json | undefined) ?? {}
        return {
          ...s,
          concurrencyPolicy: s.concurrencyPolicy ?? 'Allow',
          suspend: s.suspend ?? false,
          successfulJobsHistoryLimit: s.successfulJobsHistoryLimit ?? 3,
          failedJobsHistoryLimit: s.failedJobsHistoryLimit ?? 1,
          jobTemplate: { ...jobTemplate, spec: { ...jobSpec, ...(jobSpec.template !== undefined ? { template: defaultTemplate(jobSpec.template) } : {}) } },
        }
      })
    case 'Namespace':
      return {
        ...o,
        // Upstream's defaulting labels every namespace with its own name (for namespace selectors).
        metadata: { ...o.metadata, labels: { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name ?? '' } },
        spec: { finalizers: ['kubernetes'], ...((o.spec as Json | undefined) ?? {}) },
        status: { phase: 'Active', ...((o.status as Json | undefined) ?? {}) },
      }
    default:
      return o
  }
}
