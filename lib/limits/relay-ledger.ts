// When the open-relay test last ran against each target. It sends MAIL FROM / RCPT TO for
// strangers' addresses, so it runs at most once per target per window, whoever asks.

export interface RelayUse {
  /** The report whose probe ran (or is running) the relay test. */
  reportId: string;
  atMs: number;
}

export class RelayLedger {
  private readonly byTarget = new Map<string, RelayUse>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The relay test of this target within the window, if any. */
  recent(target: string): (RelayUse & { ageMs: number }) | null {
    if (this.windowMs <= 0) return null;
    this.prune();
    const use = this.byTarget.get(target);
    return use ? { ...use, ageMs: Math.max(0, this.now() - use.atMs) } : null;
  }

  /** Claims the target's relay test for a probe about to start; `release` undoes it if the test never ran. */
  claim(target: string, reportId: string): { release(): void } {
    if (this.windowMs <= 0) return { release() {} };
    const use = { reportId, atMs: this.now() };
    this.byTarget.delete(target);
    this.byTarget.set(target, use);
    return {
      release: () => {
        if (this.byTarget.get(target) === use) this.byTarget.delete(target);
      },
    };
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    for (const [target, use] of this.byTarget) {
      if (use.atMs > cutoff) break;
      this.byTarget.delete(target);
    }
  }
}
