import type { KObject } from '../../model/meta.js'

type Json = Record<string, unknown>

/**
 * `stringData` is write-only: upstream's v1 → internal conversion base64-encodes each entry into `data`
 * (overriding a `data` key of the same name) and never stores `stringData`.
 */
export const secretFromStringData = (o: KObject): KObject => {
  const stringData = o.stringData
  if (o.kind !== 'Secret' || typeof stringData !== 'object' || stringData === null) return o
  const { stringData: _written, ...rest } = o
  const data: Json = { ...((o.data as Json | undefined) ?? {}) }
  for (const [k, v] of Object.entries(stringData as Json)) data[k] = Buffer.from(String(v), 'utf8').toString('base64')
  return { ...rest, data } as KObject
}
