import type { ServerResponse } from 'node:http'
import type { Engine } from '../runtime/engine.js'

/**
 * Watchers set the simulation's pace. On a virtual clock the engine can produce events far faster than
 * sockets carry them (a 1,000-pod rollout is ~1.3 GB of JSON for 100 watchers), and every byte a watcher
 * has not taken yet waits in this process's memory. So before each input is stepped, the engine asks
 * here (`Engine.paceInputs`): while some watch has more than {@link BEHIND_BYTES} unsent, inputs wait
 * until it drains. Watchers then see each step shortly after it happens, and memory stays bounded.
 *
 * A watcher that takes nothing for {@link UNRESPONSIVE_MS} would stop the cluster, so it is cut off
 * instead, as the API server's watch cache closes an unresponsive watcher ("Forcing watcher close due
 * to unresponsiveness"): its client re-watches from the last resourceVersion it saw, which Reel serves
 * from the log.
 */
export const BEHIND_BYTES = 1 << 20
export const UNRESPONSIVE_MS = 5_000

const watchesOf = new WeakMap<Engine, Set<ServerResponse>>()

/** Registers a watch's response with its engine's pacing until it closes; returns the unregistration. */
export const trackWatch = (engine: Engine, res: ServerResponse): (() => void) => {
  let open = watchesOf.get(engine)
  if (open === undefined) {
    const watches = new Set<ServerResponse>()
    engine.paceInputs(() => caughtUp(watches))
    watchesOf.set(engine, watches)
    open = watches
  }
  open.add(res)
  const watches = open
  const untrack = (): void => void watches.delete(res)
  res.once('close', untrack)
  return untrack
}

/** Undefined when no watch is behind; otherwise a promise that settles once those behind have drained (or were cut off). */
const caughtUp = (watches: ReadonlySet<ServerResponse>): Promise<void> | undefined => {
  const behind: ServerResponse[] = []
  for (const res of watches) if (res.writableLength > BEHIND_BYTES) behind.push(res)
  return behind.length === 0 ? undefined : Promise.all(behind.map(drained)).then(() => undefined)
}

/** Settles when `res` drains or closes; after {@link UNRESPONSIVE_MS} without either, the watch is cut off. */
const drained = (res: ServerResponse): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    const timer = setTimeout(() => {
      res.destroy()
      done()
    }, UNRESPONSIVE_MS)
    res.on('drain', done)
    res.on('close', done)
  })
