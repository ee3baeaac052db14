import * as E from 'fp-ts/lib/Either.js'
import { concatMap, firstValueFrom, filter, type Observable, scan, share, Subject, take } from 'rxjs'
import type { Controller } from '../controllers/controller.js'
import { encodeSnapshot, snapshotIntervalFor } from '../history/snapshot.js'
import { stateAt } from '../history/stateAt.js'
import type { ClusterShape } from '../log/events.js'
import { describeLogError, type EventLog } from '../ports/eventLog.js'
import { emptyWorld, resumeWorld, step } from '../sim/step.js'
import type { ClusterState } from '../state/clusterState.js'
import { compactState } from '../state/compact.js'
import type { Input, Reply, StepOutput, World } from '../sim/world.js'

/** One persisted step, as observers (CLI printer, HTTP watch, UI) see it. */
export interface Persisted extends StepOutput {
  readonly id: number
  readonly input: Input
}

/**
 * The RxJS shell around the pure step: `inputs$ → scan(step) → concatMap(persist) → share()`.
 * Every observer subscribes to `outputs$`; `submit` resolves once the step's events are on disk.
 */
export interface Engine {
  readonly outputs$: Observable<Persisted>
  readonly submit: (input: Input) => Promise<Reply>
  readonly world: () => World
  /** The engine's log; its `close` waits for a snapshot still being written (see `flush`). */
  readonly log: EventLog
  /** Resolves once the snapshot writes started by acknowledged steps are done. */
  readonly flush: () => Promise<void>
  /**
   * Lets an observer hold inputs back: before each input is stepped, every pacer is asked; while one
   * returns a promise, inputs wait (in order) for it. The HTTP server uses it so the simulation does not
   * run ahead of watchers that are behind (`server/watchPacing.ts`). Returns the unregistration.
   */
  readonly paceInputs: (pacer: Pacer) => () => void
}

/** Undefined to let the next input through now; a promise to hold it until it settles (then ask again). */
export type Pacer = () => Promise<void> | undefined

export interface EngineOptions {
  readonly controllers: readonly Controller[]
  /** Used only when the log is empty. */
  readonly seed: number
  readonly cluster: ClusterShape
  readonly actor: string
  /** A fixed number of events between snapshots (tests); by default `snapshotIntervalFor` the state's size. */
  readonly snapshotEveryEvents?: number
}

class PersistError extends Error {}

/**
 * A snapshot is written after the step that made it due is acknowledged: encoding one costs ~250 ms at
 * 30,000 objects, and a client's reply should not wait for an optimization of later reads.
 * The write starts once the event loop has delivered the reply (`setImmediate`), and the next append
 * waits for it, so writes stay in order; a failed snapshot write stops the engine at that next append.
 */
const snapshotWriter = (log: EventLog) => {
  let pending: Promise<void> = Promise.resolve()
  return {
    write: (seq: number, state: ClusterState): void => {
      pending = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        const snap = await log.putSnapshot({ seq, payload: encodeSnapshot(state) })()
        if (E.isLeft(snap)) throw new PersistError(describeLogError(snap.left))
      })
      // Observed by the next `settled()`; never an unhandled rejection in between.
      pending.catch(() => undefined)
    },
    settled: (): Promise<void> => pending,
  }
}

/** Opens an engine on a log: folds it (snapshot + tail), or starts it when empty, then resyncs. */
export const openEngine = async (log: EventLog, opts: EngineOptions): Promise<Engine> => {
  const intervalFor = (objects: number): number => opts.snapshotEveryEvents ?? snapshotIntervalFor(objects)
  const loaded = await stateAt(log)
  if (E.isLeft(loaded)) throw new PersistError(describeLogError(loaded.left))
  // The starting state lives as long as the engine: equal strings shared (~2.7 KB/pod instead of ~4 KB).
  let current: World = loaded.right.seq === 0 ? emptyWorld(opts.controllers) : resumeWorld(opts.controllers, compactState(loaded.right))
  let nextId = 0
  const inputs$ = new Subject<{ id: number; input: Input }>()
  const snapshots = snapshotWriter(log)
  // Counted from the state the engine opened on (its snapshot, or a fold that stands for one).
  let lastSnapshotSeq = loaded.right.seq

  const persist = async (out: Persisted): Promise<Persisted> => {
    if (out.appended.length === 0) return out
    await snapshots.settled()
    const head = out.appended[0]!.seq - 1
    const appended = await log.append(out.appended, head)()
    if (E.isLeft(appended)) throw new PersistError(describeLogError(appended.left))
    const last = out.appended[out.appended.length - 1]!.seq
    if (last - lastSnapshotSeq >= intervalFor(out.world.state.objects.size)) {
      snapshots.write(last, out.world.state)
      lastSnapshotSeq = last
    }
    return out
  }

  const outputs$ = inputs$.pipe(
    scan(
      (prev: Persisted | undefined, { id, input }) => ({ ...step(prev?.world ?? current, input), id, input }),
      undefined as Persisted | undefined,
    ),
    filter((x): x is Persisted => x !== undefined),
    concatMap(persist),
    share(),
  )
  // Keep one subscription for the engine's lifetime so the shared pipeline stays hot between submits.
  outputs$.subscribe({ next: (o) => (current = o.world), error: () => undefined })

  const pacers = new Set<Pacer>()
  const holdingBack = (): Promise<void> | undefined => {
    for (const p of pacers) {
      const wait = p()
      if (wait !== undefined) return wait
    }
    return undefined
  }
  /** The inputs held back so far, in arrival order; undefined when none is (then an input goes straight in). */
  let held: Promise<void> | undefined
  const admitted = (): Promise<void> | undefined => {
    const first = held === undefined ? holdingBack() : undefined
    if (held === undefined && first === undefined) return undefined
    const turn = (held ?? Promise.resolve()).then(async () => {
      for (let wait = first ?? holdingBack(); wait !== undefined; wait = holdingBack()) await wait.catch(() => undefined)
    })
    held = turn
    void turn.finally(() => {
      if (held === turn) held = undefined
    })
    return turn
  }

  const submit = async (input: Input): Promise<Reply> => {
    const turn = admitted()
    if (turn !== undefined) await turn
    const id = nextId++
    const done = firstValueFrom(outputs$.pipe(filter((o) => o.id === id), take(1)))
    inputs$.next({ id, input })
    return (await done).reply
  }

  const flush = (): Promise<void> => snapshots.settled().catch(() => undefined)
  const close = async (): Promise<void> => {
    await flush()
    await log.close()
  }
  const paceInputs = (pacer: Pacer): (() => void) => {
    pacers.add(pacer)
    return () => void pacers.delete(pacer)
  }
  const engine: Engine = { outputs$, submit, world: () => current, log: { ...log, close }, flush, paceInputs }
  if (current.state.seq === 0) await submit({ type: 'start', seed: opts.seed, cluster: opts.cluster, actor: opts.actor })
  else await submit({ type: 'resync' })
  return engine
}
