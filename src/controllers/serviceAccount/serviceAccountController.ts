import { DEFAULT_SERVICE_ACCOUNT } from '../../api/kinds/serviceAccount.js'
import type { ObjectEvent } from '../../log/events.js'
import type { Namespace } from '../../model/cluster.js'
import type { KObject } from '../../model/meta.js'
import { type ClusterState, getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE, type ReconcileResult } from '../controller.js'

/** The accounts the controller keeps in every active namespace (`--service-account-names`' default). */
export const SERVICE_ACCOUNTS_TO_ENSURE: readonly string[] = [DEFAULT_SERVICE_ACCOUNT]

/** The ServiceAccount object the controller creates: a name and a namespace, nothing else. */
export const serviceAccountObject = (namespace: string, name: string): KObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace },
})

/**
 * Mirrors kubernetes pkg/controller/serviceaccount `ServiceAccountsController.syncNamespace`: in an
 * Active namespace, create each account of {@link SERVICE_ACCOUNTS_TO_ENSURE} that is missing. A
 * namespace that is gone or not Active (Terminating) gets nothing.
 */
export const reconcileServiceAccounts = (s: ClusterState, namespace: string): ReconcileResult => {
  const ns = getObject<Namespace>(s, 'Namespace', undefined, namespace)
  if (ns === undefined || ns.status?.phase !== 'Active') return NO_CHANGE
  const commands = SERVICE_ACCOUNTS_TO_ENSURE.filter((name) => getObject(s, 'ServiceAccount', namespace, name) === undefined).map(
    (name) => ({ verb: 'create' as const, object: serviceAccountObject(namespace, name) }),
  )
  return commands.length === 0 ? NO_CHANGE : { commands }
}

/**
 * The ServiceAccount controller (`serviceaccount` in kube-controller-manager). Its key is a namespace
 * name: a namespace added or updated, or a ServiceAccount deleted in it, makes the namespace dirty (the
 * informer handlers `namespaceAdded`, `namespaceUpdated`, `serviceAccountDeleted`).
 */
export const serviceAccountController: Controller = {
  name: 'serviceaccount',
  actor: 'controller:serviceaccount',
  primaryKind: 'Namespace',
  keysFor: (event: ObjectEvent) => {
    const o = event.data.object
    if (o.kind === 'Namespace') return event.type === 'object/deleted' ? [] : [o.metadata.name ?? '']
    if (o.kind === 'ServiceAccount' && event.type === 'object/deleted') return [o.metadata.namespace ?? 'default']
    return []
  },
  resyncKeys: (s) => listObjects(s, 'Namespace').map((ns) => ns.metadata.name ?? ''),
  reconcile: (s, key) => reconcileServiceAccounts(s, key),
}
