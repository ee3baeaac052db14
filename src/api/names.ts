import { randString, randUuid } from '../kernel/rand.js'

/** Upstream truncates a generateName base to 58 characters so that base + 5 fits in 63. */
const MAX_GENERATED_BASE = 58

/** Create attempts the API server makes on a generated-name collision (`maxNameGenerationCreateAttempts`). */
export const NAME_GENERATION_ATTEMPTS = 8

/** `names.SimpleNameGenerator`: base[:58] + 5 characters, drawn for the event being written. */
export const generateName = (base: string, seed: number, seq: number, attempt: number): string =>
  base.slice(0, MAX_GENERATED_BASE) + randString(seed, seq, `generateName/${attempt}`)

export const generateUid = (seed: number, seq: number): string => randUuid(seed, seq, 'uid')
