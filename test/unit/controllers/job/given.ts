import { garbageCollector } from '../../../../src/controllers/garbageCollector/garbageCollector.js'
import { jobController } from '../../../../src/controllers/job/jobController.js'
import type { Job } from '../../../../src/controllers/job/job.js'
import { ttlAfterFinishedController } from '../../../../src/controllers/job/ttlAfterFinished.js'
import { kubeletController } from '../../../../src/controllers/kubelet/kubeletController.js'
import { schedulerController } from '../../../../src/controllers/scheduler/schedulerController.js'
import type { Event } from '../../../../src/log/events.js'
import type { KObject } from '../../../../src/model/meta.js'
import type { Pod } from '../../../../src/model/pod.js'
import { getObject, listObjects } from '../../../../src/state/clusterState.js'
import { emptyWorld, step } from '../../../../src/sim/step.js'
import type { World } from '../../../../src/sim/world.js'

/** The images of the job scenarios: `ok` completes after 3 s of running, `bad` exits 1 after 2 s. */
export const IMAGES = {
  ok: { exit: 'code=0,after=3s', pull: '0s', start: '1s' },
  bad: { exit: 'code=1,after=2s', pull: '0s', start: '0s' },
}

/** A world running the job controller with the scheduler, kubelet, garbage collector and TTL controller. */
export const jobWorld = (): World =>
  step(emptyWorld([jobController, schedulerController, kubeletController, garbageCollector, ttlAfterFinishedController]), {
    type: 'start',
    seed: 1,
    cluster: { nodes: [{ name: 'node-1' }], images: IMAGES },
    actor: 'user:test',
  }).world

/** A Job as the API would store it once defaulted and labelled (every field explicit, since the defaults are not wired). */
export const aJob = (name: string, image: string, spec: Record<string, unknown> = {}, uid = `uid-${name}`): KObject => {
  const labels = { 'batch.kubernetes.io/controller-uid': uid, 'controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'job-name': name }
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      ...spec,
      template: { metadata: { labels }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image }] } },
    },
  }
}

export interface Run {
  readonly world: World
  readonly events: Event[]
}

/** Creates the object and lets the cluster run, collecting every appended event. */
export const createAndSettle = (world: World, o: KObject, maxMs = 3_600_000): Run => {
  const events: Event[] = []
  const created = step(world, { type: 'request', actor: 'user:test', command: { verb: 'create', object: o } })
  events.push(...created.appended)
  const settled = step(created.world, { type: 'settle', maxMs, actor: 'user:test' })
  events.push(...settled.appended)
  return { world: settled.world, events }
}

export const jobIn = (w: World, name: string): Job | undefined => getObject<Job>(w.state, 'Job', 'default', name)
export const podsIn = (w: World): Pod[] => listObjects<Pod>(w.state, 'Pod', 'default')

/** The virtual times at which pods were created. */
export const podCreationTimes = (events: readonly Event[]): number[] =>
  events.filter((e) => e.type === 'object/created' && (e.data as { object: KObject }).object.kind === 'Pod').map((e) => e.at)

/** `[reason, message]` of the Event objects recorded about kind/name. */
export const recorded = (w: World, kind: string, name: string): [string, string][] =>
  listObjects(w.state, 'Event', 'default')
    .filter((e) => (e.involvedObject as { kind: string; name: string }).kind === kind && (e.involvedObject as { name: string }).name === name)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((e) => [e.reason as string, e.message as string])
