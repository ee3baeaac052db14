/** The faults Reel injects (external inputs): what breaks, where, since when. */
export const NODE_FAULTS = ['node-down', 'network-partition', 'kubelet-stop'] as const
export const FAULT_TYPES = [...NODE_FAULTS, 'node-up', 'container-crash'] as const
export type FaultType = (typeof FAULT_TYPES)[number]
export type NodeFault = (typeof NODE_FAULTS)[number]

/** One fault as recorded in a `fault/injected` event. `target`: a node name, or `ns/pod[/container]`. */
export interface Fault {
  readonly type: FaultType
  readonly target: string
}

/** A fault in effect, as the state keeps it. */
export interface ActiveFault {
  readonly type: FaultType
  readonly atMs: number
  readonly seq: number
}

/** The state's key of a fault: `node/<name>`, or `container/<ns>/<pod>/<container>` for crashes. */
export const faultKey = (f: Fault): string => (f.type === 'container-crash' ? `container/${f.target}` : `node/${f.target}`)

export const isNodeFault = (t: string): t is NodeFault => (NODE_FAULTS as readonly string[]).includes(t)

/** Why a fault is malformed, or undefined. Targets: a node name, or `ns/pod[/container]` for a crash. */
export const faultError = (f: { type: string; target: string }): string | undefined => {
  if (!(FAULT_TYPES as readonly string[]).includes(f.type)) return `unknown fault "${f.type}" (known: ${FAULT_TYPES.join(', ')})`
  if (f.target === '') return 'a fault needs a target'
  if (f.type === 'container-crash' && f.target.split('/').length < 2) return 'container-crash takes NAMESPACE/POD[/CONTAINER]'
  return undefined
}
