import protobuf, { type Type } from 'protobufjs'
import { META_PROTO, META_V1_PROTO, QUANTITY_PROTO, SCALARS_PROTO } from './metaProto.js'
import { POD_PROTO } from './podProto.js'
import { APPS_PROTO, AUTOSCALING_PROTO, BATCH_PROTO, CORE_KINDS_PROTO, POLICY_PROTO } from './kindsProto.js'

/** The message types of every schema text, parsed once (keepCase: upstream's names are the JSON names). */
const ROOT = [META_PROTO, META_V1_PROTO, SCALARS_PROTO, QUANTITY_PROTO, POD_PROTO, CORE_KINDS_PROTO, APPS_PROTO, BATCH_PROTO, AUTOSCALING_PROTO, POLICY_PROTO].reduce(
  (root, text) => protobuf.parse(text, root, { keepCase: true }).root,
  new protobuf.Root(),
).resolveAll()

/** `runtime.Unknown`: the envelope after the `k8s\0` magic. */
export const UNKNOWN: Type = ROOT.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown')

/** Fully-qualified names of the messages the JSON writer treats specially. */
export const TIME = 'k8s.io.apimachinery.pkg.apis.meta.v1.Time'
export const INT_OR_STRING = 'k8s.io.apimachinery.pkg.util.intstr.IntOrString'
export const QUANTITY = 'k8s.io.apimachinery.pkg.api.resource.Quantity'

/** The message of each `apiVersion` + kind Reel reads as protobuf. */
const KINDS: Readonly<Record<string, string>> = {
  'v1 Namespace': 'k8s.io.api.core.v1.Namespace',
  'v1 Service': 'k8s.io.api.core.v1.Service',
  'v1 ConfigMap': 'k8s.io.api.core.v1.ConfigMap',
  'v1 Secret': 'k8s.io.api.core.v1.Secret',
  'v1 ServiceAccount': 'k8s.io.api.core.v1.ServiceAccount',
  'v1 Pod': 'k8s.io.api.core.v1.Pod',
  'apps/v1 Deployment': 'k8s.io.api.apps.v1.Deployment',
  'batch/v1 Job': 'k8s.io.api.batch.v1.Job',
  'batch/v1 CronJob': 'k8s.io.api.batch.v1.CronJob',
  'autoscaling/v1 HorizontalPodAutoscaler': 'k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler',
  'autoscaling/v1 Scale': 'k8s.io.api.autoscaling.v1.Scale',
  'policy/v1 Eviction': 'k8s.io.api.policy.v1.Eviction',
  'policy/v1beta1 Eviction': 'k8s.io.api.policy.v1.Eviction',
  // Options are registered in every group version (a typed client writes its own), so any apiVersion.
  '* DeleteOptions': 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions',
}

/** `Deployment (apps/v1)`, … — named in the 415 for any other kind. */
export const SUPPORTED_KINDS: readonly string[] = Object.keys(KINDS).map((k) => {
  const [apiVersion, kind] = k.split(' ')
  return apiVersion === '*' ? `${kind} (any group version)` : `${kind} (${apiVersion})`
})

/** The message type of an object's `apiVersion` and `kind`, if Reel has a schema for it. */
export const messageTypeOf = (apiVersion: string, kind: string): Type | undefined => {
  const name = KINDS[`${apiVersion} ${kind}`] ?? KINDS[`* ${kind}`]
  return name === undefined ? undefined : ROOT.lookupType(name)
}
