import type { KObject } from '../../model/meta.js'
import type { Pod } from '../../model/pod.js'
import { type ClusterState, getObject } from '../../state/clusterState.js'
import type { ControllerCommand, RecordedEvent } from '../controller.js'
import { type Claim, claimsFor } from './claims.js'
import { ordinalOf } from './identity.js'
import { nameOf, namespaceOf, type StatefulSet } from './types.js'

/**
 * The API calls of one sync (`StatefulPodControl` in stateful_pod_control.go), collected as commands in
 * the order upstream makes them, each with the Event upstream records on the set.
 */
export class Pass {
  readonly commands: ControllerCommand[] = []
  /** Pods this pass already deleted: a later step must not delete them again. */
  private readonly deleted = new Set<string>()

  constructor(
    readonly s: ClusterState,
    readonly set: StatefulSet,
    readonly nowMs: number,
  ) {}

  private involved() {
    return { kind: 'StatefulSet', namespace: namespaceOf(this.set), name: nameOf(this.set) }
  }

  /** `recordPodEvent`: "<verb> Pod <pod> in StatefulSet <set> successful" / "… failed error: <err>". */
  private podEvent(verb: 'create' | 'delete' | 'update', pod: string): RecordedEvent {
    const title = verb[0]!.toUpperCase() + verb.slice(1)
    const set = nameOf(this.set)
    return {
      type: 'Normal',
      reason: `Successful${title}`,
      message: `${verb} Pod ${pod} in StatefulSet ${set} successful`,
      involved: this.involved(),
      onFailure: { reason: `Failed${title}`, message: `${verb} Pod ${pod} in StatefulSet ${set} failed error: {error}` },
    }
  }

  /** `recordClaimEvent("create")`: "create Claim <claim> Pod <pod> in StatefulSet <set> success". */
  private claimEvent(claim: string, pod: string): RecordedEvent {
    const set = nameOf(this.set)
    return {
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `create Claim ${claim} Pod ${pod} in StatefulSet ${set} success`,
      involved: this.involved(),
      onFailure: { reason: 'FailedCreate', message: `create Claim ${claim} for Pod ${pod} in StatefulSet ${set} failed error: {error}` },
    }
  }

  /**
   * `createPersistentVolumeClaims`: creates the pod's missing claims. Returns the error upstream returns
   * when one of them is being deleted (`pvc <name> is being deleted`), which stops the pod's creation.
   */
  createMissingClaims(pod: Pod): string | undefined {
    let error: string | undefined
    for (const claim of claimsFor(this.set, ordinalOf(pod))) {
      const name = claim.metadata.name ?? ''
      const existing = getObject(this.s, 'PersistentVolumeClaim', namespaceOf(this.set), name)
      if (existing === undefined) this.commands.push({ verb: 'create', object: claim, record: this.claimEvent(name, pod.metadata.name ?? '') })
      else if (existing.metadata.deletionTimestamp !== undefined) error ??= `pvc ${name} is being deleted`
    }
    return error
  }

  /** `CreateStatefulPod`: the claims first, then the pod (not when a claim is being deleted). */
  createPod(pod: Pod): string | undefined {
    const error = this.createMissingClaims(pod)
    if (error !== undefined) return error
    this.commands.push({ verb: 'create', object: pod, record: this.podEvent('create', pod.metadata.name ?? '') })
    return undefined
  }

  /** `DeleteStatefulPod` (once per pass). */
  deletePod(pod: Pod): void {
    const name = pod.metadata.name ?? ''
    if (this.deleted.has(name)) return
    this.deleted.add(name)
    this.commands.push({
      verb: 'delete',
      ref: { kind: 'Pod', namespace: namespaceOf(this.set), name },
      record: this.podEvent('delete', name),
    })
  }

  wasDeleted(pod: Pod): boolean {
    return this.deleted.has(pod.metadata.name ?? '')
  }

  /** The pod update of `UpdateStatefulPod` (identity or storage re-applied). */
  updatePod(pod: Pod): void {
    this.commands.push({ verb: 'update', object: pod, record: this.podEvent('update', pod.metadata.name ?? '') })
  }

  /** A claim's owner references brought in line with the retention policy. */
  updateClaim(claim: Claim): void {
    this.commands.push({ verb: 'update', object: claim })
  }

  /** Any other write (revisions, status): no Event. */
  write(command: ControllerCommand): void {
    this.commands.push(command)
  }

  /** A plain delete (a ControllerRevision beyond the history limit). */
  deleteObject(o: KObject): void {
    this.commands.push({ verb: 'delete', ref: { kind: o.kind, namespace: namespaceOf(this.set), name: o.metadata.name ?? '' } })
  }
}
