import type { ObjectEvent } from '../../log/events.js'
import { listObjects } from '../../state/clusterState.js'
import type { Controller } from '../controller.js'
import { reconcileNamespace } from './reconcile.js'

/**
 * The namespace controller (`namespace` in kube-controller-manager). Like upstream it watches only
 * Namespaces (`AddFunc`/`UpdateFunc` enqueue the name); the content it waits for is polled through
 * `requeueAfterMs`, not watched. Keys are namespace names.
 */
export const namespaceController: Controller = {
  name: 'namespace',
  actor: 'controller:namespace',
  primaryKind: 'Namespace',
  keysFor: (event: ObjectEvent) => {
    const o = event.data.object
    return o.kind === 'Namespace' && event.type !== 'object/deleted' ? [o.metadata.name ?? ''] : []
  },
  resyncKeys: (s) =>
    listObjects(s, 'Namespace')
      .filter((ns) => ns.metadata.deletionTimestamp !== undefined)
      .map((ns) => ns.metadata.name ?? ''),
  reconcile: (s, key, ctx) => reconcileNamespace(s, key, ctx.nowMs),
}
