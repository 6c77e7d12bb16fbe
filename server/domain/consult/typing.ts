/** "Typing" is said at most once every few seconds per side of a consultation (it is stored as an event). */
export class TypingGate {
  private readonly last = new Map<string, number>();

  constructor(private readonly everyMs = 3000) {}

  pass(key: string, now: number): boolean {
    const before = this.last.get(key);
    if (before !== undefined && now - before < this.everyMs) return false;
    this.last.set(key, now);
    // Old keys go; the map stays small.
    if (this.last.size > 10_000) for (const [k, t] of this.last) if (now - t > this.everyMs) this.last.delete(k);
    return true;
  }
}
