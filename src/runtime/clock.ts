import { asyncScheduler, concatMap, interval, type SchedulerLike, type Subscription } from 'rxjs'
import type { Engine } from './engine.js'

/** How virtual time moves: only when told (`virtual`), or with the wall clock times `speed` (`real`). */
export type ClockMode = { readonly mode: 'virtual' } | { readonly mode: 'real'; readonly speed: number; readonly tickMs?: number }

/**
 * Drives an engine in `real` mode: every tick, virtual time catches up with the wall clock × speed,
 * firing whatever timers fell due. Ticks that fire nothing append nothing (the log records changes,
 * not ticks). The scheduler is injectable so pacing is tested with RxJS virtual time.
 */
export const followWallClock = (
  engine: Engine,
  clock: Extract<ClockMode, { mode: 'real' }>,
  scheduler: SchedulerLike = asyncScheduler,
): Subscription => {
  const startWall = scheduler.now()
  const startVirtual = engine.world().nowMs
  return interval(clock.tickMs ?? 100, scheduler)
    .pipe(
      concatMap(() =>
        engine.submit({ type: 'advanceTo', atMs: startVirtual + Math.floor((scheduler.now() - startWall) * clock.speed) }),
      ),
    )
    .subscribe()
}
