// ---- model

/**
 * A Kubernetes resource quantity (`apimachinery/pkg/api/resource.Quantity`), parsed exactly:
 * `sign × digits × 10^exp10 × 2^exp2`. `digits` has no leading zeros (`''` is zero), so `1.5Gi` is
 * `{ digits: '15', exp10: -1, exp2: 30 }`. Kept as a decimal string so that no precision is lost
 * before it is scaled to an integer.
 */
export interface Quantity {
  readonly negative: boolean
  readonly digits: string
  readonly exp10: number
  readonly exp2: number
}

const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 }
const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }

/** `<sign><digits>[.<digits>]<suffix>`; the suffix is binary, decimal SI or a decimal exponent. */
const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/

// ---- parsing

/**
 * Parses a quantity as the API server accepts it (`100m`, `0.5`, `2`, `128Mi`, `1Gi`, `1G`, `500k`,
 * `1e3`, `.5`, `+1`). JSON numbers (`cpu: 1`) are accepted too. Undefined when it is not a quantity.
 */
export const parseQuantity = (input: string | number): Quantity | undefined => {
  if (typeof input === 'number' && !Number.isFinite(input)) return undefined
  // String(1e21) is `1e+21`, which the exponent suffix accepts.
  const s = typeof input === 'number' ? String(input) : input
  const m = QUANTITY_RE.exec(s)
  if (m === null) return undefined
  const intPart = m[2] ?? ''
  const fracPart = m[3] ?? ''
  if (intPart === '' && fracPart === '') return undefined
  const suffix = m[4] ?? ''
  let exp10 = -fracPart.length
  let exp2 = 0
  const binary = BINARY_SUFFIXES[suffix]
  if (binary !== undefined) exp2 = binary
  else if (suffix[0] === 'e' || suffix[0] === 'E') exp10 += Number(suffix.slice(1))
  else exp10 += DECIMAL_SUFFIXES[suffix]!
  const digits = (intPart + fracPart).replace(/^0+/, '')
  return { negative: m[1] === '-' && digits !== '', digits, exp10, exp2 }
}

// ---- scaling

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i)

/** Rounds a decimal digit string shifted by `shift` places to an integer, away from zero. */
const shiftCeil = (digits: string, shift: number): number => {
  if (digits === '') return 0
  if (shift >= 0) return Number(digits + '0'.repeat(shift))
  const cut = digits.length + shift
  const whole = cut > 0 ? Number(digits.slice(0, cut)) : 0
  const rest = cut > 0 ? digits.slice(cut) : digits
  return /[1-9]/.test(rest) ? whole + 1 : whole
}

/**
 * The quantity × 10^`scale10` as an integer, rounded away from zero like upstream's `ScaledValue`
 * (so `1.5m` is 2 milli-units and `0.5` bytes is 1 byte). Exact while the result is below 2^53.
 */
export const scaledValue = (q: Quantity, scale10: number): number => {
  const sign = q.negative ? -1 : 1
  if (q.exp2 === 0) return sign * shiftCeil(q.digits, q.exp10 + scale10)
  const shift = q.exp10 + scale10
  const pow2 = 2 ** q.exp2
  if (shift >= 0) return sign * shiftCeil(q.digits, shift) * pow2
  const mantissa = Number(q.digits)
  const numerator = mantissa * pow2
  const denominator = POW10[-shift]
  if (Number.isSafeInteger(numerator) && denominator !== undefined && q.digits.length <= 15) {
    let r = Math.floor(numerator / denominator)
    if (r * denominator < numerator) r += 1
    return sign * r
  }
  // Out of the exact range of doubles: fall back to exact integers for the division only.
  const n = BigInt(q.digits) * (1n << BigInt(q.exp2))
  const d = 10n ** BigInt(-shift)
  return sign * Number((n + d - 1n) / d)
}

/** `Quantity.MilliValue()`: milli-units, rounded up (`100m` → 100, `2` → 2000). Undefined if unparsable. */
export const parseMilliValue = (input: string | number): number | undefined => {
  const q = parseQuantity(input)
  return q === undefined ? undefined : scaledValue(q, 3)
}

/** `Quantity.Value()`: whole units (bytes for memory), rounded up (`1Gi` → 1073741824). Undefined if unparsable. */
export const parseValue = (input: string | number): number | undefined => {
  const q = parseQuantity(input)
  return q === undefined ? undefined : scaledValue(q, 0)
}

// ---- formatting

/** Milli-units as the API server prints a cpu quantity: `2` when whole, else `1500m`. */
export const formatMilliValue = (milli: number): string =>
  milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`

const BINARY_ORDER = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const

/** Bytes with the largest binary suffix that divides them exactly (`1Gi`, `1536Mi`), else plain (`1500`). */
export const formatBinaryValue = (bytes: number): string => {
  if (bytes === 0) return '0'
  for (const suffix of BINARY_ORDER) {
    const unit = 2 ** BINARY_SUFFIXES[suffix]!
    if (bytes % unit === 0) return `${bytes / unit}${suffix}`
  }
  return String(bytes)
}

const DECIMAL_ORDER = [['E', 18], ['P', 15], ['T', 12], ['G', 9], ['M', 6], ['k', 3]] as const

/** Units with the largest decimal SI suffix that divides them exactly (`1G`, `500k`), else plain. */
export const formatDecimalValue = (units: number): string => {
  if (units === 0) return '0'
  for (const [suffix, exp] of DECIMAL_ORDER) {
    const unit = 10 ** exp
    if (units % unit === 0) return `${units / unit}${suffix}`
  }
  return String(units)
}
