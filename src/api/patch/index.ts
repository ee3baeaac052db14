export { applyJsonPatch, type JsonPatchOp } from './json.js'
export { applyMergePatch } from './merge.js'
export { applyStrategicMergePatch } from './strategic.js'
export type { PatchRefusal, PatchResult } from './result.js'
