import { isPodReady, type Pod } from '../../../src/model/pod.js'
import { controllerRefOf, type KObject } from '../../../src/model/meta.js'
import { listObjects } from '../../../src/state/clusterState.js'
import { podIn, setIn, type Observe } from './run.js'
import { NAMESPACE, type Scenario, TEMPLATE } from './scenario.js'

// ---- checkers written from stateful-storage-nodes.md §1–2, not from the controllers' code; each runs
// after every event of a run (run.ts folds them one at a time)

const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index'
const ORDINAL_RE = /^(.*)-([0-9]+)$/

const describeEvent = (e: { seq: number; at: number; type: string }): string => `seq ${e.seq} (${e.at}ms, ${e.type})`
const objectOf = (e: Parameters<Observe>[1]): KObject | undefined =>
  e.type === 'object/created' || e.type === 'object/updated' || e.type === 'object/deleted' ? e.data.object : undefined
const isTerminating = (o: KObject): boolean => o.metadata.deletionTimestamp !== undefined
const isRunningAndReady = (p: Pod): boolean => p.status?.phase === 'Running' && isPodReady(p)
const podState = (p: Pod | undefined): string =>
  p === undefined ? 'missing' : `${p.status?.phase ?? 'no phase'}, ready ${isPodReady(p)}${isTerminating(p) ? ', terminating' : ''}`

/** The StatefulSet identity of a pod: the controlling set's name and the ordinal (pod-index label, else the name). */
const identityOf = (p: Pod): string | undefined => {
  const ref = controllerRefOf(p)
  if (ref?.kind !== 'StatefulSet') return undefined
  const ordinal = p.metadata.labels?.[POD_INDEX_LABEL] ?? ORDINAL_RE.exec(p.metadata.name ?? '')?.[2]
  return `${ref.name}/${ordinal ?? '?'}`
}

/**
 * 1. Identity (§1.5): never two pods with the same StatefulSet identity (set + ordinal) that are both
 * not terminating. The identity is read from the pod's controller and its pod-index label, not its name,
 * so a replacement under another name counts too.
 */
export const uniqueIdentity = (): Observe => (s, e) => {
  if (objectOf(e)?.kind !== 'Pod') return
  const seen = new Map<string, string>()
  for (const p of listObjects<Pod>(s, 'Pod', NAMESPACE)) {
    const id = identityOf(p)
    if (id === undefined || isTerminating(p)) continue
    const other = seen.get(id)
    if (other !== undefined) throw new Error(`identity: at ${describeEvent(e)} pods ${other} and ${p.metadata.name ?? ''} both hold ${id}`)
    seen.set(id, p.metadata.name ?? '')
  }
}

/**
 * 2. OrderedReady creation (§1.3 step 8, "consequences"): a pod with ordinal N > start of an OrderedReady
 * set is created only while pod N−1 exists, is not terminating, and is Running with Ready=True. The state
 * after the create event differs from the one before only by the new pod, so pod N−1 is read from it.
 */
export const orderedCreation = (): Observe => (s, e) => {
  if (e.type !== 'object/created' || e.data.object.kind !== 'Pod') return
  const ref = controllerRefOf(e.data.object)
  if (ref?.kind !== 'StatefulSet') return
  const set = setIn(s, ref.name)
  if (!set || set.metadata.uid !== ref.uid || set.spec.podManagementPolicy === 'Parallel') return
  const ordinal = Number(ORDINAL_RE.exec(e.data.object.metadata.name ?? '')?.[2] ?? -1)
  if (ordinal <= (set.spec.ordinals?.start ?? 0)) return
  const previous = podIn(s, `${ref.name}-${ordinal - 1}`)
  if (previous === undefined || isTerminating(previous) || !isRunningAndReady(previous))
    throw new Error(`OrderedReady: at ${describeEvent(e)} ${e.data.object.metadata.name ?? ''} created while ${ref.name}-${ordinal - 1} is ${podState(previous)}`)
}

interface ClaimRef {
  readonly name?: string
  readonly namespace?: string
  readonly uid?: string
}
const claimRefOf = (pv: KObject): ClaimRef | undefined => (pv.spec as { claimRef?: ClaimRef } | undefined)?.claimRef
const volumeNameOf = (pvc: KObject): string => ((pvc.spec as { volumeName?: string } | undefined)?.volumeName ?? '')
const phaseOf = (o: KObject): string => ((o as { status?: { phase?: string } }).status?.phase ?? '')

/**
 * 3. A PV is bound to at most one claim (§2.2, §2.3): no two Bound claims name the same PV; no two Bound
 * PVs hold a claimRef to the same claim uid; no PV's claimRef uid belongs to two claims; and a Bound claim's
 * PV, while it exists, has its claimRef on that claim (the binder writes the PV's claimRef before the
 * claim's volumeName and phase, §2.2 step 4).
 */
export const exclusiveBinding = (): Observe => (s, e) => {
  const kind = objectOf(e)?.kind
  if (kind !== 'PersistentVolume' && kind !== 'PersistentVolumeClaim') return
  const claims = listObjects(s, 'PersistentVolumeClaim')
  const volumes = new Map(listObjects(s, 'PersistentVolume').map((pv) => [pv.metadata.name ?? '', pv]))
  const fail = (what: string): never => {
    throw new Error(`binding: at ${describeEvent(e)} ${what}`)
  }
  const boundTo = new Map<string, string>()
  for (const c of claims) {
    if (phaseOf(c) !== 'Bound') continue
    const name = `${c.metadata.namespace ?? ''}/${c.metadata.name ?? ''}`
    const pv = volumeNameOf(c)
    const other = boundTo.get(pv)
    if (other !== undefined) fail(`claims ${other} and ${name} are both Bound to PV "${pv}"`)
    boundTo.set(pv, name)
    const volume = volumes.get(pv)
    if (volume !== undefined && claimRefOf(volume)?.uid !== c.metadata.uid)
      fail(`claim ${name} is Bound to ${pv}, whose claimRef is ${JSON.stringify(claimRefOf(volume))}`)
  }
  const boundClaimUids = new Map<string, string>()
  for (const [name, pv] of volumes) {
    const uid = claimRefOf(pv)?.uid
    if (uid === undefined || uid === '') continue
    const owners = claims.filter((c) => c.metadata.uid === uid)
    if (owners.length > 1) fail(`PV ${name}'s claimRef uid ${uid} matches ${owners.length} claims`)
    if (phaseOf(pv) !== 'Bound') continue
    const other = boundClaimUids.get(uid)
    if (other !== undefined) fail(`PVs ${other} and ${name} are both Bound with a claimRef to claim uid ${uid}`)
    boundClaimUids.set(uid, name)
  }
}

/**
 * 4. Retention (§1.6): the claims `data-<set>-<ordinal>` of a set whose policy is Retain/Retain are never
 * deleted nor marked for deletion (the history never deletes a claim itself). The policy is immutable in
 * these histories, so the scenario's is the set's all along.
 */
export const retainedClaims = (sc: Scenario): Observe => {
  const retained = sc.sets.filter((set) => set.whenDeleted === 'Retain' && set.whenScaled === 'Retain').map((set) => set.name)
  const pattern = new RegExp(`^${TEMPLATE}-(${retained.join('|')})-[0-9]+$`)
  return (_s, e) => {
    const o = objectOf(e)
    if (retained.length === 0 || o?.kind !== 'PersistentVolumeClaim' || !pattern.test(o.metadata.name ?? '')) return
    if (e.type === 'object/deleted' || isTerminating(o))
      throw new Error(`retention: at ${describeEvent(e)} claim ${o.metadata.name ?? ''} of a Retain/Retain set is ${e.type === 'object/deleted' ? 'deleted' : 'marked for deletion'} by ${e.actor}`)
  }
}

/** Runs several observers on each event. */
export const all =
  (...observers: readonly Observe[]): Observe =>
  (s, e) => {
    for (const o of observers) o(s, e)
  }
