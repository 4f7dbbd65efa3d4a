import { describe, expect, it } from "vitest";
import { MemoryClientLimiter } from "../../lib/limits/client-limiter";
import { ProbeSlots } from "../../lib/limits/probe-slots";
import { RecentReports } from "../../lib/limits/recent-reports";
import { RelayLedger } from "../../lib/limits/relay-ledger";
import { DEFAULT_LIMIT_SETTINGS, LIMIT_ENV, limitSettingsFromEnv } from "../../lib/limits/settings";
import { formatSeconds } from "../../lib/ui/format";

describe("limitSettingsFromEnv", () => {
  it("has the documented defaults", () => {
    expect(limitSettingsFromEnv({})).toEqual({
      trustedProxies: 0,
      clientConcurrent: 2,
      clientProbes: 10,
      clientWindowSeconds: 600,
      reuseSeconds: 60,
      relayWindowSeconds: 3600,
      globalConcurrent: 20,
      queueSize: 20,
      queueWaitSeconds: 20,
    });
  });

  it("reads every variable", () => {
    const env: Record<string, string> = {};
    let n = 7;
    for (const { name } of Object.values(LIMIT_ENV)) env[name] = String(n++);
    const got = limitSettingsFromEnv(env);
    expect(Object.values(got)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(Object.keys(got)).toEqual(Object.keys(DEFAULT_LIMIT_SETTINGS));
  });

  it("accepts 0 where 0 means off, and refuses it where it would block everything", () => {
    expect(limitSettingsFromEnv({ MAILPROBE_LIMIT_REUSE_SECONDS: "0" }).reuseSeconds).toBe(0);
    expect(limitSettingsFromEnv({ MAILPROBE_LIMIT_QUEUE: "0" }).queueSize).toBe(0);
    expect(() => limitSettingsFromEnv({ MAILPROBE_LIMIT_GLOBAL_CONCURRENT: "0" })).toThrow(/at least 1/);
  });

  it.each(["-1", "1.5", "ten", "1e3", "0x10"])("refuses %j instead of ignoring it", (raw) => {
    expect(() => limitSettingsFromEnv({ MAILPROBE_LIMIT_CLIENT_PROBES: raw })).toThrow(/MAILPROBE_LIMIT_CLIENT_PROBES/);
  });
});

describe("MemoryClientLimiter", () => {
  it("allows `concurrent` probes at once and frees a place on release", async () => {
    const limiter = new MemoryClientLimiter({ concurrent: 2, probes: 100, windowSeconds: 60 });
    const a = await limiter.admit("k");
    const b = await limiter.admit("k");
    const c = await limiter.admit("k");
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, false]);
    if (c.ok) throw new Error("unreachable");
    expect(c.reason).toBe("concurrent");
    expect(c.retryAfterSeconds).toBeGreaterThan(0);
    // Another client is not affected.
    expect((await limiter.admit("other")).ok).toBe(true);
    if (a.ok) a.release();
    if (a.ok) a.release(); // twice is harmless
    expect(limiter.runningFor("k")).toBe(1);
    expect((await limiter.admit("k")).ok).toBe(true);
  });

  it("allows `probes` per window and then tells how long to wait", async () => {
    const limiter = new MemoryClientLimiter({ concurrent: 100, probes: 3, windowSeconds: 600 });
    for (let i = 0; i < 3; i++) {
      const a = await limiter.admit("k");
      expect(a.ok).toBe(true);
      if (a.ok) a.release();
    }
    const refused = await limiter.admit("k");
    expect(refused.ok).toBe(false);
    if (refused.ok) throw new Error("unreachable");
    expect(refused.reason).toBe("rate");
    expect(refused.retryAfterSeconds).toBeGreaterThan(590);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(600);
    // A refusal holds no concurrency place.
    expect(limiter.runningFor("k")).toBe(0);
  });

  it("gives the point back when the probe never ran (refund)", async () => {
    const limiter = new MemoryClientLimiter({ concurrent: 5, probes: 1, windowSeconds: 600 });
    const a = await limiter.admit("k");
    if (!a.ok) throw new Error("first admit refused");
    a.release({ refund: true });
    await new Promise((r) => setTimeout(r, 10));
    expect((await limiter.admit("k")).ok).toBe(true);
    expect((await limiter.admit("k")).ok).toBe(false);
  });

  it("does not let two requests in the same instant both take the last place", async () => {
    const limiter = new MemoryClientLimiter({ concurrent: 1, probes: 100, windowSeconds: 60 });
    const both = await Promise.all([limiter.admit("k"), limiter.admit("k")]);
    expect(both.filter((a) => a.ok)).toHaveLength(1);
  });
});

describe("ProbeSlots", () => {
  it("runs `max` at once, queues up to `queue`, refuses the rest at once", async () => {
    const slots = new ProbeSlots({ max: 2, queue: 1, waitMs: 5000 });
    const a = await slots.acquire();
    const b = await slots.acquire();
    expect(a.ok && b.ok).toBe(true);
    const queued = slots.acquire();
    expect(slots.waiting).toBe(1);
    expect(await slots.acquire()).toEqual({ ok: false, reason: "queue-full" });
    if (a.ok) a.release();
    const got = await queued;
    expect(got.ok).toBe(true);
    expect(slots.running).toBe(2);
    if (got.ok) got.release();
    if (b.ok) b.release();
    expect(slots.running).toBe(0);
  });

  it("gives up after the wait limit", async () => {
    const slots = new ProbeSlots({ max: 1, queue: 5, waitMs: 50 });
    const a = await slots.acquire();
    const t0 = Date.now();
    expect(await slots.acquire()).toEqual({ ok: false, reason: "timeout" });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(slots.waiting).toBe(0);
    if (a.ok) a.release();
    expect(slots.running).toBe(0);
  });

  it("takes a request out of the line when its client leaves", async () => {
    const slots = new ProbeSlots({ max: 1, queue: 5, waitMs: 5000 });
    const a = await slots.acquire();
    const abort = new AbortController();
    const waiting = slots.acquire(abort.signal);
    abort.abort();
    expect(await waiting).toEqual({ ok: false, reason: "aborted" });
    expect(slots.waiting).toBe(0);
    if (a.ok) a.release();
    expect(slots.running).toBe(0);
  });

  it("serves the line in order; a newcomer cannot jump it", async () => {
    const slots = new ProbeSlots({ max: 1, queue: 5, waitMs: 5000 });
    const a = await slots.acquire();
    const order: string[] = [];
    const inLine = (name: string) =>
      slots.acquire().then((r) => {
        order.push(name);
        return r;
      });
    const first = inLine("first");
    const second = inLine("second");
    if (a.ok) a.release();
    const r1 = await first;
    if (r1.ok) r1.release();
    await second;
    expect(order).toEqual(["first", "second"]);
  });
});

describe("RecentReports and RelayLedger", () => {
  it("remembers a finished report for the window, with its age", () => {
    let now = 1_000_000;
    const recent = new RecentReports(60_000, () => now);
    recent.remember("k", "id1");
    now += 42_000;
    expect(recent.find("k")).toMatchObject({ id: "id1", ageMs: 42_000, remainingMs: 18_000 });
    now += 18_000;
    expect(recent.find("k")).toBeNull();
    expect(recent.size).toBe(0);
  });

  it("keeps nothing when reuse is off", () => {
    const recent = new RecentReports(0);
    recent.remember("k", "id1");
    expect(recent.find("k")).toBeNull();
  });

  it("claims the relay test per target for the window, and can hand the claim back", () => {
    let now = 0;
    const ledger = new RelayLedger(3_600_000, () => now);
    expect(ledger.recent("example.com")).toBeNull();
    const claim = ledger.claim("example.com", "r1");
    now += 10 * 60_000;
    expect(ledger.recent("example.com")).toMatchObject({ reportId: "r1", ageMs: 600_000 });
    expect(ledger.recent("example.org")).toBeNull();
    claim.release();
    expect(ledger.recent("example.com")).toBeNull();
    ledger.claim("example.com", "r2");
    now += 3_600_000;
    expect(ledger.recent("example.com")).toBeNull();
  });

  it("a stale claim's release does not undo a newer one", () => {
    let now = 0;
    const ledger = new RelayLedger(3_600_000, () => now);
    const old = ledger.claim("example.com", "r1");
    now += 1;
    ledger.claim("example.com", "r2");
    old.release();
    expect(ledger.recent("example.com")?.reportId).toBe("r2");
  });
});

describe("formatSeconds (waits and ages in refusals and the reused notice)", () => {
  it.each([
    [0, "0 s"],
    [0.6, "1 s"],
    [42, "42 s"],
    [60, "1 min"],
    [252, "4 min 12 s"],
    [600, "10 min"],
    [3600, "1 h"],
    [3900, "1 h 5 min"],
    [7199, "2 h"],
  ])("%d → %s", (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});
