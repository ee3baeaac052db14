/** A change of the storage format (how records are stored), as opposed to an event schema upcaster. */
export interface FormatMigration {
  readonly id: string
  readonly fromFormat: number
  readonly toFormat: number
}

/**
 * Storage format 1 → 2: JSON text records (`<crc32 hex> <json>`, ~1.7 KB per pod event) → binary records
 * (0x02, CRC-32, MessagePack with the log's shared record structures, ~0.63 KB, decoding ~3× faster;
 * `src/log/recordCodec.ts`). No event changes: every record says which format it is in, so format-1
 * logs keep reading, and appending to one adds binary records after the JSON ones. `reel migrate --to
 * <dir>` rewrites a whole log into format 2 (and upcasts its events); the log digest (`reel hash`) is
 * over canonical event JSON, so it does not change with the format.
 */
export const binaryRecords: FormatMigration = { id: '0002-binary-records', fromFormat: 1, toFormat: 2 }
