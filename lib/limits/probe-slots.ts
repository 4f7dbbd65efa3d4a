// The global cap on probes running at once in this process, with a short, bounded queue: a
// burst waits a little instead of failing, but a flood gets 503 at once rather than piling up.

export type SlotResult = { ok: true; release(): void } | { ok: false; reason: "queue-full" | "timeout" | "aborted" };

export interface ProbeSlotsOptions {
  max: number;
  /** Requests that may wait; more get "queue-full" at once. */
  queue: number;
  /** How long one may wait before "timeout". */
  waitMs: number;
}

interface Waiter {
  grant(): void;
}

export class ProbeSlots {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(private readonly opts: ProbeSlotsOptions) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** A slot now, or after waiting in line; `signal` takes the request out of the line. */
  acquire(signal?: AbortSignal): Promise<SlotResult> {
    if (signal?.aborted) return Promise.resolve({ ok: false, reason: "aborted" });
    if (this.active < this.opts.max && this.waiters.length === 0) {
      this.active++;
      return Promise.resolve({ ok: true, release: this.releaser() });
    }
    if (this.waiters.length >= this.opts.queue) return Promise.resolve({ ok: false, reason: "queue-full" });

    return new Promise<SlotResult>((resolve) => {
      const leave = (reason: "timeout" | "aborted") => {
        const i = this.waiters.indexOf(waiter);
        if (i === -1) return;
        this.waiters.splice(i, 1);
        cleanup();
        resolve({ ok: false, reason });
      };
      const onAbort = () => leave("aborted");
      const timer = setTimeout(() => leave("timeout"), this.opts.waitMs);
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      // The slot is handed over directly (active stays the same), so nobody can jump the line.
      const waiter: Waiter = {
        grant: () => {
          cleanup();
          resolve({ ok: true, release: this.releaser() });
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
