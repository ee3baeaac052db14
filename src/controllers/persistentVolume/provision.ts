import { claimClassOf, type PersistentVolumeClaim, type StorageClass } from '../../api/kinds/storage.js'
import type { KObject } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'
import type { ControllerCommand } from '../controller.js'
import { ANN_BETA_STORAGE_PROVISIONER, ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, NO_PROVISIONER } from './annotations.js'
import { claimRefOf } from './bind.js'
import { selectClaimUsers } from './claimUsers.js'
import { normal, recordOnce, unversioned, warning } from './writes.js'

/** The StorageClass a claim names, if it exists. */
export const classOfClaim = (s: ClusterState, c: PersistentVolumeClaim): StorageClass | undefined => {
  const name = claimClassOf(c)
  return name === '' ? undefined : getObject<StorageClass>(s, 'StorageClass', undefined, name)
}

/** `IsDelayBindingMode`: the claim's class exists and binds WaitForFirstConsumer. */
export const isDelayBindingMode = (s: ClusterState, c: PersistentVolumeClaim): boolean =>
  classOfClaim(s, c)?.volumeBindingMode === 'WaitForFirstConsumer'

/**
 * Whether the claim's first consumer was scheduled: upstream's `volume.kubernetes.io/selected-node`
 * annotation, or (since Reel's scheduler does not write it yet) a scheduled, non-terminated pod using it.
 */
export const isConsumed = (s: ClusterState, c: PersistentVolumeClaim): boolean =>
  c.metadata.annotations?.[ANN_SELECTED_NODE] !== undefined ||
  selectClaimUsers(s, c.metadata.namespace ?? 'default', c.metadata.name ?? '').some((p: Pod) => Boolean(p.spec.nodeName))

/** `emitEventForUnboundDelayBindingClaim`: WaitForPodScheduled when unscheduled pods use it, else WaitForFirstConsumer. */
export const waitForConsumer = (s: ClusterState, c: PersistentVolumeClaim): ControllerCommand[] => {
  const waiting = selectClaimUsers(s, c.metadata.namespace ?? 'default', c.metadata.name ?? '')
    .filter((p) => !p.spec.nodeName)
    .map((p) => p.metadata.name ?? '')
  if (waiting.length === 0) return recordOnce(s, c, normal('WaitForFirstConsumer', 'waiting for first consumer to be created before binding'))
  const message = waiting.length > 1 ? `waiting for pods ${waiting.join(',')} to be scheduled` : `waiting for pod ${waiting[0]!} to be scheduled`
  return recordOnce(s, c, normal('WaitForPodScheduled', message))
}

/** The PV name upstream's provisioners use: `pvc-<claim uid>`. */
export const provisionedVolumeName = (c: PersistentVolumeClaim): string => `pvc-${c.metadata.uid ?? ''}`

/** The PV a simulated external provisioner creates for the claim: pre-bound, the class's reclaim policy. */
export const provisionedVolume = (c: PersistentVolumeClaim, sc: StorageClass): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: provisionedVolumeName(c), annotations: { [ANN_PROVISIONED_BY]: sc.provisioner } },
  spec: {
    accessModes: [...(c.spec.accessModes ?? [])],
    capacity: { storage: c.spec.resources?.requests?.storage ?? '0' },
    claimRef: claimRefOf(c),
    persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
    storageClassName: sc.metadata.name ?? '',
    volumeMode: c.spec.volumeMode ?? 'Filesystem',
    ...(sc.mountOptions !== undefined ? { mountOptions: [...sc.mountOptions] } : {}),
    csi: { driver: sc.provisioner, volumeHandle: provisionedVolumeName(c) },
  },
})

const externalMessage = (provisioner: string): string =>
  `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`

/**
 * The simulated external provisioner (sig-storage-lib-external-provisioner): a claim annotated for it,
 * not yet named a volume, and (WaitForFirstConsumer) consumed gets a PV `pvc-<uid>`, once.
 */
const runProvisioner = (s: ClusterState, c: PersistentVolumeClaim, sc: StorageClass): ControllerCommand[] => {
  if (getObject(s, 'PersistentVolume', undefined, provisionedVolumeName(c)) !== undefined) return []
  if (sc.volumeBindingMode === 'WaitForFirstConsumer' && !isConsumed(s, c)) return []
  const actor = `provisioner:${sc.provisioner}`
  const key = `${c.metadata.namespace ?? 'default'}/${c.metadata.name ?? ''}`
  const involved = { kind: 'PersistentVolumeClaim', namespace: c.metadata.namespace ?? 'default', name: c.metadata.name ?? '' }
  return [
    ...recordOnce(s, c, normal('Provisioning', `External provisioner is provisioning volume for claim "${key}"`)).map((x) => ({ ...x, actor })),
    {
      verb: 'create',
      object: provisionedVolume(c, sc),
      actor,
      record: { ...normal('ProvisioningSucceeded', `Successfully provisioned volume ${provisionedVolumeName(c)}`), involved },
    },
  ]
}

/**
 * Mirrors upstream `provisionClaim` for a claim with a class and no matching PV: a missing class or
 * one that cannot provision is a ProvisioningFailed warning; otherwise the claim is annotated with
 * the provisioner (ExternalProvisioning), and the simulated provisioner then creates the volume.
 */
export const provisionClaim = (s: ClusterState, c: PersistentVolumeClaim): ControllerCommand[] => {
  const name = claimClassOf(c)
  const sc = classOfClaim(s, c)
  if (sc === undefined) return recordOnce(s, c, warning('ProvisioningFailed', `storageclass.storage.k8s.io "${name}" not found`))
  if (sc.provisioner === NO_PROVISIONER)
    return recordOnce(s, c, warning('ProvisioningFailed', `no volume plugin matched name: ${NO_PROVISIONER}`))
  const ann = c.metadata.annotations ?? {}
  if (ann[ANN_STORAGE_PROVISIONER] !== sc.provisioner || ann[ANN_BETA_STORAGE_PROVISIONER] !== sc.provisioner) {
    const annotations = { ...ann, [ANN_BETA_STORAGE_PROVISIONER]: sc.provisioner, [ANN_STORAGE_PROVISIONER]: sc.provisioner }
    const object = unversioned({ ...c, metadata: { ...c.metadata, annotations } })
    return [{ verb: 'update', object, record: normal('ExternalProvisioning', externalMessage(sc.provisioner)) }]
  }
  return runProvisioner(s, c, sc)
}
