import type { Clock } from '../../server/domain/clock';

/**
 * A clock the test moves by hand. Frozen (the default) it starts at the real now and
 * stays there; running, it follows the real clock plus whatever the test added.
 */
export class TestClock implements Clock {
  private readonly start = Date.now();
  private offset = 0;
  constructor(private readonly running = false) {}
  now(): number {
    return (this.running ? Date.now() : this.start) + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}
