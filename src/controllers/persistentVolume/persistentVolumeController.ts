import type { PersistentVolume, PersistentVolumeClaim } from '../../api/kinds/storage.js'
import { nsNameOf, splitNsName } from '../../model/meta.js'
import { getObject, listObjects } from '../../state/clusterState.js'
import { type Controller, NO_CHANGE } from '../controller.js'
import { persistentVolumeKeysFor } from './keysFor.js'
import { reconcileClaim } from './syncClaim.js'
import { reconcileVolume } from './syncVolume.js'

/**
 * The PersistentVolume controller (`persistentvolume-binder` in kube-controller-manager) with a
 * simulated external provisioner. Keys: claims as `ns/name` (`syncClaim`), volumes as their name
 * (`syncVolume`). See README.md for upstream links and differences.
 */
export const persistentVolumeController: Controller = {
  name: 'persistentvolume-binder',
  actor: 'controller:persistentvolume-binder',
  primaryKind: 'PersistentVolumeClaim',
  keysFor: persistentVolumeKeysFor,
  resyncKeys: (s) => [
    ...listObjects<PersistentVolume>(s, 'PersistentVolume').map((v) => v.metadata.name ?? ''),
    ...listObjects<PersistentVolumeClaim>(s, 'PersistentVolumeClaim').map(nsNameOf),
  ],
  reconcile: (s, key, ctx) => {
    if (!key.includes('/')) {
      const v = getObject<PersistentVolume>(s, 'PersistentVolume', undefined, key)
      return v === undefined ? NO_CHANGE : reconcileVolume(s, v, ctx.nowMs)
    }
    const { namespace, name } = splitNsName(key)
    const c = getObject<PersistentVolumeClaim>(s, 'PersistentVolumeClaim', namespace, name)
    return c === undefined ? NO_CHANGE : reconcileClaim(s, c, ctx.nowMs)
  },
}
