import * as t from 'io-ts'
import { ObjectMeta } from './meta.js'
import { PodTemplateSpec } from './pod.js'
import { LabelSelector } from './selector.js'

const IntOrString = t.union([t.number, t.string])

const Condition = t.intersection([
  t.type({ type: t.string, status: t.string }),
  t.partial({ reason: t.string, message: t.string, lastUpdateTime: t.string, lastTransitionTime: t.string }),
])

export const ReplicaSetStatus = t.partial({
  replicas: t.number,
  fullyLabeledReplicas: t.number,
  readyReplicas: t.number,
  availableReplicas: t.number,
  terminatingReplicas: t.number,
  observedGeneration: t.number,
  conditions: t.array(Condition),
})
export type ReplicaSetStatus = t.TypeOf<typeof ReplicaSetStatus>

/** `apps/v1` ReplicaSet. */
export const ReplicaSet = t.intersection([
  t.type({
    apiVersion: t.string,
    kind: t.literal('ReplicaSet'),
    metadata: ObjectMeta,
    spec: t.intersection([
      t.type({ selector: LabelSelector }),
      t.partial({ replicas: t.number, minReadySeconds: t.number, template: PodTemplateSpec }),
    ]),
  }),
  t.partial({ status: ReplicaSetStatus }),
])
export type ReplicaSet = t.TypeOf<typeof ReplicaSet>

/** `v1` ReplicationController: the selector is an equality map. */
export const ReplicationController = t.intersection([
  t.type({
    apiVersion: t.string,
    kind: t.literal('ReplicationController'),
    metadata: ObjectMeta,
    spec: t.partial({
      replicas: t.number,
      minReadySeconds: t.number,
      selector: t.record(t.string, t.string),
      template: PodTemplateSpec,
    }),
  }),
  t.partial({ status: ReplicaSetStatus }),
])
export type ReplicationController = t.TypeOf<typeof ReplicationController>

export const DeploymentStrategy = t.partial({
  type: t.string,
  rollingUpdate: t.partial({ maxSurge: IntOrString, maxUnavailable: IntOrString }),
})

/** `apps/v1` Deployment. */
export const Deployment = t.intersection([
  t.type({
    apiVersion: t.string,
    kind: t.literal('Deployment'),
    metadata: ObjectMeta,
    spec: t.intersection([
      t.type({ template: PodTemplateSpec }),
      t.partial({
        selector: LabelSelector,
        replicas: t.number,
        minReadySeconds: t.number,
        strategy: DeploymentStrategy,
        revisionHistoryLimit: t.number,
        progressDeadlineSeconds: t.number,
        paused: t.boolean,
      }),
    ]),
  }),
  t.partial({
    status: t.partial({
      observedGeneration: t.number,
      replicas: t.number,
      updatedReplicas: t.number,
      readyReplicas: t.number,
      availableReplicas: t.number,
      unavailableReplicas: t.number,
      terminatingReplicas: t.number,
      collisionCount: t.number,
      conditions: t.array(Condition),
    }),
  }),
])
export type Deployment = t.TypeOf<typeof Deployment>

/** `apps/v1` StatefulSet and DaemonSet: only the shape the write path checks until their controllers land. */
export const StatefulSet = t.type({
  apiVersion: t.string,
  kind: t.literal('StatefulSet'),
  metadata: ObjectMeta,
  spec: t.intersection([t.type({ selector: LabelSelector, template: PodTemplateSpec }), t.partial({ replicas: t.number, serviceName: t.string })]),
})

export const DaemonSet = t.type({
  apiVersion: t.string,
  kind: t.literal('DaemonSet'),
  metadata: ObjectMeta,
  spec: t.type({ selector: LabelSelector, template: PodTemplateSpec }),
})
