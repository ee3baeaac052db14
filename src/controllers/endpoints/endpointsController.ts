import type { Service } from '../../api/kinds/service.js'
import { nsNameOf, splitNsName } from '../../model/meta.js'
import { getObject, listObjects } from '../../state/clusterState.js'
import type { Controller } from '../controller.js'
import { endpointKeysFor } from './keysFor.js'
import { reconcileEndpoints } from './reconcileEndpoints.js'
import { reconcileEndpointSlices } from './reconcileEndpointSlices.js'

const ENDPOINT_ACTOR = 'controller:endpoint'
const SLICE_ACTOR = 'controller:endpointslice'

/**
 * The Endpoints controller (`endpoint` in kube-controller-manager): one `v1` Endpoints per selecting
 * service. Resync also lists the Endpoints objects, as `checkLeftoverEndpoints` does, so that those of
 * services deleted while the controller was away are removed.
 */
export const endpointsController: Controller = {
  name: 'endpoint',
  actor: ENDPOINT_ACTOR,
  primaryKind: 'Service',
  keysFor: endpointKeysFor('Endpoints', ENDPOINT_ACTOR),
  resyncKeys: (s) => [...new Set([...listObjects(s, 'Service').map(nsNameOf), ...listObjects(s, 'Endpoints').map(nsNameOf)])].sort(),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    return reconcileEndpoints(s, namespace, name, ctx)
  },
}

/** The EndpointSlice controller (`endpointslice` in kube-controller-manager). */
export const endpointSliceController: Controller = {
  name: 'endpointslice',
  actor: SLICE_ACTOR,
  primaryKind: 'Service',
  keysFor: endpointKeysFor('EndpointSlice', SLICE_ACTOR),
  resyncKeys: (s) => listObjects(s, 'Service').map(nsNameOf),
  reconcile: (s, key, ctx) => {
    const { namespace, name } = splitNsName(key)
    const svc = getObject<Service>(s, 'Service', namespace, name)
    return svc === undefined ? { commands: [] } : reconcileEndpointSlices(s, svc, ctx)
  },
}
