/** `pv.kubernetes.io/bind-completed` on a claim: its binding passed the initial setup. */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed'
/** `pv.kubernetes.io/bound-by-controller` on a PV or claim: the controller (not the user) set the link. */
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller'
/** `pv.kubernetes.io/provisioned-by` on a PV: the provisioner that created it. */
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by'
/** `volume.kubernetes.io/storage-provisioner` on a claim: the provisioner expected to provision it. */
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner'
/** The beta form, still written for older external provisioners. */
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner'
/** `volume.kubernetes.io/selected-node` on a claim: the node the scheduler chose (WaitForFirstConsumer). */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node'
/** The provisioner name of classes that cannot provision (static local volumes). */
export const NO_PROVISIONER = 'kubernetes.io/no-provisioner'
