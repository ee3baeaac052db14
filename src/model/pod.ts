import * as t from 'io-ts'
import { ObjectMeta } from './meta.js'

// ---- codecs: the fields Reel reads; unknown fields are kept as sent.

const IntOrString = t.union([t.number, t.string])

export const Probe = t.partial({
  initialDelaySeconds: t.number,
  periodSeconds: t.number,
  timeoutSeconds: t.number,
  successThreshold: t.number,
  failureThreshold: t.number,
  httpGet: t.partial({ path: t.string, port: IntOrString }),
  tcpSocket: t.partial({ port: IntOrString }),
  exec: t.partial({ command: t.array(t.string) }),
})
export type Probe = t.TypeOf<typeof Probe>

export const ResourceRequirements = t.partial({
  requests: t.record(t.string, IntOrString),
  limits: t.record(t.string, IntOrString),
})

export const Container = t.intersection([
  t.type({ name: t.string, image: t.string }),
  t.partial({
    imagePullPolicy: t.string,
    command: t.array(t.string),
    args: t.array(t.string),
    ports: t.array(t.intersection([t.type({ containerPort: t.number }), t.partial({ name: t.string, protocol: t.string })])),
    env: t.array(t.intersection([t.type({ name: t.string }), t.partial({ value: t.string })])),
    resources: ResourceRequirements,
    readinessProbe: Probe,
    livenessProbe: Probe,
    startupProbe: Probe,
    volumeMounts: t.array(t.type({ name: t.string, mountPath: t.string })),
  }),
])
export type Container = t.TypeOf<typeof Container>

export const Toleration = t.partial({
  key: t.string,
  operator: t.string,
  value: t.string,
  effect: t.string,
  tolerationSeconds: t.number,
})
export type Toleration = t.TypeOf<typeof Toleration>

export const Volume = t.intersection([t.type({ name: t.string }), t.record(t.string, t.unknown)])

export const PodSpec = t.intersection([
  t.type({ containers: t.array(Container) }),
  t.partial({
    initContainers: t.array(Container),
    restartPolicy: t.string,
    terminationGracePeriodSeconds: t.number,
    activeDeadlineSeconds: t.number,
    nodeName: t.string,
    nodeSelector: t.record(t.string, t.string),
    affinity: t.UnknownRecord,
    tolerations: t.array(Toleration),
    volumes: t.array(Volume),
    hostname: t.string,
    subdomain: t.string,
    schedulerName: t.string,
    serviceAccountName: t.string,
    dnsPolicy: t.string,
  }),
])
export type PodSpec = t.TypeOf<typeof PodSpec>

export const PodCondition = t.intersection([
  t.type({ type: t.string, status: t.string }),
  t.partial({ lastTransitionTime: t.string, lastProbeTime: t.union([t.string, t.null]), reason: t.string, message: t.string }),
])
export type PodCondition = t.TypeOf<typeof PodCondition>

export const ContainerStatus = t.intersection([
  t.type({ name: t.string, ready: t.boolean, restartCount: t.number }),
  t.partial({ image: t.string, imageID: t.string, started: t.boolean, state: t.UnknownRecord, lastState: t.UnknownRecord }),
])

export const PodStatus = t.partial({
  phase: t.string,
  conditions: t.array(PodCondition),
  containerStatuses: t.array(ContainerStatus),
  podIP: t.string,
  hostIP: t.string,
  startTime: t.string,
  reason: t.string,
  message: t.string,
})
export type PodStatus = t.TypeOf<typeof PodStatus>

export const PodTemplateSpec = t.intersection([t.type({ spec: PodSpec }), t.partial({ metadata: ObjectMeta })])
export type PodTemplateSpec = t.TypeOf<typeof PodTemplateSpec>

export const Pod = t.intersection([
  t.type({ apiVersion: t.string, kind: t.literal('Pod'), metadata: ObjectMeta, spec: PodSpec }),
  t.partial({ status: PodStatus }),
])
export type Pod = t.TypeOf<typeof Pod>

// ---- selectors

/** The pod's condition of the given type, if any. */
export const podCondition = (p: Pod, type: string): PodCondition | undefined =>
  p.status?.conditions?.find((c) => c.type === type)

/** Ready means the `Ready` condition is `True` (`podutil.IsPodReady`). */
export const isPodReady = (p: Pod): boolean => podCondition(p, 'Ready')?.status === 'True'

/** A pod counts as active until it is terminal or being deleted (`controller.IsPodActive`). */
export const isPodActive = (p: Pod): boolean =>
  p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && p.metadata.deletionTimestamp === undefined

/** The pod's QoS class: BestEffort without requests or limits, Guaranteed when every container's cpu and memory requests equal their limits, else Burstable. */
export const qosClassOf = (p: { spec: PodSpec }): string => {
  const cs = p.spec.containers
  const any = cs.some((c) => Object.keys(c.resources?.requests ?? {}).length + Object.keys(c.resources?.limits ?? {}).length > 0)
  if (!any) return 'BestEffort'
  const guaranteed = cs.every((c) =>
    ['cpu', 'memory'].every(
      (r) => c.resources?.limits?.[r] !== undefined && String(c.resources?.requests?.[r] ?? c.resources?.limits?.[r]) === String(c.resources?.limits?.[r]),
    ),
  )
  return guaranteed ? 'Guaranteed' : 'Burstable'
}
