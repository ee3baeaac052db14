import type { Command } from '../api/commands.js'
import { deepEqual } from '../kernel/deepEqual.js'
import type { KObject } from '../model/meta.js'
import type { PodTemplateSpec } from '../model/pod.js'
import type { Deployment, ReplicaSet } from '../model/workloads.js'
import { type ClusterState, selectOwnedBy } from '../state/clusterState.js'
import { LAST_APPLIED } from './kubectl.js'

export const REVISION = 'deployment.kubernetes.io/revision'
export const CHANGE_CAUSE = 'kubernetes.io/change-cause'
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt'

/** Annotations kubectl rollout undo keeps from the Deployment rather than the ReplicaSet (workloads.md §3.4). */
const SKIPPED_ANNOTATIONS = new Set([
  LAST_APPLIED,
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
])

/** The ReplicaSets a Deployment controls, by revision ascending. */
export const controlledReplicaSets = (s: ClusterState, d: Deployment): ReplicaSet[] =>
  selectOwnedBy<ReplicaSet>(s, d.metadata.uid ?? '')
    .filter((rs) => rs.kind === 'ReplicaSet' && rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid && r.controller === true))
    .sort((a, b) => revisionOf(a) - revisionOf(b) || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1))

export const revisionOf = (o: KObject): number => {
  const n = Number(o.metadata.annotations?.[REVISION] ?? '0')
  return Number.isInteger(n) ? n : 0
}

/** A template without the pod-template-hash label, for equality as the deployment controller sees it. */
export const withoutHash = (t: PodTemplateSpec | undefined): PodTemplateSpec | undefined => {
  if (!t) return t
  const { 'pod-template-hash': _h, ...labels } = t.metadata?.labels ?? {}
  return { ...t, metadata: { ...t.metadata, labels } }
}

/** `kubectl rollout status` for one observation (workloads.md §9): a message, and done/error. */
export const rolloutStatus = (d: Deployment): { message: string; done: boolean; error: boolean } => {
  const name = d.metadata.name ?? ''
  const st = d.status ?? {}
  if ((d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const progressing = st.conditions?.find((c) => c.type === 'Progressing')
    if (progressing?.reason === 'ProgressDeadlineExceeded')
      return { message: `deployment "${name}" exceeded its progress deadline`, done: true, error: true }
    const want = d.spec.replicas
    const updated = st.updatedReplicas ?? 0
    if (want !== undefined && updated < want)
      return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...`, done: false, error: false }
    if ((st.replicas ?? 0) > updated)
      return { message: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...`, done: false, error: false }
    if ((st.availableReplicas ?? 0) < updated)
      return { message: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...`, done: false, error: false }
    return { message: `deployment "${name}" successfully rolled out`, done: true, error: false }
  }
  return { message: 'Waiting for deployment spec update to be observed...', done: false, error: false }
}

/** `kubectl rollout history` (workloads.md §8.5), the table form. */
export const rolloutHistory = (s: ClusterState, d: Deployment): string => {
  const sets = controlledReplicaSets(s, d)
  if (sets.length === 0) return 'No rollout history found.'
  const rows = sets.map((rs) => [String(revisionOf(rs)), rs.metadata.annotations?.[CHANGE_CAUSE] || '<none>'])
  const width = Math.max('REVISION'.length, ...rows.map((r) => r[0]!.length)) + 2
  const lines = [`deployment.apps/${d.metadata.name ?? ''} `, `${'REVISION'.padEnd(width)}CHANGE-CAUSE`, ...rows.map((r) => `${r[0]!.padEnd(width)}${r[1]}`)]
  return `${lines.join('\n')}\n`
}

/** The ReplicaSet of one revision, for `rollout history --revision=N`. */
export const replicaSetOfRevision = (s: ClusterState, d: Deployment, revision: number): ReplicaSet | undefined =>
  controlledReplicaSets(s, d).find((rs) => revisionOf(rs) === revision)

/** `kubectl rollout undo` (workloads.md §8.2): the update to send, a skip message, or an error. */
export const rolloutUndo = (
  s: ClusterState,
  d: Deployment,
  toRevision: number,
): { command: Command } | { skipped: string } | { error: string } => {
  if (toRevision < 0) return { error: `unable to find specified revision ${toRevision} in history` }
  const sets = controlledReplicaSets(s, d)
  let target: ReplicaSet | undefined
  if (toRevision > 0) {
    target = sets.find((rs) => revisionOf(rs) === toRevision)
    if (!target) return { error: `unable to find specified revision ${toRevision} in history` }
  } else {
    const revisions = [...new Set(sets.map(revisionOf))].sort((a, b) => b - a)
    const previous = revisions[1]
    target = previous === undefined ? undefined : sets.find((rs) => revisionOf(rs) === previous)
    if (!target) return { error: `no rollout history found for deployment "${d.metadata.name ?? ''}"` }
  }
  if (d.spec.paused) return { error: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" }
  const template = withoutHash(target.spec.template)!
  if (deepEqual(withoutHash(d.spec.template), template))
    return { skipped: `deployment.apps/${d.metadata.name ?? ''} skipped rollback (current template already matches revision ${toRevision})` }
  const annotations: Record<string, string> = {}
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v
  return { command: { verb: 'update', object: { ...d, metadata: { ...d.metadata, annotations }, spec: { ...d.spec, template } } } }
}

export const pauseCommand = (d: Deployment, paused: boolean): Command | string => {
  if ((d.spec.paused === true) === paused) return `deployments.apps "${d.metadata.name ?? ''}" is ${paused ? 'already paused' : 'not paused'}`
  return { verb: 'update', object: { ...d, spec: { ...d.spec, paused } } }
}

/** `kubectl rollout restart`: stamps the template with the restart time (virtual clock). */
export const restartCommand = (d: Deployment, timestamp: string): Command | string => {
  if (d.spec.paused) return "can't restart paused deployment (run rollout resume first)"
  const t = d.spec.template
  const annotations = { ...(t.metadata?.annotations ?? {}), [RESTARTED_AT]: timestamp }
  return { verb: 'update', object: { ...d, spec: { ...d.spec, template: { ...t, metadata: { ...t.metadata, annotations } } } } }
}

/** `kubectl set image`: `container=image` pairs (`*` for every container); unknown names are errors. */
export const setImageCommand = (o: KObject, images: Readonly<Record<string, string>>, changeCause?: string): Command | string => {
  const spec = o.spec as { template?: PodTemplateSpec }
  const t = spec.template
  if (!t) return `error: ${o.kind.toLowerCase()} has no pod template`
  const names = t.spec.containers.map((c) => c.name)
  for (const n of Object.keys(images)) if (n !== '*' && !names.includes(n)) return `error: unable to find container named "${n}"`
  const containers = t.spec.containers.map((c) => ({ ...c, image: images[c.name] ?? images['*'] ?? c.image }))
  const annotations = changeCause === undefined ? o.metadata.annotations : { ...(o.metadata.annotations ?? {}), [CHANGE_CAUSE]: changeCause }
  return {
    verb: 'update',
    object: { ...o, metadata: { ...o.metadata, ...(annotations ? { annotations } : {}) }, spec: { ...spec, template: { ...t, spec: { ...t.spec, containers } } } },
  }
}

/**
 * `reel run NAME --image=IMG`: a Deployment labelled `run=NAME`, as kubectl run made them before 1.18
 * (the seeds' walkthroughs rely on it); `--restart=Never` makes a bare Pod as kubectl run does today.
 */
export const runObject = (name: string, image: string, opts: { replicas?: number; restart?: string; namespace?: string; port?: number }): KObject => {
  const labels = { run: name }
  const container = { name, image, ...(opts.port !== undefined ? { ports: [{ containerPort: opts.port }] } : {}) }
  const namespace = opts.namespace ?? 'default'
  if (opts.restart === 'Never' || opts.restart === 'OnFailure')
    return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [container], restartPolicy: opts.restart } }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [container] } },
    },
  }
}
