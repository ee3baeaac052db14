import * as E from 'fp-ts/lib/Either.js'
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { describeManifestError, parseManifests, type SourcedObject } from '../scenario/manifests.js'
import { CliError } from './open.js'

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const MANIFEST_EXT = new Set(['.yaml', '.yml', '.json'])

const filesOf = async (path: string): Promise<string[]> => {
  let st
  try {
    st = await stat(path)
  } catch {
    throw new CliError(`error: the path "${path}" does not exist`)
  }
  if (!st.isDirectory()) return [path]
  const entries = (await readdir(path)).sort()
  return entries.filter((e) => MANIFEST_EXT.has(extname(e))).map((e) => join(path, e))
}

/**
 * Every object in `-f` arguments (files, directories, `-` for stdin), all parsed before anything is
 * written: one bad document refuses the whole command with `file:line: message`.
 */
export const readManifestArgs = async (paths: readonly string[]): Promise<SourcedObject[]> => {
  if (paths.length === 0) throw new CliError('error: must specify one of -f and -k')
  const out: SourcedObject[] = []
  for (const p of paths) {
    const files = p === '-' ? ['-'] : await filesOf(p)
    for (const f of files) {
      const text = f === '-' ? await readStdin() : await readFile(f, 'utf8')
      const parsed = parseManifests(text, f === '-' ? '<stdin>' : f)
      if (E.isLeft(parsed)) throw new CliError(`error: ${describeManifestError(parsed.left)}`)
      out.push(...parsed.right)
    }
  }
  return out
}
