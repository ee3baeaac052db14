import * as E from 'fp-ts/lib/Either.js'
import { readFile } from 'node:fs/promises'
import { LineCounter, parseDocument } from 'yaml'
import { fieldPathOf } from '../api/decodeObject.js'
import { applyBehavior, DEFAULT_IMAGE_BEHAVIOR } from '../model/imageBehavior.js'
import { Scenario } from './scenario.js'
import type { ManifestError } from './manifests.js'

/** Reads and checks a scenario file; errors name the file, the line and the field path. */
export const loadScenario = async (file: string): Promise<E.Either<ManifestError, Scenario>> => {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    return E.left({ _tag: 'ManifestError', file, line: undefined, message: (err as Error).message })
  }
  return parseScenario(text, file)
}

export const parseScenario = (text: string, file: string): E.Either<ManifestError, Scenario> => {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false })
  const err = doc.errors[0]
  if (err) return E.left({ _tag: 'ManifestError', file, line: lines.linePos(err.pos[0]).line, message: err.message.split('\n')[0]! })
  const decoded = Scenario.decode(doc.toJS())
  if (E.isRight(decoded)) {
    for (const [image, fields] of Object.entries(decoded.right.images ?? {})) {
      const checked = typeof fields === 'object' && fields !== null ? applyBehavior(DEFAULT_IMAGE_BEHAVIOR, fields as Record<string, unknown>) : 'expected a map of fields'
      if (typeof checked === 'string') {
        const node = doc.getIn(['images', image], true) as { range?: [number, number, number] } | undefined
        return E.left({ _tag: 'ManifestError', file, line: node?.range ? lines.linePos(node.range[0]).line : undefined, message: `images.${image}.${checked}` })
      }
    }
    return decoded
  }
  const first = decoded.left[0]!
  const path = fieldPathOf(first.context)
  const segments = path.split(/\.|\[|\]/).filter((x) => x !== '').map((x) => (/^\d+$/.test(x) ? Number(x) : x))
  let line: number | undefined
  for (let n = segments.length; n >= 0 && line === undefined; n--) {
    const node = doc.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined
    if (node?.range) line = lines.linePos(node.range[0]).line
  }
  return E.left({ _tag: 'ManifestError', file, line, message: `${path || 'scenario'}: invalid value ${JSON.stringify(first.value)}` })
}
