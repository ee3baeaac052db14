import type { Migration } from '../src/log/upcast.js'
import { runStartedClusterShape } from './0001-run-started-cluster-shape.js'
import { binaryRecords, type FormatMigration } from './0002-binary-records.js'

/**
 * Every upcaster, in the order they were written. Append only: a released migration is never edited,
 * because logs recorded before it must keep replaying to the same state (test/fixtures/).
 */
export const MIGRATIONS: readonly Migration[] = [runStartedClusterShape]

/** Storage format changes, in order; the last one's `toFormat` is the format new logs are written in. */
export const FORMAT_MIGRATIONS: readonly FormatMigration[] = [binaryRecords]
