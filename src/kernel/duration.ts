const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * Parses a Go-style duration (`300ms`, `5s`, `1h30m`, `2d`) into milliseconds. A bare number means
 * seconds, as in kubectl flags. Undefined when the text is not a duration.
 */
export const parseDurationMs = (text: string): number | undefined => {
  const s = text.trim()
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000)
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g
  let total = 0
  let consumed = 0
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m.index !== consumed) return undefined
    total += Number(m[1]) * UNIT_MS[m[2]!]!
    consumed = m.index + m[0].length
  }
  return consumed === s.length && consumed > 0 ? Math.round(total) : undefined
}

/** Renders milliseconds compactly: `0s`, `450ms`, `1m30s`, `2h0m5s`. */
export const formatDurationMs = (ms: number): string => {
  if (ms < 1000) return ms === 0 ? '0s' : `${ms}ms`
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = (ms % 60_000) / 1000
  const sec = Number.isInteger(s) ? `${s}s` : `${s.toFixed(3).replace(/0+$/, '')}s`
  if (h > 0) return `${h}h${m}m${sec}`
  if (m > 0) return `${m}m${sec}`
  return sec
}

/**
 * kubectl's `HumanDuration` for the AGE column: seconds up to 2 minutes, then `XmYs` below 10 minutes,
 * minutes below 3 hours (`XhYm` below 8 hours), hours below 2 days, then days (and `XdYh` below 8 days).
 */
export const humanDurationMs = (ms: number): string => {
  const seconds = Math.floor(ms / 1000)
  if (seconds < 0) return '0s'
  if (seconds < 120) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 180) return `${minutes}m`
  const hours = Math.floor(minutes / 60)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  const days = Math.floor(hours / 24)
  if (days < 8) {
    const h = hours % 24
    return h === 0 ? `${days}d` : `${days}d${h}h`
  }
  if (days < 365 * 2) return `${days}d`
  return `${Math.floor(days / 365)}y`
}
