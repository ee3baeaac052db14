import { asyncScheduler, concatMap, interval, type SchedulerLike, type Subscription } from 'rxjs'
import type { Engine } from './engine.js'

/** How virtual time moves: only when told (`virtual`), or with the wall clock times `speed` (`real`). */
export type ClockMode = { readonly mode: 'virtual' } | { readonly mode: 'real'; readonly speed: number; readonly tickMs?: number }

/**
 * Drives an engine in `real` mode: every tick, virtual time catches up with the wall clock × speed,
 * firing whatever timers fell due. Ticks that fire nothing append nothing (the log records changes,
 * not ticks). When something else moved the clock ahead (`clock advance`, `settle`), the wall clock
 * carries on from there instead of waiting to catch up. The scheduler is injectable so pacing is
 * tested with RxJS virtual time.
 */
export const followWallClock = (
  engine: Engine,
  clock: Extract<ClockMode, { mode: 'real' }>,
  scheduler: SchedulerLike = asyncScheduler,
): Subscription => {
  let anchorWall = scheduler.now()
  let anchorVirtual = engine.world().nowMs
  let lastWall = anchorWall
  let lastTarget = anchorVirtual
  const target = (): number => {
    const now = scheduler.now()
    // Moved ahead since the last tick: the jump adds to the wall time, it is not caught up with.
    if (engine.world().nowMs > lastTarget) {
      anchorWall = lastWall
      anchorVirtual = engine.world().nowMs
    }
    lastWall = now
    lastTarget = anchorVirtual + Math.floor((now - anchorWall) * clock.speed)
    return lastTarget
  }
  return interval(clock.tickMs ?? 100, scheduler)
    .pipe(concatMap(() => engine.submit({ type: 'advanceTo', atMs: target() })))
    .subscribe()
}
