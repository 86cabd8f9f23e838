/**
 * Time and timers as the controller's waiting code sees them: injected, so that unit tests
 * drive the work queue with a fake clock instead of sleeping.
 */
import type { Clock } from '../model/index.js';

/** An opaque timer id: whatever `setTimeout` of the same clock returned. */
export type TimerHandle = unknown;

export interface TimerClock extends Clock {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Node's timers cannot wait longer than 2^31-1 ms (≈ 24.8 days); longer waits fire at once. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** The process's real clock and timers. */
export const REAL_TIMER_CLOCK: TimerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, Math.min(ms, MAX_TIMER_DELAY_MS)),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
