/**
 * The top-level kinds Reel reads from protobuf bodies, as proto2 text written for Reel with upstream's
 * field numbers (k8s.io/api core/v1, apps/v1, batch/v1, autoscaling/v1 `generated.proto`, release
 * 1.32). These are the kinds kubectl 1.32's typed commands send as protobuf: `create deployment|service
 * |job|cronjob|namespace|configmap|secret|serviceaccount`, `autoscale` (and Pod and Scale, for typed clients).
 * Statuses are empty messages: a request's status is ignored, but Go writes it as `{}`.
 * Field options: see `metaProto.ts`.
 */
export const CORE_KINDS_PROTO = `
syntax = "proto2";
package k8s.io.api.core.v1;

message NamespaceSpec {
  repeated string finalizers = 1;
}
message NamespaceStatus {}
message Namespace {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional NamespaceSpec spec = 2;
  optional NamespaceStatus status = 3;
}
message ServicePort {
  optional string name = 1;
  optional string protocol = 2;
  optional string appProtocol = 6 [(zero) = true];
  optional int32 port = 3 [(zero) = true];
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString targetPort = 4;
  optional int32 nodePort = 5;
}
message ClientIPConfig {
  optional int32 timeoutSeconds = 1 [(zero) = true];
}
message SessionAffinityConfig {
  optional ClientIPConfig clientIP = 1;
}
message ServiceSpec {
  repeated ServicePort ports = 1;
  map<string, string> selector = 2;
  optional string clusterIP = 3;
  repeated string clusterIPs = 18;
  optional string type = 4;
  repeated string externalIPs = 5;
  optional string sessionAffinity = 7;
  optional string loadBalancerIP = 8;
  repeated string loadBalancerSourceRanges = 9;
  optional string externalName = 10;
  optional string externalTrafficPolicy = 11;
  optional int32 healthCheckNodePort = 12;
  optional bool publishNotReadyAddresses = 13;
  optional SessionAffinityConfig sessionAffinityConfig = 14;
  repeated string ipFamilies = 19;
  optional string ipFamilyPolicy = 17 [(zero) = true];
  optional bool allocateLoadBalancerNodePorts = 20 [(zero) = true];
  optional string loadBalancerClass = 21 [(zero) = true];
  optional string internalTrafficPolicy = 22 [(zero) = true];
  optional string trafficDistribution = 23 [(zero) = true];
}
message ServiceStatus {}
message Service {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional ServiceSpec spec = 2;
  optional ServiceStatus status = 3;
}
message ConfigMap {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional bool immutable = 4 [(zero) = true];
  map<string, string> data = 2;
  map<string, bytes> binaryData = 3;
}
message Secret {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional bool immutable = 5 [(zero) = true];
  map<string, bytes> data = 2;
  map<string, string> stringData = 4;
  optional string type = 3;
}
message ObjectReference {
  optional string kind = 1;
  optional string namespace = 2;
  optional string name = 3;
  optional string uid = 4;
  optional string apiVersion = 5;
  optional string resourceVersion = 6;
  optional string fieldPath = 7;
}
message ServiceAccount {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  repeated ObjectReference secrets = 2;
  repeated LocalObjectReference imagePullSecrets = 3;
  optional bool automountServiceAccountToken = 4 [(zero) = true];
}
message PodStatus {}
message Pod {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional PodSpec spec = 2;
  optional PodStatus status = 3;
}
`

/** apps/v1 Deployment. */
export const APPS_PROTO = `
syntax = "proto2";
package k8s.io.api.apps.v1;

message RollingUpdateDeployment {
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxUnavailable = 1 [(zero) = true];
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString maxSurge = 2 [(zero) = true];
}
message DeploymentStrategy {
  optional string type = 1;
  optional RollingUpdateDeployment rollingUpdate = 2;
}
message DeploymentSpec {
  optional int32 replicas = 1 [(zero) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 2;
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 3;
  optional DeploymentStrategy strategy = 4;
  optional int32 minReadySeconds = 5;
  optional int32 revisionHistoryLimit = 6 [(zero) = true];
  optional bool paused = 7;
  optional int32 progressDeadlineSeconds = 9 [(zero) = true];
}
message DeploymentStatus {}
message Deployment {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional DeploymentSpec spec = 2;
  optional DeploymentStatus status = 3;
}
`

/** batch/v1 Job and CronJob. */
export const BATCH_PROTO = `
syntax = "proto2";
package k8s.io.api.batch.v1;

message JobSpec {
  optional int32 parallelism = 1 [(zero) = true];
  optional int32 completions = 2 [(zero) = true];
  optional int64 activeDeadlineSeconds = 3 [(zero) = true];
  optional int32 backoffLimit = 7 [(zero) = true];
  optional int32 backoffLimitPerIndex = 12 [(zero) = true];
  optional int32 maxFailedIndexes = 13 [(zero) = true];
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector selector = 4;
  optional bool manualSelector = 5 [(zero) = true];
  optional .k8s.io.api.core.v1.PodTemplateSpec template = 6;
  optional int32 ttlSecondsAfterFinished = 8 [(zero) = true];
  optional string completionMode = 9 [(zero) = true];
  optional bool suspend = 10 [(zero) = true];
  optional string podReplacementPolicy = 14 [(zero) = true];
  optional string managedBy = 15 [(zero) = true];
}
message JobStatus {}
message Job {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional JobSpec spec = 2;
  optional JobStatus status = 3;
}
message JobTemplateSpec {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional JobSpec spec = 2;
}
message CronJobSpec {
  optional string schedule = 1 [(zero) = true];
  optional string timeZone = 8 [(zero) = true];
  optional int64 startingDeadlineSeconds = 2 [(zero) = true];
  optional string concurrencyPolicy = 3;
  optional bool suspend = 4 [(zero) = true];
  optional JobTemplateSpec jobTemplate = 5;
  optional int32 successfulJobsHistoryLimit = 6 [(zero) = true];
  optional int32 failedJobsHistoryLimit = 7 [(zero) = true];
}
message CronJobStatus {}
message CronJob {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional CronJobSpec spec = 2;
  optional CronJobStatus status = 3;
}
`

/**
 * autoscaling/v1 HorizontalPodAutoscaler (what `kubectl autoscale` sends) and Scale (a typed client's
 * `UpdateScale`). Scale's `spec.replicas` keeps 0, which is what Go reads an absent one as.
 */
export const AUTOSCALING_PROTO = `
syntax = "proto2";
package k8s.io.api.autoscaling.v1;

message CrossVersionObjectReference {
  optional string kind = 1 [(zero) = true];
  optional string name = 2 [(zero) = true];
  optional string apiVersion = 3;
}
message HorizontalPodAutoscalerSpec {
  optional CrossVersionObjectReference scaleTargetRef = 1;
  optional int32 minReplicas = 2 [(zero) = true];
  optional int32 maxReplicas = 3 [(zero) = true];
  optional int32 targetCPUUtilizationPercentage = 4 [(zero) = true];
}
message HorizontalPodAutoscalerStatus {}
message ScaleSpec {
  optional int32 replicas = 1 [(zero) = true];
}
message ScaleStatus {
  optional int32 replicas = 1 [(zero) = true];
  optional string selector = 2;
}
message Scale {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional ScaleSpec spec = 2;
  optional ScaleStatus status = 3;
}
message HorizontalPodAutoscaler {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional HorizontalPodAutoscalerSpec spec = 2;
  optional HorizontalPodAutoscalerStatus status = 3;
}
`

/** policy/v1 Eviction: what `kubectl drain` POSTs to `pods/<name>/eviction`. */
export const POLICY_PROTO = `
syntax = "proto2";
package k8s.io.api.policy.v1;

message Eviction {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions deleteOptions = 2;
}
`
