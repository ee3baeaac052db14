/**
 * The apimachinery messages kubectl's protobuf bodies are built from, as proto2 text written for Reel
 * with upstream's field numbers (k8s.io/apimachinery pkg/runtime, pkg/apis/meta/v1, pkg/util/intstr,
 * pkg/api/resource `generated.proto`, release 1.32). Only the fields a request body carries are listed;
 * protobuf skips the others (managedFields, for one).
 *
 * Two custom field options say how Go would write the field as JSON (see `toJson.ts`):
 * - `(zero)`: a zero value is kept (a Go pointer, or a field without `omitempty`);
 * - `(inline)`: the message is an embedded Go struct, so its fields join the parent's.
 */
export const META_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.runtime;

message TypeMeta {
  optional string apiVersion = 1;
  optional string kind = 2;
}
message Unknown {
  optional TypeMeta typeMeta = 1;
  optional bytes raw = 2;
  optional string contentEncoding = 3;
  optional string contentType = 4;
}
`

/** meta/v1: ObjectMeta and what it holds, LabelSelector, Time. */
export const META_V1_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.apis.meta.v1;

message Time {
  optional int64 seconds = 1;
  optional int32 nanos = 2;
}
message OwnerReference {
  optional string apiVersion = 5 [(zero) = true];
  optional string kind = 1 [(zero) = true];
  optional string name = 3 [(zero) = true];
  optional string uid = 4 [(zero) = true];
  optional bool controller = 6 [(zero) = true];
  optional bool blockOwnerDeletion = 7 [(zero) = true];
}
message ObjectMeta {
  optional string name = 1;
  optional string generateName = 2;
  optional string namespace = 3;
  optional string selfLink = 4;
  optional string uid = 5;
  optional string resourceVersion = 6;
  optional int64 generation = 7;
  optional Time creationTimestamp = 8;
  optional Time deletionTimestamp = 9;
  optional int64 deletionGracePeriodSeconds = 10 [(zero) = true];
  map<string, string> labels = 11;
  map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13;
  repeated string finalizers = 14;
}
message LabelSelectorRequirement {
  optional string key = 1 [(zero) = true];
  optional string operator = 2 [(zero) = true];
  repeated string values = 3;
}
message LabelSelector {
  map<string, string> matchLabels = 1;
  repeated LabelSelectorRequirement matchExpressions = 2;
}
message Preconditions {
  optional string uid = 1;
  optional string resourceVersion = 2;
}
message DeleteOptions {
  optional int64 gracePeriodSeconds = 1 [(zero) = true];
  optional Preconditions preconditions = 2;
  optional bool orphanDependents = 3 [(zero) = true];
  optional string propagationPolicy = 4;
  repeated string dryRun = 5;
}
`

/** util/intstr IntOrString and api/resource Quantity: written as a number or string, and a string. */
export const SCALARS_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.util.intstr;
message IntOrString {
  optional int64 type = 1;
  optional int32 intVal = 2;
  optional string strVal = 3;
}
`

export const QUANTITY_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.api.resource;
message Quantity {
  optional string string = 1;
}
`
