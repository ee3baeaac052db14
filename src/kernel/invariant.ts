/** A broken invariant: a bug in Reel, never a refusal of bad input. Never caught inside `src/`. */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation'
}

/** Throws {@link InvariantViolation} when `cond` is false. `what` says what must hold. */
export function invariant(cond: unknown, what: string | (() => string)): asserts cond {
  if (!cond) throw new InvariantViolation(typeof what === 'string' ? what : what())
}
