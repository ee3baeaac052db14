import { deepEqual } from '../../kernel/deepEqual.js'
import type { KObject } from '../../model/meta.js'
import type { Deployment, ReplicaSet } from '../../model/workloads.js'
import type { ControllerCommand, ReconcileResult, RecordedEvent } from '../controller.js'
import type { DeploymentStatus } from './conditions.js'
import { desiredReplicas, maxSurge } from './fenceposts.js'
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION, specReplicas } from './replicaSets.js'

/** What a scale call answers: whether the size changed, and the RS as written (or unchanged). */
export interface Scaled {
  readonly scaled: boolean
  readonly rs: ReplicaSet
}

const withoutResourceVersion = <T extends KObject>(o: T): T => {
  const { resourceVersion: _rv, ...meta } = o.metadata
  return { ...o, metadata: meta }
}

/**
 * One sync of one Deployment: upstream's controller mutates its deployment copy and calls the API as it
 * goes; a Reel pass keeps the working copy here and collects the calls as commands. ReplicaSet writes
 * are issued in order (a second write to the same set in one pass drops the resourceVersion precondition,
 * as upstream writes the copy the first update returned). The Deployment's own writes (its revision
 * annotation and status through `/status`, then a rollback's spec update) are merged into one of each
 * and issued last.
 */
export class Pass {
  /** The working copy: `status` and annotations change during the pass, as upstream mutates `d`. */
  d: Deployment
  /** A spec update of the Deployment (legacy rollback), issued after the status write. */
  specUpdate: { readonly object: Deployment; readonly record?: RecordedEvent } | undefined
  private readonly rsCommands: ControllerCommand[] = []
  private readonly written = new Set<string>()

  constructor(
    readonly stored: Deployment,
    readonly nowMs: number,
  ) {
    this.d = stored
  }

  /** The working status. */
  get status(): DeploymentStatus {
    return this.d.status ?? {}
  }

  set status(status: DeploymentStatus) {
    this.d = { ...this.d, status }
  }

  /** The Deployment the events are about. */
  get involved(): NonNullable<RecordedEvent['involved']> {
    return { kind: 'Deployment', namespace: this.d.metadata.namespace ?? 'default', name: this.d.metadata.name ?? '' }
  }

  /** `SetDeploymentRevision`: the Deployment's revision annotation; true when it changed. */
  setRevision(revision: string): boolean {
    const annotations = this.d.metadata.annotations ?? {}
    if ((annotations[REVISION_ANNOTATION] ?? '') === revision) return false
    this.d = { ...this.d, metadata: { ...this.d.metadata, annotations: { ...annotations, [REVISION_ANNOTATION]: revision } } }
    return true
  }

  /** A `ScalingReplicaSet` Normal event about the Deployment. */
  scalingEvent(message: string): RecordedEvent {
    return { type: 'Normal', reason: 'ScalingReplicaSet', message, involved: this.involved }
  }

  // ---- ReplicaSet writes

  /** Creates a set (the server sets its creationTimestamp); answers the working copy. */
  create(rs: ReplicaSet, record?: RecordedEvent): ReplicaSet {
    const { creationTimestamp: _c, ...meta } = rs.metadata
    this.rsCommands.push({ verb: 'create', object: { ...rs, metadata: meta }, ...(record ? { record } : {}) })
    this.written.add(rs.metadata.name ?? '')
    return withoutResourceVersion(rs)
  }

  /** Updates a set; answers the copy later writes of this pass build on (no resourceVersion). */
  update(rs: ReplicaSet, record?: RecordedEvent): ReplicaSet {
    const name = rs.metadata.name ?? ''
    const object = this.written.has(name) ? withoutResourceVersion(rs) : rs
    this.rsCommands.push({ verb: 'update', object, ...(record ? { record } : {}) })
    this.written.add(name)
    return withoutResourceVersion(rs)
  }

  /** Deletes a set with the default (background) propagation, as `cleanupDeployment` does. */
  delete(rs: ReplicaSet): void {
    this.rsCommands.push({ verb: 'delete', ref: { kind: 'ReplicaSet', namespace: rs.metadata.namespace ?? 'default', name: rs.metadata.name ?? '' } })
  }

  /** Writes decided outside the pass (adoption and release); later writes to those sets drop the precondition. */
  push(...commands: readonly ControllerCommand[]): void {
    for (const c of commands) {
      if (c.verb === 'update' || c.verb === 'create') this.written.add(c.object.metadata.name ?? '')
      this.rsCommands.push(c)
    }
  }

  /**
   * `scaleReplicaSet` (workloads.md §3.5): writes when the size or the desired/max-replicas annotations
   * differ; records `ScalingReplicaSet` on the Deployment only when the size changed.
   */
  scaleReplicaSet(rs: ReplicaSet, newScale: number, operation: string): Scaled {
    const oldScale = specReplicas(rs)
    const desired = String(desiredReplicas(this.d))
    const max = String(desiredReplicas(this.d) + maxSurge(this.d))
    const annotations = rs.metadata.annotations ?? {}
    const sizeNeedsUpdate = oldScale !== newScale
    const annotationsNeedUpdate = annotations[DESIRED_REPLICAS_ANNOTATION] !== desired || annotations[MAX_REPLICAS_ANNOTATION] !== max
    if (!sizeNeedsUpdate && !annotationsNeedUpdate) return { scaled: false, rs }
    const next: ReplicaSet = {
      ...rs,
      metadata: { ...rs.metadata, annotations: { ...annotations, [DESIRED_REPLICAS_ANNOTATION]: desired, [MAX_REPLICAS_ANNOTATION]: max } },
      spec: { ...rs.spec, replicas: newScale },
    }
    const name = rs.metadata.name ?? ''
    const record = sizeNeedsUpdate ? this.scalingEvent(`Scaled ${operation} replica set ${name} from ${oldScale} to ${newScale}`) : undefined
    return { scaled: sizeNeedsUpdate, rs: this.update(next, record) }
  }

  /** `scaleReplicaSetAndRecordEvent`: nothing when the size is already right; "up" or "down" otherwise. */
  scaleAndRecord(rs: ReplicaSet, newScale: number): Scaled {
    const oldScale = specReplicas(rs)
    if (oldScale === newScale) return { scaled: false, rs }
    return this.scaleReplicaSet(rs, newScale, oldScale < newScale ? 'up' : 'down')
  }

  // ---- the result

  /** The commands of the pass: ReplicaSet writes in order, then the Deployment's status, then its spec. */
  result(requeueAfterMs?: number): ReconcileResult {
    const commands = [...this.rsCommands]
    const annotationsChanged = !deepEqual(this.d.metadata.annotations ?? {}, this.stored.metadata.annotations ?? {})
    if (annotationsChanged || !deepEqual(this.d.status ?? {}, this.stored.status ?? {})) {
      const annotations = this.d.metadata.annotations
      commands.push({
        verb: 'updateStatus',
        object: {
          ...this.stored,
          metadata: { ...this.stored.metadata, ...(annotations !== undefined ? { annotations } : {}) },
          status: this.status,
        },
      })
    }
    if (this.specUpdate !== undefined) {
      const { object, record } = this.specUpdate
      commands.push({ verb: 'update', object: withoutResourceVersion(object), ...(record ? { record } : {}) })
    }
    return requeueAfterMs === undefined ? { commands } : { commands, requeueAfterMs }
  }
}
