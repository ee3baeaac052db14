import type { Event, ObjectEvent } from '../../src/log/events.js'
import type { LogMeta } from '../../src/ports/eventLog.js'

/** The meta record the contract suites initialize logs with. */
export const testMeta: LogMeta = { formatVersion: 1, seed: 42, createdWith: 'reel-test' }

/** An object event about the Pod `default/<name>`, written by `user:test` at `seq * 10` ms. */
export const podEvent = (
  seq: number,
  name: string,
  type: ObjectEvent['type'] = 'object/created',
  labels?: Readonly<Record<string, string>>,
): Event => ({
  seq,
  at: seq * 10,
  type,
  v: 1,
  actor: 'user:test',
  data: {
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'default',
        uid: `u${seq}`,
        resourceVersion: String(seq),
        ...(labels === undefined ? {} : { labels: { ...labels } }),
      },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    },
  },
})

/** A `clock/advanced` event (not an object event, so it is in no object's history). */
export const clockEvent = (seq: number, byMs = 1000): Event => ({
  seq,
  at: seq * 10,
  type: 'clock/advanced',
  v: 1,
  actor: 'clock',
  data: { byMs },
})

/** `count` pod-created events numbered from `from`, the pod named by `nameOf(seq)`. */
export const podEvents = (from: number, count: number, nameOf: (seq: number) => string = (s) => `pod-${s}`): Event[] =>
  Array.from({ length: count }, (_, i) => podEvent(from + i, nameOf(from + i)))
