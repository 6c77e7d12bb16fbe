/** A clock the tests can drive: the time now, and a repeating tick (the kiosk guard, the update schedule). */
export interface Clock {
  now(): number;
  every(ms: number, tick: () => void): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref?.();
    return () => clearInterval(timer);
  },
};
