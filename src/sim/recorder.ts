import type { Command } from '../api/commands.js'
import { toTimestamp } from '../kernel/brand.js'
import { fnv1a32 } from '../kernel/hash.js'
import { type ClusterState, getObject } from '../state/clusterState.js'
import type { KObject } from '../model/meta.js'
import type { RecordedEvent } from '../controllers/controller.js'

/** The `source.component` upstream's controllers report (`replicaset-controller`, …). */
const componentOf = (controllerName: string): string =>
  controllerName === 'replicationcontroller'
    ? 'replication-controller'
    : controllerName === 'scheduler'
      ? 'default-scheduler'
      : controllerName === 'kubelet'
        ? 'kubelet'
        : controllerName === 'persistentvolume-binder'
          ? 'persistentvolume-controller'
          : controllerName === 'node-lifecycle'
            ? 'node-controller'
            : controllerName === 'horizontalpodautoscaling'
              ? 'horizontal-pod-autoscaler'
            : `${controllerName}-controller`

/**
 * The name of the Event for one (object, source, type, reason, message): `<object>.<16 hex digits>` of a
 * hash of those. Upstream's recorder aggregates repeats of the same event into one object (`count`,
 * `lastTimestamp`) through an in-memory cache; a name derived from the same key gives Reel that
 * aggregation with one lookup and no memory.
 */
const eventName = (about: KObject, component: string, type: string, reason: string, message: string): string => {
  const key = `${about.metadata.uid ?? ''}\u0000${component}\u0000${type}\u0000${reason}\u0000${message}`
  const hex = (n: number) => n.toString(16).padStart(8, '0')
  return `${about.metadata.name ?? ''}.${hex(fnv1a32(key))}${hex(fnv1a32(key, 0x9747b28c))}`
}

/**
 * The write that records an Event (`core/v1`) for a controller's successful command — upstream's
 * `record.EventRecorder`: a new Event, or the existing one for the same object, reason and message with
 * `count` + 1 and a new `lastTimestamp`.
 */
export const eventObjectFor = (
  record: RecordedEvent,
  stored: KObject,
  controllerName: string,
  state: ClusterState,
  atMs: number,
  involvedObject: KObject | undefined,
): Command => {
  const about = involvedObject ?? stored
  const ns = about.metadata.namespace ?? 'default'
  const ts = toTimestamp(atMs)
  const component = componentOf(controllerName)
  const message = record.message.replace('{name}', stored.metadata.name ?? '')
  const name = eventName(about, component, record.type, record.reason, message)
  const existing = getObject(state, 'Event', ns, name) as (KObject & { count?: number }) | undefined
  if (existing) return { verb: 'update', object: { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: ts } }
  return {
    verb: 'create',
    object: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        apiVersion: about.apiVersion,
        kind: about.kind,
        namespace: ns,
        name: about.metadata.name ?? '',
        uid: about.metadata.uid ?? '',
        resourceVersion: about.metadata.resourceVersion ?? '',
      },
      reason: record.reason,
      message,
      source: { component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type: record.type,
      eventTime: null,
      reportingComponent: component,
      reportingInstance: '',
    },
  }
}
