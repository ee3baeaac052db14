import type { Command } from '../api/commands.js'
import { toTimestamp } from '../kernel/brand.js'
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
        : `${controllerName}-controller`

/**
 * The Event object (`core/v1`) a controller records when its command succeeded — upstream's
 * `record.EventRecorder`. Named `<object>.<seq in hex>` so that names are unique and deterministic.
 */
export const eventObjectFor = (
  record: RecordedEvent,
  stored: KObject,
  controllerName: string,
  seq: number,
  atMs: number,
  involvedObject: KObject | undefined,
): Command => {
  const about = involvedObject ?? stored
  const ns = about.metadata.namespace ?? 'default'
  const ts = toTimestamp(atMs)
  const component = componentOf(controllerName)
  return {
    verb: 'create',
    object: {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${about.metadata.name ?? ''}.${seq.toString(16).padStart(16, '0')}`, namespace: ns },
      involvedObject: {
        apiVersion: about.apiVersion,
        kind: about.kind,
        namespace: ns,
        name: about.metadata.name ?? '',
        uid: about.metadata.uid ?? '',
        resourceVersion: about.metadata.resourceVersion ?? '',
      },
      reason: record.reason,
      message: record.message.replace('{name}', stored.metadata.name ?? ''),
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
