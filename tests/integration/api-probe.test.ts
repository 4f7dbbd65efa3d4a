// The route handlers called as Next calls them: a Request in, a streamed Response out.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readNdjson } from "../../lib/http/ndjson-client";
import type { ProbeEvent, Report } from "../../lib/probe/types";
import { type SilentServer, startSilentServer } from "../servers/silent-server";
import { type SmtpFixture, startSmtpServer } from "../servers/smtp-fixture";

const DB = path.resolve(__dirname, "../.tmp/api-test.db");
let silent: SilentServer;
let smtp: SmtpFixture;
let POST: (req: Request) => Promise<Response>;
let GET: (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;

beforeAll(async () => {
  fs.mkdirSync(path.dirname(DB), { recursive: true });
  for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) fs.rmSync(f, { force: true });
  process.env.MAILPROBE_DB = DB;
  process.env.MAILPROBE_ALLOW_TARGETS = "127.0.0.0/8";
  process.env.MAILPROBE_HELO_NAME = "probe.mailprobe.test";
  process.env.MAILPROBE_GREETING_TIMEOUT_MS = "20000";
  // IP targets still look up their PTR: point DNS at a loopback port where nothing listens
  // (refused at once) so no query leaves the machine.
  process.env.MAILPROBE_DNS_SERVERS = "127.0.80.254:53";
  ({ POST } = await import("../../app/api/probe/route"));
  ({ GET } = await import("../../app/api/reports/[id]/route"));
  silent = await startSilentServer("127.0.42.1", 25);
  smtp = await startSmtpServer({ host: "127.0.42.2", port: 25, name: "mx.api.mailprobe.test" });
});
afterAll(async () => {
  await Promise.all([silent?.close(), smtp?.close()]);
});

const post = (body: unknown, signal?: AbortSignal) =>
  POST(
    new Request("http://localhost/api/probe", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
      signal,
    }),
  );

const getReport = async (id: string) => {
  const res = await GET(new Request(`http://localhost/api/reports/${id}`), { params: Promise.resolve({ id }) });
  return { status: res.status, body: (await res.json()) as Report & { error?: string } };
};

describe("POST /api/probe", () => {
  it.each([
    ["not JSON", "{", /JSON/],
    ["no target", {}, /domain/i],
    ["a URL", { target: "https://example.com/" }, /domain/i],
    ["a port outside 25/465/587", { target: "example.com", ports: [2525] }, /25, 465 or 587/],
    ["relay not boolean", { target: "example.com", relay: "yes" }, /relay/],
  ])("rejects %s with 400 and a readable error", async (_label, body, message) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(message);
  });

  it("streams NDJSON, first event carries the id, and saves the report as it goes", async () => {
    const res = await post({ target: "127.0.42.2", relay: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    const events: ProbeEvent[] = [];
    for await (const e of readNdjson<ProbeEvent>(res)) events.push(e);
    expect(events[0].type).toBe("started");
    const id = events[0].type === "started" ? events[0].id : "";
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(events.at(-1)?.type).toBe("finished");
    const stored = await getReport(id);
    expect(stored.status).toBe(200);
    expect(stored.body.state).toBe("finished");
    expect(stored.body.checks.length).toBe(events.filter((e) => e.type === "check").length);
    expect(stored.body.sessions[0].transcript.length).toBeGreaterThan(3);
  });

  it("a closed tab aborts the probe and closes its connection", async () => {
    const abort = new AbortController();
    const res = await post({ target: "127.0.42.1" }, abort.signal);
    const first = await readNdjson<ProbeEvent>(res).next();
    const id = first.value && first.value.type === "started" ? first.value.id : "";
    // Wait until the probe holds a connection to the silent server, then close the "tab".
    for (let i = 0; i < 50 && silent.open === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(silent.open).toBe(1);
    abort.abort();
    for (let i = 0; i < 50 && silent.open > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(silent.open).toBe(0);
    // The stored report must not stay "running" forever.
    let stored = await getReport(id);
    for (let i = 0; i < 40 && stored.body.state === "running"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = await getReport(id);
    }
    expect(stored.body.state).toBe("aborted");
  });
});

describe("GET /api/reports/[id]", () => {
  it("404s unknown and malformed ids", async () => {
    expect((await getReport("AAAAAAAAAAAAAAAAAAAAAA")).status).toBe(404);
    expect((await getReport("../../etc/passwd")).status).toBe(404);
  });
});
