import { describe, expect, it } from "vitest";
import { addNotes } from "../../lib/http/event-streams";
import { ProbeHub, type ProbeRunSpec } from "../../lib/http/probe-hub";
import { probeKey, probeSpec } from "../../lib/http/probe-key";
import { probeLogLine } from "../../lib/http/probe-log";
import { eventsFromReport } from "../../lib/http/report-replay";
import { AsyncQueue } from "../../lib/probe/async-queue";
import { applyEvent, emptyReport } from "../../lib/probe/report";
import { summarizeSession } from "../../lib/probe/run-probe";
import type { CheckResult, NormalizedTarget, ProbeEvent, ProbeNote, Report } from "../../lib/probe/types";
import { goodSession } from "./fixtures/facts";

const TARGET: NormalizedTarget = { input: "Example.COM", kind: "domain", name: "example.com", unicode: null };

function check(id: CheckResult["id"], status: CheckResult["status"], port?: number): CheckResult {
  return {
    id,
    status,
    outcome: status,
    subject: port ? { host: "mx.example.com", ip: "192.0.2.1", port } : { host: "example.com" },
    params: {},
    evidence: [],
    durationMs: 1,
  };
}

function probeEvents(id = "AAAAAAAAAAAAAAAAAAAAAA"): ProbeEvent[] {
  const s25 = summarizeSession(goodSession({ port: 25 }));
  const s587 = summarizeSession(goodSession({ port: 587 }));
  const at = (s: typeof s25) => ({ host: s.host, ip: s.ip, port: s.port });
  return [
    { type: "started", id, target: TARGET, ports: [25, 587], relay: true, createdAt: "2026-06-01T12:00:00.000Z" },
    { type: "check", check: check("mx-records", "pass") },
    { type: "session", phase: "start", ...at(s25) },
    { type: "session", phase: "start", ...at(s587) },
    { type: "check", check: check("banner", "pass", 25) },
    { type: "check", check: check("banner", "warn", 587) },
    { type: "session", phase: "end", ...at(s587), session: s587 },
    { type: "check", check: check("open-relay", "fail", 25) },
    { type: "session", phase: "end", ...at(s25), session: s25 },
    { type: "finished", status: "fail", durationMs: 1234, finishedAt: "2026-06-01T12:00:01.234Z" },
  ];
}

const fold = (events: ProbeEvent[]): Report =>
  events.reduce(applyEvent, emptyReport("", "Example.COM", "2026-06-01T12:00:00.000Z"));

describe("probeKey", () => {
  it("treats an email address and its domain, and any port order, as the same probe", () => {
    const email: NormalizedTarget = { input: "me@example.com", kind: "email", name: "example.com", unicode: null };
    expect(probeKey(probeSpec(email, [587, 25, 25], true))).toBe(probeKey(probeSpec(TARGET, [25, 587], true)));
  });

  it("separates different ports and relay settings; relay means nothing without port 25", () => {
    const keys = new Set([
      probeKey(probeSpec(TARGET, [25], true)),
      probeKey(probeSpec(TARGET, [25], false)),
      probeKey(probeSpec(TARGET, [25, 587], true)),
    ]);
    expect(keys.size).toBe(3);
    expect(probeKey(probeSpec(TARGET, [587], true))).toBe(probeKey(probeSpec(TARGET, [587], false)));
  });
});

describe("eventsFromReport", () => {
  it("rebuilds events that fold into the same report, labelled as reused", () => {
    const original = fold(probeEvents());
    const replay = eventsFromReport(original, { ageSeconds: 42, rerunAfterSeconds: 18 });
    expect(replay).not.toBeNull();
    const again = fold(replay ?? []);
    expect(again.reused).toEqual({ ageSeconds: 42, rerunAfterSeconds: 18 });
    const { reused: _r, ...rest } = again;
    expect(rest).toEqual(original);
    expect(replay?.[0].type).toBe("started");
    expect(replay?.at(-1)?.type).toBe("finished");
  });

  it("keeps notes and replays nothing for unfinished reports", () => {
    const note: ProbeNote = { code: "relay-skipped", message: "left out" };
    const events = probeEvents();
    events[0] = addNotes(events[0], [note]);
    const report = fold(events);
    expect(report.notes).toEqual([note]);
    expect(fold(eventsFromReport(report) ?? []).notes).toEqual([note]);
    expect(eventsFromReport(fold(events.slice(0, 4)))).toBeNull();
    expect(eventsFromReport({ ...report, state: "aborted" })).toBeNull();
  });
});

describe("addNotes", () => {
  it("adds each note code once, to the started event only", () => {
    const note: ProbeNote = { code: "relay-skipped", message: "left out" };
    const started = addNotes(addNotes(probeEvents()[0], [note]), [note]);
    expect(started.type === "started" && started.notes).toEqual([note]);
    const other = probeEvents()[1];
    expect(addNotes(other, [note])).toBe(other);
  });
});

describe("probeLogLine", () => {
  it("is one JSON line with no raw control, separator or bidi characters", () => {
    const hostile = "x\u0000\u001b[31m\u007f\u0085\u2028\u2029\u202e\u2066\nend";
    const line = probeLogLine(
      {
        id: "id",
        target: hostile,
        kind: "domain",
        ports: [25],
        relay: true,
        relaySkipped: false,
        durationMs: 5,
        state: "finished",
        status: "pass",
        error: null,
        checks: 3,
        client: "198.51.100.0/24",
        viewers: 2,
      },
      new Date("2026-06-01T12:00:00Z"),
    );
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    const parsed = JSON.parse(line);
    expect(parsed.target).toBe(hostile);
    expect(parsed).toMatchObject({ event: "probe", time: "2026-06-01T12:00:00.000Z", client: "198.51.100.0/24" });
  });
});

/** A probe we drive by hand: push events, end it, and see whether it was told to stop. */
function manualProbe() {
  const queue = new AsyncQueue<ProbeEvent>();
  let signal: AbortSignal | null = null;
  let ended = 0;
  let endedAdmitted: boolean | null = null;
  const spec = (key: string, refuse = false): ProbeRunSpec => ({
    key,
    id: `id-${key}`,
    admit: async () => (refuse ? { status: 503, retryAfterSeconds: 5, error: "busy" } : null),
    source: (s) => {
      signal = s;
      // Like the engine: a stop request ends the stream with an "aborted" failure.
      s.addEventListener("abort", () => {
        queue.push({ type: "failed", code: "aborted", message: "stopped" });
        queue.close();
      });
      return queue;
    },
    onEnd: (_run, admitted) => {
      ended++;
      endedAdmitted = admitted;
    },
  });
  return {
    spec,
    emit: (e: ProbeEvent | null) => (e ? queue.push(e) : queue.close()),
    get signal() {
      return signal;
    },
    get ended() {
      return ended;
    },
    get admitted() {
      return endedAdmitted;
    },
  };
}

async function take(it: AsyncIterator<ProbeEvent>, n: number): Promise<ProbeEvent[]> {
  const out: ProbeEvent[] = [];
  for (let i = 0; i < n; i++) {
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("ProbeHub", () => {
  it("a late viewer gets the replay, then the live events, the same as the first", async () => {
    const hub = new ProbeHub();
    const p = manualProbe();
    const run = hub.start(p.spec("k"));
    const first = run.watch();
    expect(await run.ready).toBeNull();
    const events = probeEvents("id-k");
    p.emit(events[0]);
    p.emit(events[1]);
    expect(await take(first, 2)).toEqual(events.slice(0, 2));
    expect(hub.find("k")).toBe(run);

    const late = run.watch();
    expect(await take(late, 2)).toEqual(events.slice(0, 2));
    for (const e of events.slice(2)) p.emit(e);
    p.emit(null);
    const rest = await take(first, 100);
    const lateRest = await take(late, 100);
    expect(rest).toEqual(events.slice(2));
    expect(lateRest).toEqual(events.slice(2));
    await tick();
    expect(run.ended).toBe(true);
    expect(hub.find("k")).toBeUndefined();
    expect(p.ended).toBe(1);
    expect(p.admitted).toBe(true);
    expect(run.totalViewers).toBe(2);
    expect(p.signal?.aborted).toBe(false);
  });

  it("keeps going while one viewer remains, and stops when the last one leaves", async () => {
    const hub = new ProbeHub();
    const p = manualProbe();
    const run = hub.start(p.spec("k"));
    const leaveA = new AbortController();
    const a = run.watch(leaveA.signal);
    const b = run.watch();
    await run.ready;
    p.emit(probeEvents()[0]);
    await take(b, 1);
    leaveA.abort();
    expect(run.liveViewers).toBe(1);
    expect(p.signal?.aborted).toBe(false);
    expect((await a.next()).done).toBe(true);
    await b.return?.();
    expect(p.signal?.aborted).toBe(true);
    // A new request must not join a run that is being stopped.
    expect(hub.find("k")).toBeUndefined();
    const replacement = hub.start(manualProbe().spec("k"));
    expect(hub.find("k")).toBe(replacement);
    p.emit(probeEvents()[1]);
    await tick();
    expect(run.ended).toBe(true);
    expect(run.events.at(-1)).toMatchObject({ type: "failed", code: "aborted" });
    // The old run's end does not unregister the new one.
    expect(hub.find("k")).toBe(replacement);
  });

  it("a refused run tells every viewer, ends, and frees its key", async () => {
    const hub = new ProbeHub();
    const p = manualProbe();
    const run = hub.start(p.spec("k", true));
    const viewer = run.watch();
    expect(await run.ready).toMatchObject({ status: 503 });
    await tick();
    expect((await viewer.next()).done).toBe(true);
    expect(hub.find("k")).toBeUndefined();
    expect(p.ended).toBe(1);
    expect(p.admitted).toBe(false);
  });

  it("refuses a second run for a key in flight", () => {
    const hub = new ProbeHub();
    hub.start(manualProbe().spec("k"));
    expect(() => hub.start(manualProbe().spec("k"))).toThrow(/already in flight/);
  });
});
