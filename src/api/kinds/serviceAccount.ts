import type { KObject } from '../../model/meta.js'
import { forbidden, notFound, type Status } from '../../model/status.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'

/** The service account every pod runs as unless it names another (`serviceaccount.DefaultServiceAccountName`). */
export const DEFAULT_SERVICE_ACCOUNT = 'default'

/** The annotation that marks a kubelet's mirror of a static pod (`kubernetes.io/config.mirror`). */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror'

type Json = Record<string, unknown>

const PODS = { kind: 'Pod', plural: 'pods', group: '' }

/**
 * The name a pod-create refusal names, as admission's `extractResourceName`: admission runs before the
 * name is generated, so a pod with only `generateName` is named by its prefix, and one with neither is
 * `Unknown`.
 */
export const admissionNameOf = (pod: KObject): string => pod.metadata.name || pod.metadata.generateName || 'Unknown'

const refuse = (name: string, message: string): Status => forbidden({ ...PODS, name }, message)

/** The service account a pod asks for: `serviceAccountName`, else the deprecated alias `serviceAccount`. */
const requestedAccount = (spec: Json): string => {
  const name = spec.serviceAccountName
  if (typeof name === 'string' && name !== '') return name
  const alias = spec.serviceAccount
  return typeof alias === 'string' ? alias : ''
}

/**
 * Mirrors the ServiceAccount admission plugin (plugin/pkg/admission/serviceaccount `Admit` + `Validate`)
 * for a pod create: a pod without a service account runs as `default`; the named account must exist in
 * the pod's namespace, or the create is refused with 403 Forbidden (`pods "x" is forbidden: error looking
 * up service account ns/sa: serviceaccount "sa" not found`); a pod without image pull secrets gets the
 * account's. Both `serviceAccountName` and the deprecated `serviceAccount` are written, as the v1
 * conversion of the stored pod shows them. Mirror pods are left as they are but may not name an account.
 * The projected token volume (`kube-api-access-xxxxx`) is not added (see the controller's README).
 *
 * `name` is the name refusals show: pass the request's name (before generation) — see
 * {@link admissionNameOf}; it defaults to the pod's own.
 */
export const admitPodServiceAccount = (pod: KObject, state: ClusterState, name: string = admissionNameOf(pod)): KObject | Status => {
  const spec = (pod.spec as Json | undefined) ?? {}
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) {
    return requestedAccount(spec) === '' ? pod : refuse(name, 'a mirror pod may not reference service accounts')
  }
  const account = requestedAccount(spec) || DEFAULT_SERVICE_ACCOUNT
  const namespace = pod.metadata.namespace ?? 'default'
  const sa = getObject(state, 'ServiceAccount', namespace, account)
  if (sa === undefined) {
    const cause = notFound({ kind: 'ServiceAccount', plural: 'serviceaccount', group: '', name: account }).message ?? ''
    return refuse(name, `error looking up service account ${namespace}/${account}: ${cause}`)
  }
  const pullSecrets = (sa as Json).imagePullSecrets
  const inherit =
    (!Array.isArray(spec.imagePullSecrets) || spec.imagePullSecrets.length === 0) && Array.isArray(pullSecrets) && pullSecrets.length > 0
  return {
    ...pod,
    spec: {
      ...spec,
      serviceAccountName: account,
      serviceAccount: account,
      ...(inherit ? { imagePullSecrets: (pullSecrets as Json[]).map((s) => ({ name: s.name })) } : {}),
    },
  }
}
