import * as E from 'fp-ts/lib/Either.js'
import { LineCounter, parseAllDocuments } from 'yaml'
import type { KObject } from '../model/meta.js'

/** A manifest that could not be read: `file:line: message`, as a user wants to see it. */
export interface ManifestError {
  readonly _tag: 'ManifestError'
  readonly file: string
  readonly line: number | undefined
  readonly message: string
}

export const describeManifestError = (e: ManifestError): string =>
  `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.message}`

/** One object from a manifest, with where it came from for error messages. */
export interface SourcedObject {
  readonly object: KObject
  readonly file: string
  readonly line: number
}

const isKObject = (x: unknown): x is KObject =>
  typeof x === 'object' && x !== null && typeof (x as KObject).kind === 'string' && typeof (x as KObject).apiVersion === 'string'

/**
 * Parses multi-document YAML (or JSON, which is YAML) into objects. A `List` (`kind: List` or
 * `*List`) is flattened into its items, as kubectl does. Empty documents are skipped.
 */
export const parseManifests = (text: string, file: string): E.Either<ManifestError, SourcedObject[]> => {
  const lines = new LineCounter()
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false })
  const out: SourcedObject[] = []
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const err = doc.errors[0]
    if (err) return E.left({ _tag: 'ManifestError', file, line: lines.linePos(err.pos[0]).line, message: err.message.split('\n')[0]! })
    const value = doc.toJS() as unknown
    if (value === null || value === undefined) continue
    const line = doc.contents ? lines.linePos(doc.contents.range[0]).line : 1
    const items = isKObject(value) && value.kind.endsWith('List') && Array.isArray(value.items) ? (value.items as unknown[]) : [value]
    for (const item of items) {
      if (!isKObject(item)) {
        const missing = typeof (item as KObject)?.apiVersion !== 'string' ? 'apiVersion' : 'kind'
        return E.left({ _tag: 'ManifestError', file, line, message: `Object 'Kind' is missing or invalid: ${missing} not set` })
      }
      out.push({ object: item, file, line })
    }
  }
  return E.right(out)
}
