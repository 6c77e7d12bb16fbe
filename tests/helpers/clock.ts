import type { Clock } from '../../server/domain/clock';

/**
 * The instant every test service starts at, whatever the calendar says: Tuesday 24 November
 * 2026, 10:00 WIB, a working day before the 12:00 cut-off. It is the day the demo file
 * describes (server/cli/seed-demo.ts), so the demo's dates read as the file writes them. A test
 * that needs another day moves the clock; none reads the wall clock for "today".
 */
export const TEST_EPOCH = Date.parse('2026-11-24T03:00:00Z');

/**
 * A clock the test moves by hand. Frozen (the default) it stays at its start; running, it
 * moves on with the time that passes (a browser counts down against it) plus whatever the test
 * added.
 */
export class TestClock implements Clock {
  private readonly started = performance.now();
  private offset = 0;
  constructor(
    private readonly running = false,
    private readonly start = TEST_EPOCH,
    /** The system's own clock: only for a service whose fellow instances are real processes, which know no other. */
    private readonly system = false,
  ) {}
  now(): number {
    if (this.system) return Date.now() + this.offset;
    return this.start + this.offset + (this.running ? Math.round(performance.now() - this.started) : 0);
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}
