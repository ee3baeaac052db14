import * as E from 'fp-ts/lib/Either.js'
import { toTimestamp } from '../kernel/brand.js'
import type { KObject } from '../model/meta.js'
import { type Pod, qosClassOf } from '../model/pod.js'
import { objectKey } from '../model/meta.js'
import { type ResourceType, subjectOf } from '../model/resources.js'
import { alreadyExists, cause, invalid, isStatus, type Status } from '../model/status.js'
import type { ClusterState } from '../state/clusterState.js'
import { admit, checkNamespace, resourceTypeOf } from './admit.js'
import { type Decision, objectEvent, refuse, type WriteContext } from './context.js'
import { prepareDaemonSetForCreate } from './kinds/daemonSet.js'
import { admitPodServiceAccount } from './kinds/serviceAccount.js'
import { allocateService } from './kinds/service.js'
import { admitPv, admitPvc, initialStorageStatus } from './kinds/storage.js'
import { labelJobOnCreate } from './kinds/job.js'
import { generateName, generateUid, NAME_GENERATION_ATTEMPTS } from './names.js'

/** Kinds whose `status` a create ignores (they have a `/status` subresource). */
const STATUS_RESET = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'Service', 'HorizontalPodAutoscaler'])

const initialStatus = (o: KObject, atMs: number): unknown => {
  if (o.kind === 'Pod') return { phase: 'Pending', qosClass: qosClassOf(o as Pod) }
  if (o.kind === 'PersistentVolume' || o.kind === 'PersistentVolumeClaim') return initialStorageStatus(o, atMs)
  if (STATUS_RESET.has(o.kind)) return {}
  return o.status
}

/**
 * `create` (POST): name generation, namespace checks, admission, AlreadyExists, then the server-set
 * fields: uid, creationTimestamp (virtual clock), generation 1, resourceVersion = seq.
 */
export const decideCreate = (s: ClusterState, object: KObject, ctx: WriteContext, dryRun: boolean): Decision => {
  const rtE = resourceTypeOf(object)
  if (E.isLeft(rtE)) return refuse(rtE.left)
  const rt = rtE.right
  const seq = s.seq + 1
  const namespace = rt.namespaced ? (object.metadata.namespace ?? 'default') : undefined
  let name = object.metadata.name
  if (!name) {
    const base = object.metadata.generateName
    if (!base)
      return refuse(invalid(subjectOf(rt, ''), [{ ...cause.required('metadata.name'), message: 'Required value: name or generateName is required' }]))
    for (let attempt = 0; attempt < NAME_GENERATION_ATTEMPTS; attempt++) {
      const candidate = generateName(base, s.seed, seq, attempt)
      if (!s.objects.has(objectKey(object.kind, namespace, candidate))) {
        name = candidate
        break
      }
    }
    if (!name) return refuse(alreadyExists(subjectOf(rt, `${base}`)))
  }
  const uid = generateUid(s.seed, seq)
  const base: KObject = {
    ...object,
    metadata: { ...object.metadata, name, ...(namespace !== undefined ? { namespace } : {}) },
  }
  // Kinds whose create-time fields depend on the uid (a Job's generated selector) or on the generation.
  const named = object.kind === 'Job' ? labelJobOnCreate(base, uid) : object.kind === 'DaemonSet' ? prepareDaemonSetForCreate(base) : base
  const admitted = admit(rt, named)
  if (E.isLeft(admitted)) return refuse(admitted.left)
  const nsError = checkNamespace(s, rt, namespace ?? '', name, true)
  if (nsError) return refuse(nsError)
  if (s.objects.has(objectKey(object.kind, namespace, name))) return refuse(alreadyExists(subjectOf(rt, name)))
  const allocated = admitOnCreate(s, rt, admitted.right, object.metadata.name || object.metadata.generateName || 'Unknown')
  if (isStatus(allocated)) return refuse(allocated)
  // Server-set fields a client sent (kubectl sends `creationTimestamp: null`) are dropped, not overwritten
  // in place, so the stored key order never depends on the request and re-simulation reproduces it.
  const {
    deletionTimestamp: _d,
    deletionGracePeriodSeconds: _g,
    resourceVersion: _rv,
    uid: _uid,
    creationTimestamp: _ct,
    generation: _gen,
    ...meta
  } = allocated.metadata
  const status = initialStatus(allocated, ctx.atMs)
  const stored: KObject = {
    ...allocated,
    metadata: {
      ...meta,
      uid,
      creationTimestamp: toTimestamp(ctx.atMs),
      ...(hasGeneration(object.kind) ? { generation: 1 } : {}),
    },
    ...(status !== undefined ? { status } : {}),
  }
  const decision = objectEvent('object/created', stored, seq, ctx)
  return dryRun && decision.ok ? { ok: true, events: [], object: decision.object } : decision
}

/**
 * Create-time admission beyond defaulting: a pod's ServiceAccount must exist, a Service gets its ClusterIP
 * and node ports, storage objects their protection finalizers (and a claim the default class). A refusal
 * is a Status; `requestedName` is the name as sent, which upstream's admission messages use.
 */
const admitOnCreate = (s: ClusterState, rt: ResourceType, o: KObject, requestedName: string): KObject | Status => {
  switch (o.kind) {
    case 'Pod':
      return admitPodServiceAccount(o, s, requestedName)
    case 'Service': {
      const r = allocateService(s, o)
      return r.ok ? r.object : invalid(subjectOf(rt, o.metadata.name ?? ''), r.causes)
    }
    case 'PersistentVolumeClaim':
      return admitPvc(o, s)
    case 'PersistentVolume':
      return admitPv(o)
    default:
      return o
  }
}

const NO_GENERATION = new Set(['Namespace', 'Node', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount', 'Endpoints', 'Lease', 'EndpointSlice'])

/** Kinds with a spec track `metadata.generation`. */
export const hasGeneration = (kind: string): boolean => !NO_GENERATION.has(kind)
