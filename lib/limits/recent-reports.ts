// Reports finished a moment ago, by probe key: a second request within the window gets the
// recent report instead of a new round of connections to the same server.

export interface RecentReport {
  id: string;
  finishedAtMs: number;
}

export class RecentReports {
  private readonly byKey = new Map<string, RecentReport>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  remember(key: string, id: string): void {
    if (this.windowMs <= 0) return;
    this.prune();
    // Re-insert so the map stays in finishing order, which prune() relies on.
    this.byKey.delete(key);
    this.byKey.set(key, { id, finishedAtMs: this.now() });
  }

  /** The report finished within the window for this key, with its age. */
  find(key: string): (RecentReport & { ageMs: number; remainingMs: number }) | null {
    this.prune();
    const hit = this.byKey.get(key);
    if (!hit) return null;
    const ageMs = Math.max(0, this.now() - hit.finishedAtMs);
    return { ...hit, ageMs, remainingMs: this.windowMs - ageMs };
  }

  forget(key: string): void {
    this.byKey.delete(key);
  }

  get size(): number {
    return this.byKey.size;
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    for (const [key, entry] of this.byKey) {
      if (entry.finishedAtMs > cutoff) break;
      this.byKey.delete(key);
    }
  }
}
