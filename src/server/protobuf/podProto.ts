/**
 * core/v1 PodTemplateSpec and everything a pod spec holds that `kubectl create`/`run` or a typical
 * manifest sets, as proto2 text written for Reel with upstream's field numbers (k8s.io/api core/v1
 * `generated.proto`, release 1.32). Field options: see `metaProto.ts`. Messages and fields not listed
 * (affinity, topology spread, ephemeral containers, most volume sources, …) are skipped by protobuf.
 */
export const POD_PROTO = `
syntax = "proto2";
package k8s.io.api.core.v1;

message LocalObjectReference {
  optional string name = 1;
}
message ObjectFieldSelector {
  optional string apiVersion = 1;
  optional string fieldPath = 2 [(zero) = true];
}
message ResourceFieldSelector {
  optional string containerName = 1;
  optional string resource = 2 [(zero) = true];
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity divisor = 3;
}
message ConfigMapKeySelector {
  optional LocalObjectReference localObjectReference = 1 [(inline) = true];
  optional string key = 2 [(zero) = true];
  optional bool optional = 3 [(zero) = true];
}
message SecretKeySelector {
  optional LocalObjectReference localObjectReference = 1 [(inline) = true];
  optional string key = 2 [(zero) = true];
  optional bool optional = 3 [(zero) = true];
}
message EnvVarSource {
  optional ObjectFieldSelector fieldRef = 1;
  optional ResourceFieldSelector resourceFieldRef = 2;
  optional ConfigMapKeySelector configMapKeyRef = 3;
  optional SecretKeySelector secretKeyRef = 4;
}
message EnvVar {
  optional string name = 1 [(zero) = true];
  optional string value = 2;
  optional EnvVarSource valueFrom = 3;
}
message ConfigMapEnvSource {
  optional LocalObjectReference localObjectReference = 1 [(inline) = true];
  optional bool optional = 2 [(zero) = true];
}
message SecretEnvSource {
  optional LocalObjectReference localObjectReference = 1 [(inline) = true];
  optional bool optional = 2 [(zero) = true];
}
message EnvFromSource {
  optional string prefix = 1;
  optional ConfigMapEnvSource configMapRef = 2;
  optional SecretEnvSource secretRef = 3;
}
message ContainerPort {
  optional string name = 1;
  optional int32 hostPort = 2;
  optional int32 containerPort = 3 [(zero) = true];
  optional string protocol = 4;
  optional string hostIP = 5;
}
message ResourceClaim {
  optional string name = 1 [(zero) = true];
  optional string request = 2;
}
message ResourceRequirements {
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> limits = 1;
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> requests = 2;
  repeated ResourceClaim claims = 3;
}
message ContainerResizePolicy {
  optional string resourceName = 1 [(zero) = true];
  optional string restartPolicy = 2 [(zero) = true];
}
message VolumeMount {
  optional string name = 1 [(zero) = true];
  optional bool readOnly = 2;
  optional string recursiveReadOnly = 7 [(zero) = true];
  optional string mountPath = 3 [(zero) = true];
  optional string subPath = 4;
  optional string mountPropagation = 5 [(zero) = true];
  optional string subPathExpr = 6;
}
message ExecAction {
  repeated string command = 1;
}
message HTTPHeader {
  optional string name = 1 [(zero) = true];
  optional string value = 2 [(zero) = true];
}
message HTTPGetAction {
  optional string path = 1;
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString port = 2 [(zero) = true];
  optional string host = 3;
  optional string scheme = 4;
  repeated HTTPHeader httpHeaders = 5;
}
message TCPSocketAction {
  optional .k8s.io.apimachinery.pkg.util.intstr.IntOrString port = 1 [(zero) = true];
  optional string host = 2;
}
message GRPCAction {
  optional int32 port = 1 [(zero) = true];
  optional string service = 2 [(zero) = true];
}
message SleepAction {
  optional int64 seconds = 1 [(zero) = true];
}
message ProbeHandler {
  optional ExecAction exec = 1;
  optional HTTPGetAction httpGet = 2;
  optional TCPSocketAction tcpSocket = 3;
  optional GRPCAction grpc = 4;
}
message Probe {
  optional ProbeHandler handler = 1 [(inline) = true];
  optional int32 initialDelaySeconds = 2;
  optional int32 timeoutSeconds = 3;
  optional int32 periodSeconds = 4;
  optional int32 successThreshold = 5;
  optional int32 failureThreshold = 6;
  optional int64 terminationGracePeriodSeconds = 7 [(zero) = true];
}
message LifecycleHandler {
  optional ExecAction exec = 1;
  optional HTTPGetAction httpGet = 2;
  optional TCPSocketAction tcpSocket = 3;
  optional SleepAction sleep = 4;
}
message Lifecycle {
  optional LifecycleHandler postStart = 1;
  optional LifecycleHandler preStop = 2;
}
message Capabilities {
  repeated string add = 1;
  repeated string drop = 2;
}
message SecurityContext {
  optional Capabilities capabilities = 1;
  optional bool privileged = 2 [(zero) = true];
  optional int64 runAsUser = 4 [(zero) = true];
  optional int64 runAsGroup = 8 [(zero) = true];
  optional bool runAsNonRoot = 5 [(zero) = true];
  optional bool readOnlyRootFilesystem = 6 [(zero) = true];
  optional bool allowPrivilegeEscalation = 7 [(zero) = true];
  optional string procMount = 9 [(zero) = true];
}
message Container {
  optional string name = 1 [(zero) = true];
  optional string image = 2;
  repeated string command = 3;
  repeated string args = 4;
  optional string workingDir = 5;
  repeated ContainerPort ports = 6;
  repeated EnvFromSource envFrom = 19;
  repeated EnvVar env = 7;
  optional ResourceRequirements resources = 8;
  repeated ContainerResizePolicy resizePolicy = 23;
  optional string restartPolicy = 24 [(zero) = true];
  repeated VolumeMount volumeMounts = 9;
  optional Probe livenessProbe = 10;
  optional Probe readinessProbe = 11;
  optional Probe startupProbe = 22;
  optional Lifecycle lifecycle = 12;
  optional string terminationMessagePath = 13;
  optional string terminationMessagePolicy = 20;
  optional string imagePullPolicy = 14;
  optional SecurityContext securityContext = 15;
  optional bool stdin = 16;
  optional bool stdinOnce = 17;
  optional bool tty = 18;
}
message KeyToPath {
  optional string key = 1 [(zero) = true];
  optional string path = 2 [(zero) = true];
  optional int32 mode = 3 [(zero) = true];
}
message HostPathVolumeSource {
  optional string path = 1 [(zero) = true];
  optional string type = 2 [(zero) = true];
}
message EmptyDirVolumeSource {
  optional string medium = 1;
  optional .k8s.io.apimachinery.pkg.api.resource.Quantity sizeLimit = 2;
}
message SecretVolumeSource {
  optional string secretName = 1;
  repeated KeyToPath items = 2;
  optional int32 defaultMode = 3 [(zero) = true];
  optional bool optional = 4 [(zero) = true];
}
message ConfigMapVolumeSource {
  optional LocalObjectReference localObjectReference = 1 [(inline) = true];
  repeated KeyToPath items = 2;
  optional int32 defaultMode = 3 [(zero) = true];
  optional bool optional = 4 [(zero) = true];
}
message PersistentVolumeClaimVolumeSource {
  optional string claimName = 1 [(zero) = true];
  optional bool readOnly = 2;
}
message VolumeSource {
  optional HostPathVolumeSource hostPath = 1;
  optional EmptyDirVolumeSource emptyDir = 2;
  optional SecretVolumeSource secret = 6;
  optional PersistentVolumeClaimVolumeSource persistentVolumeClaim = 10;
  optional ConfigMapVolumeSource configMap = 19;
}
message Volume {
  optional string name = 1 [(zero) = true];
  optional VolumeSource volumeSource = 2 [(inline) = true];
}
message PodSecurityContext {
  optional int64 runAsUser = 2 [(zero) = true];
  optional int64 runAsGroup = 6 [(zero) = true];
  optional bool runAsNonRoot = 3 [(zero) = true];
  repeated int64 supplementalGroups = 4;
  optional string supplementalGroupsPolicy = 12 [(zero) = true];
  optional int64 fsGroup = 5 [(zero) = true];
  optional string fsGroupChangePolicy = 9 [(zero) = true];
  optional string seLinuxChangePolicy = 13 [(zero) = true];
}
message Toleration {
  optional string key = 1;
  optional string operator = 2;
  optional string value = 3;
  optional string effect = 4;
  optional int64 tolerationSeconds = 5 [(zero) = true];
}
message PodSpec {
  repeated Volume volumes = 1;
  repeated Container initContainers = 20;
  repeated Container containers = 2;
  optional string restartPolicy = 3;
  optional int64 terminationGracePeriodSeconds = 4 [(zero) = true];
  optional int64 activeDeadlineSeconds = 5 [(zero) = true];
  optional string dnsPolicy = 6;
  map<string, string> nodeSelector = 7;
  optional string serviceAccountName = 8;
  optional string serviceAccount = 9;
  optional bool automountServiceAccountToken = 21 [(zero) = true];
  optional string nodeName = 10;
  optional bool hostNetwork = 11;
  optional bool hostPID = 12;
  optional bool hostIPC = 13;
  optional bool shareProcessNamespace = 27 [(zero) = true];
  optional PodSecurityContext securityContext = 14;
  repeated LocalObjectReference imagePullSecrets = 15;
  optional string hostname = 16;
  optional string subdomain = 17;
  optional string schedulerName = 19;
  repeated Toleration tolerations = 22;
  optional string priorityClassName = 24;
  optional int32 priority = 25 [(zero) = true];
  optional string runtimeClassName = 29 [(zero) = true];
  optional bool enableServiceLinks = 30 [(zero) = true];
  optional string preemptionPolicy = 31 [(zero) = true];
  map<string, .k8s.io.apimachinery.pkg.api.resource.Quantity> overhead = 32;
  optional bool setHostnameAsFQDN = 35 [(zero) = true];
  optional bool hostUsers = 37 [(zero) = true];
  optional ResourceRequirements resources = 40;
}
message PodTemplateSpec {
  optional .k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;
  optional PodSpec spec = 2;
}
`
