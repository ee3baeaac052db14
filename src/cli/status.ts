import type { Status } from '../model/status.js'

/** kubectl's rendering of a refusal: `Error from server (Reason): message`, Invalid with one line per cause. */
export const renderStatus = (s: Status, source?: string): string => {
  if (s.reason === 'Invalid' && s.details?.causes && s.details.causes.length > 0) {
    const head = `The ${s.details.kind ?? ''} "${s.details.name ?? ''}" is invalid: `
    const causes = s.details.causes.map((c) => `* ${c.field ? `${c.field}: ` : ''}${c.message}`)
    return causes.length === 1 ? `${head}${causes[0]!.slice(2)}` : `${head}\n${causes.join('\n')}`
  }
  const where = source ? `error when creating "${source}": ` : ''
  return `Error from server (${s.reason ?? 'Unknown'}): ${where}${s.message ?? ''}`
}
