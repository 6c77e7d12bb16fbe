import type { Clock } from '../../server/domain/clock';

/** A clock the test moves by hand; starts at the real now. */
export class TestClock implements Clock {
  private t = Date.now();
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
