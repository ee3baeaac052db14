import type { Migration } from '../src/log/upcast.js'
import { runStartedClusterShape } from './0001-run-started-cluster-shape.js'

/**
 * Every upcaster, in the order they were written. Append only: a released migration is never edited,
 * because logs recorded before it must keep replaying to the same state (test/fixtures/).
 */
export const MIGRATIONS: readonly Migration[] = [runStartedClusterShape]
