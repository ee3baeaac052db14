import type { ReconcileResult } from '../../../../src/controllers/controller.js'
import { reconcileNamespace } from '../../../../src/controllers/namespace/reconcile.js'
import type { NamespaceCondition } from '../../../../src/controllers/namespace/conditions.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { ClusterState } from '../../../../src/state/clusterState.js'
import { applied, aNamespace, aPod, givenObjects } from '../../../support/builders.js'

/** A ConfigMap in `namespace`, optionally held by finalizers. */
export const aConfigMap = (name: string, namespace: string, finalizers?: readonly string[]): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, ...(finalizers !== undefined ? { finalizers: [...finalizers] } : {}) },
  data: { key: 'value' },
})

/** A pod bound to node-1 and Running in `namespace`: a delete makes it terminate gracefully (30 s). */
export const aRunningPod = (name: string, namespace: string): KObject => aPod(name, { namespace, nodeName: 'node-1', phase: 'Running' })

/** Deletes namespace `name` at `atMs` (or now): it becomes Terminating and keeps `spec.finalizers`. */
export const deleteNamespace = (s: ClusterState, name: string, atMs?: number): ClusterState =>
  applied(s, { verb: 'delete', ref: { kind: 'Namespace', name } }, atMs)

/** A metadata finalizer that keeps a Terminating namespace stored across writes to it. */
export const KEEP_FINALIZER = 'example.com/keep'

/** The account the ServiceAccount controller keeps in every namespace (pods need it once admission is wired). */
export const aDefaultAccount = (namespace: string): KObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } })

/**
 * The state with namespace `team` (and its `default` ServiceAccount) holding `objects`, then deleted. The namespace carries
 * {@link KEEP_FINALIZER} so that the controller's own writes (status, finalize) can be applied and looked
 * at: the write path removes a Terminating namespace once no metadata finalizer holds it.
 */
export const givenTerminating = (...objects: readonly KObject[]): ClusterState => {
  const ns = aNamespace('team')
  return deleteNamespace(givenObjects({ ...ns, metadata: { ...ns.metadata, finalizers: [KEEP_FINALIZER] } }, aDefaultAccount('team'), ...objects), 'team')
}

export const reconcile = (s: ClusterState, name = 'team', nowMs = s.atMs): ReconcileResult => reconcileNamespace(s, name, nowMs)

/** `[verb, kind, name]` of each command. */
export const summary = (r: ReconcileResult): string[][] =>
  r.commands.map((c) =>
    c.verb === 'delete' || c.verb === 'patch' || c.verb === 'bind'
      ? [c.verb, c.ref.kind, c.ref.name]
      : [c.verb, c.object.kind, c.object.metadata.name ?? ''],
  )

/** The conditions of the status a reconcile writes, or undefined when it writes none. */
export const writtenConditions = (r: ReconcileResult): readonly NamespaceCondition[] | undefined => {
  const c = r.commands.find((x) => x.verb === 'updateStatus')
  return c?.verb === 'updateStatus' ? (c.object.status as { conditions: NamespaceCondition[] }).conditions : undefined
}

/** One written condition by type. */
export const conditionOf = (r: ReconcileResult, type: string): NamespaceCondition | undefined =>
  writtenConditions(r)?.find((c) => c.type === type)

