// The public-service limits, through the route handler as Next calls it, against real servers on
// 127.0.90.0/24. Low limits are set in the environment before the route is imported.
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { readNdjson } from "../../lib/http/ndjson-client";
import type { ProbeEvent, Report } from "../../lib/probe/types";
import { type SilentServer, startSilentServer } from "../servers/silent-server";
import { type SmtpFixture, startSmtpServer } from "../servers/smtp-fixture";

const DB = path.resolve(__dirname, "../.tmp/api-limits.db");
const LIMITS = {
  MAILPROBE_TRUSTED_PROXIES: "0",
  MAILPROBE_LIMIT_CLIENT_CONCURRENT: "2",
  MAILPROBE_LIMIT_CLIENT_PROBES: "3",
  MAILPROBE_LIMIT_CLIENT_WINDOW_SECONDS: "600",
  MAILPROBE_LIMIT_REUSE_SECONDS: "60",
  MAILPROBE_LIMIT_RELAY_WINDOW_SECONDS: "3600",
  MAILPROBE_LIMIT_GLOBAL_CONCURRENT: "3",
  MAILPROBE_LIMIT_QUEUE: "1",
  MAILPROBE_LIMIT_QUEUE_WAIT_SECONDS: "2",
};

let POST: (req: Request) => Promise<Response>;
let joinServer: SmtpFixture;
let relayServer: SmtpFixture;
const silent: SilentServer[] = [];
const logLines: string[] = [];
// Requests still streaming, closed after each test so no probe outlives it.
const openTabs: AbortController[] = [];

beforeAll(async () => {
  fs.mkdirSync(path.dirname(DB), { recursive: true });
  for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) fs.rmSync(f, { force: true });
  Object.assign(process.env, LIMITS, {
    MAILPROBE_DB: DB,
    MAILPROBE_ALLOW_TARGETS: "127.0.90.0/24",
    MAILPROBE_HELO_NAME: "probe.mailprobe.test",
    // Long enough to keep a probe of a silent server in flight during a test, short enough to end.
    MAILPROBE_GREETING_TIMEOUT_MS: "6000",
    MAILPROBE_CONNECT_TIMEOUT_MS: "2000",
    // IP targets still look up their PTR: a loopback port where nothing listens (refused at once).
    MAILPROBE_DNS_SERVERS: "127.0.90.254:53",
  });
  ({ POST } = await import("../../app/api/probe/route"));
  // A greeting delay keeps the probe in flight long enough for a second request to join it.
  joinServer = await startSmtpServer({
    host: "127.0.90.2",
    port: 25,
    name: "mx.join.mailprobe.test",
    greetingDelayMs: 800,
  });
  relayServer = await startSmtpServer({ host: "127.0.90.4", port: 25, name: "mx.relay.mailprobe.test" });
  for (const host of ["127.0.90.20", "127.0.90.21", "127.0.90.22", "127.0.90.23"]) {
    silent.push(await startSilentServer(host, 25));
  }
  // One JSON line per probe on stdout: keep them for the log test, and keep the test output quiet.
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    logLines.push(String(chunk));
    return true;
  });
});

afterEach(async () => {
  for (const tab of openTabs.splice(0)) tab.abort();
  const { getProbeService } = await import("../../lib/http/probe-service-instance");
  const idle = () => {
    const { running, waiting, inFlight } = getProbeService().service.stats;
    return running + waiting + inFlight === 0;
  };
  await until(() => idle() && silent.every((s) => s.open === 0), 5000);
  expect(idle()).toBe(true);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all([joinServer?.close(), relayServer?.close(), ...silent.map((s) => s.close())]);
});

interface Body {
  target: string;
  ports?: number[];
  relay?: boolean;
  fresh?: boolean;
}

/** POST as a client behind our server, which appends the socket peer to X-Forwarded-For. */
function post(body: Body, forwardedFor: string, tab = new AbortController()): Promise<Response> {
  openTabs.push(tab);
  return POST(
    new Request("http://localhost/api/probe", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
      body: JSON.stringify(body),
      signal: tab.signal,
    }),
  );
}

async function readAll(res: Response): Promise<ProbeEvent[]> {
  expect(res.status).toBe(200);
  const out: ProbeEvent[] = [];
  for await (const e of readNdjson<ProbeEvent>(res)) out.push(e);
  return out;
}

const started = (events: ProbeEvent[]) => {
  const first = events[0];
  if (first?.type !== "started") throw new Error(`first event is ${first?.type}, not started`);
  return first;
};

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
}

/** A probe that stays in flight: a silent server never greets. Returns once it holds a connection. */
async function holdProbe(server: SilentServer, client: string): Promise<{ tab: AbortController; id: string }> {
  const tab = new AbortController();
  const res = await post({ target: server.host }, client, tab);
  expect(res.status).toBe(200);
  const first = await readNdjson<ProbeEvent>(res).next();
  await until(() => server.open > 0, 3000);
  expect(server.open).toBe(1);
  const id = first.value?.type === "started" ? first.value.id : "";
  return { tab, id };
}

async function refusal(res: Response) {
  const body = (await res.json()) as { error: string; retryAfterSeconds: number };
  return { status: res.status, retryAfter: Number(res.headers.get("retry-after")), ...body };
}

describe("per-client limits", () => {
  it("answers 429 with Retry-After once a client has used its probes for the window", async () => {
    const client = "198.51.100.10";
    // Nothing listens on these addresses: each probe ends at once, refused, but it is a probe.
    for (const target of ["127.0.90.101", "127.0.90.102", "127.0.90.103"]) {
      const events = await readAll(await post({ target }, client));
      expect(events.at(-1)?.type).toBe("finished");
    }
    const res = await post({ target: "127.0.90.104" }, client);
    const r = await refusal(res);
    expect(r.status).toBe(429);
    expect(r.retryAfter).toBeGreaterThan(500);
    expect(r.retryAfter).toBeLessThanOrEqual(600);
    expect(r.retryAfterSeconds).toBe(r.retryAfter);
    expect(r.error).toMatch(/3 tests in the last 10 min/);
    expect(r.error).toMatch(/try again in \d+ min/);
    // Another client is not affected.
    expect(started(await readAll(await post({ target: "127.0.90.104" }, "198.51.100.11"))).reused).toBeUndefined();
    // A finished report of the same target is still served: it costs no connection.
    const reused = await readAll(await post({ target: "127.0.90.101" }, client));
    expect(started(reused).reused).toBeDefined();
  });

  it("allows two probes at once per client, and 429s the third while they run", async () => {
    const client = "198.51.100.20";
    await holdProbe(silent[0], client);
    await holdProbe(silent[1], client);
    const r = await refusal(await post({ target: silent[2].host }, client));
    expect(r.status).toBe(429);
    expect(r.retryAfter).toBeGreaterThan(0);
    expect(r.error).toMatch(/already have 2 tests running/);
    expect(silent[2].accepted).toBe(0);
  });

  it("ignores a spoofed X-Forwarded-For: only the entry our server appended counts", async () => {
    const peer = "198.51.100.30";
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await post({ target: `127.0.90.${110 + i}` }, `203.0.113.${i + 1}, 10.0.0.${i + 1}, ${peer}`);
      statuses.push(res.status);
      if (res.status === 200) await readAll(res);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Control: with a different peer each time, nobody hits the limit.
    for (let i = 0; i < 4; i++) {
      const res = await post({ target: `127.0.90.${120 + i}` }, `${peer}, 198.51.100.${40 + i}`);
      expect(res.status).toBe(200);
      await readAll(res);
    }
  });
});

describe("one probe per target", () => {
  it("a second request for the same target joins the running probe: one report id, one connection", async () => {
    const body = { target: joinServer.host, relay: true };
    const resA = await post(body, "198.51.100.50");
    expect(resA.status).toBe(200);
    const itA = readNdjson<ProbeEvent>(resA);
    const firstA = (await itA.next()).value as ProbeEvent;
    // Join while the server is still holding its greeting back.
    await until(() => joinServer.connections > 0, 3000);
    const resB = await post({ ...body, target: ` ${joinServer.host} ` }, "198.51.100.51");
    expect(resB.status).toBe(200);
    const eventsB = await readAll(resB);
    const eventsA = [firstA];
    for await (const e of itA) eventsA.push(e);

    expect(started(eventsA).id).toBe(started(eventsB).id);
    expect(eventsB).toEqual(eventsA);
    expect(eventsA.at(-1)?.type).toBe("finished");
    expect(eventsA.some((e) => e.type === "check" && e.check.id === "banner" && e.check.status === "pass")).toBe(true);
    expect(joinServer.connections).toBe(1);
    expect(joinServer.commands.filter((c) => /^RCPT/i.test(c))).toHaveLength(1);
  });

  it("returns the recent report within 60 s, labelled with its age, without connecting", async () => {
    const before = joinServer.connections;
    const events = await readAll(await post({ target: joinServer.host, relay: true }, "198.51.100.52"));
    const first = started(events);
    expect(first.reused).toBeDefined();
    expect(first.reused?.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(first.reused?.ageSeconds).toBeLessThan(60);
    expect(first.reused?.rerunAfterSeconds).toBeGreaterThan(0);
    expect(first.reused?.rerunAfterSeconds).toBeLessThanOrEqual(60);
    expect(events.at(-1)?.type).toBe("finished");
    expect(events.filter((e) => e.type === "check").length).toBeGreaterThan(5);
    expect(joinServer.connections).toBe(before);

    // "Run again" (fresh) inside the window is refused with the wait, and opens nothing either.
    const r = await refusal(await post({ target: joinServer.host, relay: true, fresh: true }, "198.51.100.52"));
    expect(r.status).toBe(429);
    expect(r.retryAfter).toBeGreaterThan(0);
    expect(r.retryAfter).toBeLessThanOrEqual(60);
    expect(r.error).toMatch(/was tested \d+ s ago.*again in (\d+ s|1 min)\.$/);
    expect(joinServer.connections).toBe(before);

    // Other ports are another probe: not reused.
    const other = await readAll(await post({ target: joinServer.host, ports: [587], relay: true }, "198.51.100.53"));
    expect(started(other).reused).toBeUndefined();
    expect(started(other).id).not.toBe(first.id);
  });

  it("keeps probing while one viewer remains, after the first one leaves", async () => {
    const body = { target: joinServer.host, ports: [25, 465] as number[], relay: false };
    const tabA = new AbortController();
    const resA = await post(body, "198.51.100.60", tabA);
    const firstA = await readNdjson<ProbeEvent>(resA).next();
    const resB = await post(body, "198.51.100.61");
    tabA.abort();
    const eventsB = await readAll(resB);
    expect(started(eventsB).id).toBe(firstA.value?.type === "started" ? firstA.value.id : "?");
    expect(eventsB.at(-1)?.type).toBe("finished");
  });
});

describe("the relay test", () => {
  it("runs at most once per target per hour; a later probe leaves it out and says so", async () => {
    const first = await readAll(await post({ target: relayServer.host, relay: true }, "198.51.100.70"));
    expect(first.some((e) => e.type === "check" && e.check.id === "open-relay")).toBe(true);
    const rcpts = () => relayServer.commands.filter((c) => /^RCPT/i.test(c)).length;
    expect(rcpts()).toBe(1);

    // Another port set with relay: a new probe, but without the relay test.
    const second = await readAll(
      await post({ target: relayServer.host, ports: [25, 587], relay: true }, "198.51.100.71"),
    );
    const s = started(second);
    expect(s.reused).toBeUndefined();
    expect(s.relay).toBe(false);
    expect(s.notes?.map((n) => n.code)).toEqual(["relay-skipped"]);
    expect(s.notes?.[0].message).toMatch(/open-relay test was left out/);
    expect(s.notes?.[0].reportId).toBe(started(first).id);
    expect(second.some((e) => e.type === "check" && e.check.id === "open-relay")).toBe(false);
    expect(second.at(-1)?.type).toBe("finished");
    expect(rcpts()).toBe(1);

    // The note is part of the stored report, so the permalink shows it.
    const { GET } = await import("../../app/api/reports/[id]/route");
    const stored = (await (
      await GET(new Request(`http://localhost/api/reports/${s.id}`), { params: Promise.resolve({ id: s.id }) })
    ).json()) as Report;
    expect(stored.notes?.[0].code).toBe("relay-skipped");
  });
});

describe("global cap", () => {
  it("queues past the cap, then answers 503 with Retry-After when the line is full or too slow", async () => {
    // Three probes from three clients fill the global cap of 3.
    const held = [
      await holdProbe(silent[0], "198.51.100.80"),
      await holdProbe(silent[1], "198.51.100.81"),
      await holdProbe(silent[2], "198.51.100.82"),
    ];
    // The fourth waits in the queue (size 1); the fifth finds it full and is refused at once.
    const t0 = Date.now();
    const waiting = post({ target: "127.0.90.130" }, "198.51.100.83");
    await new Promise((r) => setTimeout(r, 100));
    const full = await refusal(await post({ target: "127.0.90.131" }, "198.51.100.84"));
    expect(full.status).toBe(503);
    expect(full.retryAfter).toBeGreaterThan(0);
    expect(full.error).toMatch(/try again in/);
    expect(Date.now() - t0).toBeLessThan(1500);
    // The queued one gives up after the 2 s wait.
    const timedOut = await refusal(await waiting);
    expect(timedOut.status).toBe(503);
    expect(timedOut.retryAfter).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
    // The refused clients' budgets were refunded: no probe ran for them.

    // A queued request starts as soon as a place frees up.
    const queued = post({ target: "127.0.90.132" }, "198.51.100.85");
    await new Promise((r) => setTimeout(r, 100));
    held[0].tab.abort();
    const res = await queued;
    expect(res.status).toBe(200);
    const events = await readAll(res);
    expect(events.at(-1)?.type).toBe("finished");
  });
});

describe("logs", () => {
  it("writes one JSON line per probe, with the client address truncated", async () => {
    logLines.length = 0;
    const events = await readAll(await post({ target: "127.0.90.140" }, "203.0.113.9, 198.51.100.90"));
    const id = started(events).id;
    await until(() => logLines.some((l) => l.includes(id)), 2000);
    const mine = logLines.filter((l) => l.includes(id));
    expect(mine).toHaveLength(1);
    expect(mine[0].endsWith("\n")).toBe(true);
    expect(mine[0].slice(0, -1)).not.toMatch(/[\u0000-\u001f]/);
    const entry = JSON.parse(mine[0]);
    expect(entry).toMatchObject({
      event: "probe",
      id,
      target: "127.0.90.140",
      ports: [25],
      relay: true,
      state: "finished",
      client: "198.51.100.0/24",
      viewers: 1,
    });
    expect(typeof entry.durationMs).toBe("number");
    expect(mine[0]).not.toContain("198.51.100.90");
    expect(mine[0]).not.toContain("203.0.113.9");
  });
});
