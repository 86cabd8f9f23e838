/**
 * A fake clock with timers for code that takes a `TimerClock`: time moves only when a test
 * calls `advance`, and timers fire in due order at their due time, so waits are exact and
 * tests never sleep.
 */
import type { TimerClock, TimerHandle } from '../../src/controller/work-queue.js';

interface FakeTimer {
  readonly id: number;
  readonly dueAt: number;
  readonly callback: () => void;
}

export interface FakeClock extends TimerClock {
  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void;
  /** Timers set and neither fired nor cleared. */
  readonly pendingTimers: number;
  /** Delays passed to `setTimeout`, in call order. */
  readonly requestedDelays: readonly number[];
}

export function createFakeClock(startMs = 1_700_000_000_000): FakeClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, FakeTimer>();
  const requestedDelays: number[] = [];
  const earliestDue = (limit: number): FakeTimer | undefined => {
    let earliest: FakeTimer | undefined;
    for (const timer of timers.values()) {
      if (timer.dueAt > limit) continue;
      if (earliest === undefined || timer.dueAt < earliest.dueAt) earliest = timer;
    }
    return earliest;
  };
  return {
    now: () => now,
    setTimeout(callback, ms): TimerHandle {
      requestedDelays.push(ms);
      const timer = { id: nextId++, dueAt: now + Math.max(0, ms), callback };
      timers.set(timer.id, timer);
      return timer.id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const target = now + ms;
      for (let timer = earliestDue(target); timer; timer = earliestDue(target)) {
        timers.delete(timer.id);
        now = timer.dueAt;
        timer.callback();
      }
      now = target;
    },
    get pendingTimers() {
      return timers.size;
    },
    get requestedDelays() {
      return requestedDelays;
    },
  };
}

/** Lets pending promise callbacks (and the work they start) run before the test goes on. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
