import { expect } from 'vitest'
import type { ReadMap } from '../../src/kernel/cowMap.js'
import { diffStates, isEmptyDiff, renderDiff } from '../../src/history/diff.js'
import type { ClusterState } from '../../src/state/clusterState.js'

const sortedIndex = (m: ReadMap<ReadonlySet<string>>): [string, string[]][] =>
  [...m.entries()].map(([k, v]): [string, string[]] => [k, [...v].sort()]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/**
 * Everything a state holds as plain sorted data: the objects byte for byte (resourceVersion included)
 * and every index, so two states compare equal only when no reader could tell them apart.
 */
export const fingerprint = (s: ClusterState) => ({
  seq: s.seq,
  atMs: s.atMs,
  seed: s.seed,
  cluster: s.cluster,
  objects: [...s.objects.entries()].map(([k, o]) => `${k} ${JSON.stringify(o)}`).sort(),
  byKindNs: sortedIndex(s.byKindNs),
  byOwner: sortedIndex(s.byOwner),
  byNode: sortedIndex(s.byNode),
  byUid: [...s.byUid.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  sizes: [s.objects.size, s.byKindNs.size, s.byOwner.size, s.byNode.size, s.byUid.size],
})

/** Asserts `actual` is the same state as `expected`: an empty `diffStates`, equal seq/atMs, equal fingerprint. */
export const expectSameState = (actual: ClusterState, expected: ClusterState, what: string): void => {
  const diff = diffStates(expected, actual)
  expect(isEmptyDiff(diff), `${what}: state differs\n${renderDiff(diff).join('\n')}`).toBe(true)
  expect({ seq: actual.seq, atMs: actual.atMs }, `${what}: seq/atMs`).toEqual({ seq: expected.seq, atMs: expected.atMs })
  expect(fingerprint(actual), `${what}: objects or indexes`).toEqual(fingerprint(expected))
}
