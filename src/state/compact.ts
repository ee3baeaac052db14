import { internStrings } from '../kernel/intern.js'
import type { ClusterState } from './clusterState.js'

/**
 * Makes a state that will be kept (a replayed log's final state, an engine's starting state) cheaper to
 * hold: equal strings of its objects become one copy (`kernel/intern.ts`). Objects are values shared with
 * other states; swapping a string for an equal one is invisible to all of them. Returns `s`.
 */
export const compactState = (s: ClusterState): ClusterState => {
  for (const o of s.objects.values()) internStrings(o)
  return s
}
