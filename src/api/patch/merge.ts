import { mergePatch } from '../mergePatch.js'
import { malformed, patched, type PatchResult } from './result.js'

/** RFC 7386 JSON merge patch (`application/merge-patch+json`): a patch that is not an object replaces the target. */
export const applyMergePatch = (original: unknown, patch: unknown): PatchResult =>
  patch === undefined ? malformed('the patch is empty') : patched(mergePatch(original, patch))
