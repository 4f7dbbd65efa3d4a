// Per-client limits: probes at once, and probes per time window. The window budget is kept by
// rate-limiter-flexible (memory by default; pass another RateLimiter*, e.g. a Redis one, to
// share it between processes). Running probes are counted in process: they end with it.
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export type ClientAdmission =
  | {
      ok: true;
      /** Ends the probe's hold on the client's concurrency; `refund` also returns its budget point. */
      release(opts?: { refund?: boolean }): void;
    }
  | { ok: false; reason: "concurrent" | "rate"; retryAfterSeconds: number; limit: number };

/** What the probe service needs from a client limiter; a shared-store version implements the same. */
export interface ClientLimiter {
  admit(key: string): Promise<ClientAdmission>;
}

export interface ClientLimiterOptions {
  concurrent: number;
  probes: number;
  windowSeconds: number;
  /** The window store; RateLimiterMemory by default. Must use `probes` points per `windowSeconds`. */
  budget?: RateLimiterAbstract;
}

/** No promise when a running probe will end: suggest a short wait. */
const CONCURRENT_RETRY_SECONDS = 10;

export class MemoryClientLimiter implements ClientLimiter {
  private readonly running = new Map<string, number>();
  private readonly budget: RateLimiterAbstract;

  constructor(private readonly opts: ClientLimiterOptions) {
    this.budget =
      opts.budget ??
      new RateLimiterMemory({ keyPrefix: "mailprobe-client", points: opts.probes, duration: opts.windowSeconds });
  }

  async admit(key: string): Promise<ClientAdmission> {
    const now = this.running.get(key) ?? 0;
    if (now >= this.opts.concurrent) {
      return {
        ok: false,
        reason: "concurrent",
        retryAfterSeconds: CONCURRENT_RETRY_SECONDS,
        limit: this.opts.concurrent,
      };
    }
    // Hold the place before awaiting the store, so two requests in the same instant cannot both pass.
    this.running.set(key, now + 1);
    try {
      await this.budget.consume(key, 1);
    } catch (err) {
      this.drop(key);
      if (!(err instanceof RateLimiterRes)) throw err; // the store failed: a bug or an outage, not a limit
      return {
        ok: false,
        reason: "rate",
        retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)),
        limit: this.opts.probes,
      };
    }
    let released = false;
    return {
      ok: true,
      release: (opts) => {
        if (released) return;
        released = true;
        this.drop(key);
        if (opts?.refund) void this.budget.reward(key, 1).catch(() => undefined);
      },
    };
  }

  /** Probes this key has running (for tests and logs). */
  runningFor(key: string): number {
    return this.running.get(key) ?? 0;
  }

  private drop(key: string): void {
    const left = (this.running.get(key) ?? 1) - 1;
    if (left > 0) this.running.set(key, left);
    else this.running.delete(key);
  }
}
