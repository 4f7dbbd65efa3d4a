// Hostile SMTP servers over real loopback sockets: each behaviour must end the probe in a named
// outcome (check id + outcome + status) within its deadline, with memory bounded and no crash.
// Addresses: 127.0.60.0/24, one per server, port 25 unless the case is about 465.
import { afterAll, describe, expect, it } from "vitest";
import { explain } from "../../lib/probe/explanations";
import { worstStatus } from "../../lib/probe/status";
import type { ProbePort } from "../../lib/probe/types";
import {
  closeAfterGreeting,
  delayedGreeting,
  dialog,
  endlessEhlo,
  garbageBytes,
  garbageGreeting,
  giantLine,
  greetWith,
  plaintextAfterStarttls,
  type Script,
  type ScriptedServer,
  silent,
  stallAfterStarttls,
  startScriptedServer,
  trickleEhlo,
  trickleGreeting,
} from "../servers/hostile";
import { outcome, type ProbeRun, probe } from "./helpers";
import { testPki } from "./pki";

const pki = testPki();
const leaf = pki.valid("mx.hostile.test");

// Short deadlines so every case ends in seconds; SLACK is the "generous" margin on top.
const T = { connectMs: 2000, greetingMs: 1500, replyMs: 1500, tlsMs: 1500, sessionMs: 6000, probeMs: 30_000 };
const SLACK = 2000;
const MIB = 1024 * 1024;

const servers: ScriptedServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

let nextIp = 1;
async function serve(onConnection: Script, port: ProbePort = 25): Promise<ScriptedServer> {
  const s = await startScriptedServer({
    host: `127.0.60.${nextIp++}`,
    port,
    keyPem: leaf.keyPem,
    certPem: leaf.chainPem,
    onConnection,
  });
  servers.push(s);
  return s;
}

async function run(
  s: ScriptedServer,
  opts: { port?: ProbePort; relay?: boolean; timeouts?: Partial<typeof T> } = {},
): Promise<ProbeRun> {
  const port = opts.port ?? 25;
  const r = await probe(s.host, { ports: [port], relay: opts.relay ?? true, timeouts: { ...T, ...opts.timeouts } });
  expect(r.report.state).toBe("finished");
  expect(s.scriptErrors).toEqual([]);
  return r;
}

function expectOutcome(r: ProbeRun, id: string, expected: string): void {
  const c = r.check(id);
  expect(`${id} ${outcome(c)}`).toBe(`${id} ${expected}`);
  // The outcome renders its explanation with every placeholder filled.
  const text = explain(c);
  expect(text.title.length).toBeGreaterThan(0);
  expect(`${text.title} ${text.why} ${text.fix}`).not.toMatch(/\{[A-Za-z]\w*\}/);
}

// The checks these servers can influence; others (DNS-based ones) are judged elsewhere.
const SMTP_CHECKS = new Set([
  "tcp-connect",
  "banner",
  "ehlo",
  "starttls-offered",
  "tls-handshake",
  "tls-version",
  "cert-trusted",
  "cert-hostname",
  "cert-expiry",
  "ehlo-after-tls",
  "auth-before-tls",
  "open-relay",
]);

/** Worst status over the SMTP checks, with the findings behind it (so a failure says which). */
function smtpStatus(r: ProbeRun): string {
  const checks = r.report.checks.filter((c) => SMTP_CHECKS.has(c.id));
  const worst = worstStatus(checks.map((c) => c.status));
  const findings = checks.filter((c) => c.status === worst && worst !== "pass").map((c) => `${c.id}:${c.outcome}`);
  return findings.length ? `${worst} (${findings.join(", ")})` : worst;
}

/** The whole probe, and the SMTP session inside it, ended within `ms`. */
function expectWithin(r: ProbeRun, ms: number): void {
  expect(r.ms).toBeLessThan(ms);
  for (const session of r.report.sessions) expect(session.durationMs).toBeLessThan(ms);
}

function evidenceText(r: ProbeRun, id: string): string {
  return r
    .check(id)
    .evidence.map((e) => `${e.label}: ${e.value}`)
    .join("\n");
}

/**
 * Peak memory growth while `fn` runs, sampled every few ms (after a GC first when exposed).
 * Buffers live outside the JS heap, so ArrayBuffer memory is counted along with heapUsed.
 */
async function heapGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  (globalThis as { gc?: () => void }).gc?.();
  const base = used();
  let peak = base;
  const sample = () => {
    peak = Math.max(peak, used());
  };
  const timer = setInterval(sample, 2);
  try {
    const result = await fn();
    sample();
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

describe("greeting stage", () => {
  it("silent after connect: banner inconclusive/timeout at the greeting deadline", async () => {
    const s = await serve(silent);
    const r = await run(s);
    expectOutcome(r, "banner", "inconclusive/timeout");
    expect(r.check("ehlo").status).toBe("skipped");
    expect(r.ms).toBeGreaterThanOrEqual(T.greetingMs - 100);
    expectWithin(r, T.greetingMs + SLACK);
  });

  it("greeting later than the deadline: banner inconclusive/timeout, not kept waiting", async () => {
    const s = await serve(delayedGreeting(T.greetingMs + 2500));
    const r = await run(s);
    expectOutcome(r, "banner", "inconclusive/timeout");
    expectWithin(r, T.greetingMs + SLACK);
  });

  it("greeting shortly before the deadline: banner passes", async () => {
    const s = await serve(delayedGreeting(600));
    const r = await run(s);
    expectOutcome(r, "banner", "pass/ok");
    expect(Number(r.check("banner").params.ms)).toBeGreaterThanOrEqual(550);
    expectOutcome(r, "ehlo", "pass/ok");
    expectWithin(r, 600 + 5 * T.replyMs);
  });

  it("one byte per second: the per-step deadline is not extended by trickling bytes", async () => {
    const s = await serve(trickleGreeting(1000));
    const r = await run(s);
    expectOutcome(r, "banner", "inconclusive/timeout");
    // An idle timer would still be waiting: each byte comes sooner than the deadline.
    expectWithin(r, T.greetingMs + SLACK);
    expect(s.bytesWritten).toBeLessThanOrEqual(4);
  });

  it("one byte per second in the EHLO reply: ehlo inconclusive/timeout at the reply deadline", async () => {
    const s = await serve(trickleEhlo(1000));
    const r = await run(s);
    expectOutcome(r, "banner", "pass/ok");
    expectOutcome(r, "ehlo", "inconclusive/timeout");
    expect(r.check("starttls-offered").status).toBe("skipped");
    expectWithin(r, T.replyMs + SLACK);
  });

  it("a multi-megabyte greeting line without CRLF: cut at the line cap, memory bounded", async () => {
    const s = await serve(giantLine(64 * MIB));
    const { result: r, growth } = await heapGrowth(() => run(s));
    expectOutcome(r, "banner", "inconclusive/unexpected");
    expect(evidenceText(r, "banner")).toMatch(/line longer than 4096 bytes/);
    expect(r.report.sessions[0].error?.code).toBe("line-too-long");
    expectWithin(r, T.greetingMs + SLACK);
    expect(growth).toBeLessThan(32 * MIB);
    // We hung up early: the server could not push its 64 MiB.
    expect(s.bytesWritten).toBeLessThan(64 * MIB);
  });

  it("random binary garbage as the greeting: banner inconclusive/unexpected", async () => {
    const garbage = garbageBytes(3000);
    const s = await serve(garbageGreeting(garbage));
    const r = await run(s);
    expectOutcome(r, "banner", "inconclusive/unexpected");
    expect(r.report.sessions[0].error?.code).toMatch(/^(malformed-reply|line-too-long)$/);
    expectWithin(r, T.greetingMs + SLACK);
    // Whatever the bytes were, nothing we show carries raw control characters.
    for (const c of r.report.checks) {
      expect(JSON.stringify([c.params, c.evidence])).not.toMatch(/\\u00[01][0-9a-f]/);
    }
  });

  it("421 greeting: banner inconclusive/busy-421, never reported as missing STARTTLS", async () => {
    const s = await serve(greetWith(421, "4.7.0 mx.hostile.test Too many connections"));
    const r = await run(s);
    expectOutcome(r, "banner", "inconclusive/busy-421");
    expect(r.check("banner").params.reply).toContain("Too many connections");
    expect(r.check("starttls-offered").status).toBe("skipped");
    expect(smtpStatus(r)).toMatch(/^inconclusive\b/);
    expectWithin(r, T.replyMs + SLACK);
  });

  it("554 greeting: banner fail/rejected-554", async () => {
    const s = await serve(greetWith(554, "5.7.1 No SMTP service here"));
    const r = await run(s);
    expectOutcome(r, "banner", "fail/rejected-554");
    expect(r.check("open-relay").status).toBe("skipped");
    expectWithin(r, T.replyMs + SLACK);
  });

  it("NUL and escape characters in the banner: passes, text kept in the transcript, escaped in results", async () => {
    const s = await serve(dialog({ greeting: "mx.hostile.test\u0000 ESMTP \u001b[31mred\u001b[0m ready" }));
    const r = await run(s, { relay: false });
    expectOutcome(r, "banner", "pass/ok");
    const banner = r.check("banner");
    const shown = [JSON.stringify(banner.params), JSON.stringify(banner.evidence), JSON.stringify(explain(banner))];
    for (const text of shown) expect(text).not.toMatch(/\\u0000|\\u001b/);
    expect(String(banner.params.reply)).toContain("red");
    const transcript = r.report.sessions[0].transcript.map((l) => l.text).join("\n");
    expect(transcript).toContain("\u0000");
    expect(transcript).toContain("\u001b[31m");
  });
});

describe("EHLO stage", () => {
  it("close right after the greeting: ehlo inconclusive/closed (never a silent pass)", async () => {
    const s = await serve(closeAfterGreeting);
    const r = await run(s);
    expectOutcome(r, "banner", "pass/ok");
    expectOutcome(r, "ehlo", "inconclusive/closed");
    expect(smtpStatus(r)).toMatch(/^inconclusive\b/);
    expectWithin(r, T.replyMs + SLACK);
  });

  it("endless 250- continuation: cut at the reply cap, memory bounded", async () => {
    const s = await serve(endlessEhlo());
    const { result: r, growth } = await heapGrowth(() => run(s));
    expectOutcome(r, "ehlo", "inconclusive/unexpected");
    expect(evidenceText(r, "ehlo")).toMatch(/more than 200 lines|longer than 65536 bytes/);
    expect(r.check("starttls-offered").status).toBe("skipped");
    expectWithin(r, T.replyMs + SLACK);
    expect(growth).toBeLessThan(32 * MIB);
    expect(s.bytesWritten).toBeLessThan(256 * MIB);
  });

  it("a 300-line EHLO reply is over the 200-line cap: ehlo inconclusive/unexpected", async () => {
    const lines = Array.from({ length: 299 }, (_, i) => `X-EXT-${i}`);
    const s = await serve(dialog({ ehloLines: lines }));
    const r = await run(s);
    expectOutcome(r, "ehlo", "inconclusive/unexpected");
    expect(evidenceText(r, "ehlo")).toMatch(/more than 200 lines/);
    expect(r.check("starttls-offered").status).toBe("skipped");
  });

  it("a 150-line EHLO reply is within the cap: ehlo passes", async () => {
    const lines = Array.from({ length: 148 }, (_, i) => `X-EXT-${i}`);
    const s = await serve(dialog({ ehloLines: [...lines, "STARTTLS"], tls: true }));
    const r = await run(s);
    expectOutcome(r, "ehlo", "pass/ok");
    expect(r.report.sessions[0].extensions?.keywords["X-EXT-147"]).toEqual([]);
    expectOutcome(r, "starttls-offered", "pass/offered");
    expectOutcome(r, "tls-handshake", "pass/ok");
  });

  it("EHLO refused, HELO accepted: ehlo warn/helo-only, starttls-offered warn/no-esmtp", async () => {
    const s = await serve(dialog({ ehloRaw: "500 5.5.1 Command unrecognized" }));
    const r = await run(s);
    expectOutcome(r, "ehlo", "warn/helo-only");
    expectOutcome(r, "starttls-offered", "warn/no-esmtp");
    expectOutcome(r, "open-relay", "pass/rejected");
    expect(s.sessions[0].map((c) => c.split(" ")[0])).toEqual(["EHLO", "HELO", "MAIL", "RCPT", "RSET", "QUIT"]);
  });

  it("421 after EHLO: ehlo inconclusive/temporary, never 'no STARTTLS'", async () => {
    const s = await serve(dialog({ ehloRaw: "421 4.3.2 mx.hostile.test Service shutting down", hangUpAfter: "EHLO" }));
    const r = await run(s);
    expectOutcome(r, "ehlo", "inconclusive/temporary");
    expect(r.check("starttls-offered").status).toBe("skipped");
    expect(r.check("tls-handshake").status).toBe("skipped");
    expect(smtpStatus(r)).toMatch(/^inconclusive\b/);
    expectWithin(r, T.replyMs + SLACK);
  });

  it.each([
    [
      "454 to STARTTLS (offered, then not available): tls-handshake fail/refused",
      "454 4.7.0 TLS not available due to local problem",
      "fail/refused",
    ],
    [
      "421 to STARTTLS (busy): tls-handshake inconclusive/temporary, never 'no STARTTLS'",
      "421 4.3.2 Try again later",
      "inconclusive/temporary",
    ],
  ])("%s", async (_label, answer, expected) => {
    const s = await serve(dialog({ ehloLines: ["PIPELINING", "STARTTLS"], starttlsRaw: answer }));
    const r = await run(s);
    expectOutcome(r, "starttls-offered", "pass/offered");
    expectOutcome(r, "tls-handshake", expected);
    // The server's words are quoted in the result.
    expect(JSON.stringify(r.check("tls-handshake"))).toContain(answer.slice(0, 3));
  });

  it("mixed reply codes inside one multi-line reply: ehlo inconclusive/unexpected", async () => {
    const s = await serve(async (h) => {
      await h.reply(220, "mx.hostile.test ESMTP");
      if ((await h.nextCommand()) === null) return;
      await h.write("250-mx.hostile.test\r\n550-SIZE 1000\r\n250 STARTTLS\r\n");
      await h.untilClosed();
    });
    const r = await run(s);
    expectOutcome(r, "ehlo", "inconclusive/unexpected");
    expect(evidenceText(r, "ehlo")).toMatch(/changed the reply code/);
    expect(r.check("starttls-offered").status).toBe("skipped");
    expectWithin(r, T.replyMs + SLACK);
  });

  it("bare LF line endings everywhere, TLS included: everything still passes", async () => {
    const s = await serve(dialog({ eol: "\n", tls: true }));
    const r = await run(s);
    expectOutcome(r, "banner", "pass/ok");
    expectOutcome(r, "ehlo", "pass/ok");
    expectOutcome(r, "starttls-offered", "pass/offered");
    expectOutcome(r, "tls-handshake", "pass/ok");
    expectOutcome(r, "ehlo-after-tls", "pass/ok");
    expectOutcome(r, "open-relay", "pass/rejected");
  });
});

describe("STARTTLS and TLS", () => {
  it("220 to STARTTLS, then plaintext: tls-handshake fail/plaintext-after-220", async () => {
    const s = await serve(plaintextAfterStarttls());
    const r = await run(s);
    expectOutcome(r, "starttls-offered", "pass/offered");
    expectOutcome(r, "tls-handshake", "fail/plaintext-after-220");
    expectWithin(r, T.tlsMs + SLACK);
  });

  it("220 to STARTTLS, then the handshake never completes: tls-handshake inconclusive/timeout", async () => {
    const s = await serve(stallAfterStarttls());
    const r = await run(s);
    expectOutcome(r, "tls-handshake", "inconclusive/timeout");
    expect(r.check("cert-trusted").status).toBe("skipped");
    expect(r.ms).toBeGreaterThanOrEqual(T.tlsMs - 100);
    expectWithin(r, T.tlsMs + SLACK);
  });

  it("465 accepts and never speaks TLS: tls-handshake inconclusive/timeout", async () => {
    const s = await serve(silent, 465);
    const r = await run(s, { port: 465 });
    expectOutcome(r, "tls-handshake", "inconclusive/timeout");
    expect(r.check("banner").status).toBe("skipped");
    expectWithin(r, T.tlsMs + SLACK);
  });

  it("465 handshake still pending when the session cap fires: ended at the cap, named as our deadline", async () => {
    const s = await serve(silent, 465);
    const r = await run(s, { port: 465, timeouts: { tlsMs: 5000, sessionMs: 2000 } });
    expectOutcome(r, "tls-handshake", "inconclusive/timeout");
    expect(evidenceText(r, "tls-handshake")).toMatch(/did not finish within 2 s/);
    expectWithin(r, 2000 + SLACK);
  });

  it("465 speaking plaintext SMTP: tls-handshake fail/plaintext-implicit", async () => {
    const s = await serve(dialog(), 465);
    const r = await run(s, { port: 465 });
    expectOutcome(r, "tls-handshake", "fail/plaintext-implicit");
    expectWithin(r, T.tlsMs + SLACK);
  });

  it("bytes injected after '220 Ready' are discarded and flagged, never parsed as a TLS reply", async () => {
    const injected = "250-mx.injected.test\r\n250-AUTH PLAIN\r\n250 INJECTED\r\n";
    const s = await serve(dialog({ tls: true, afterStarttls220: injected }));
    const r = await run(s);
    expectOutcome(r, "tls-handshake", "warn/extra-bytes");
    const session = r.report.sessions[0];
    expect(session.tls?.discardedBytes).toBe(Buffer.byteLength(injected));
    expectOutcome(r, "ehlo-after-tls", "pass/ok");
    expect(session.extensionsAfterTls?.host).toBe("mx.hostile.test");
    expect(session.extensionsAfterTls?.keywords).not.toHaveProperty("INJECTED");
    expect(session.extensionsAfterTls?.auth).toEqual([]);
    // EHLO is always sent again after TLS.
    expect(s.sessions[0].filter((c) => c.startsWith("EHLO")).length).toBe(2);
  });
});

describe("replies we never asked for", () => {
  it("a stream of 250s sent without reading our commands is not taken as answers (no false open relay)", async () => {
    const s = await serve(async (h) => {
      // Greeting and the first unsolicited replies in one packet, then a flood.
      const spew = Buffer.from("250 2.0.0 Ok\r\n".repeat(64));
      await h.write(Buffer.concat([Buffer.from("220 mx.hostile.test ESMTP\r\n"), spew]));
      await h.flood(spew, 8 * MIB);
      await h.untilClosed();
    });
    const r = await run(s);
    expectOutcome(r, "banner", "pass/ok");
    expectOutcome(r, "ehlo", "inconclusive/unexpected");
    expect(evidenceText(r, "ehlo")).toMatch(/before our EHLO command/);
    expect(r.check("open-relay").status).toBe("skipped");
    expect(r.check("starttls-offered").status).toBe("skipped");
    expect(smtpStatus(r)).toMatch(/^inconclusive\b/);
    expectWithin(r, T.replyMs + SLACK);
  });
});

describe("relay and goodbye", () => {
  it("451 to every RCPT: open-relay inconclusive/temporary, never fail", async () => {
    const s = await serve(dialog({ tls: true, rcpt: "451 4.7.1 Greylisted, try again later" }));
    const r = await run(s);
    expectOutcome(r, "open-relay", "inconclusive/temporary");
    expect(smtpStatus(r)).toMatch(/^inconclusive\b/);
    expect(s.commands.some((c) => /^DATA/i.test(c))).toBe(false);
  });

  it("421 at MAIL FROM, then hang up: open-relay inconclusive/temporary", async () => {
    const s = await serve(dialog({ mail: "421 4.7.0 mx.hostile.test closing connection", hangUpAfter: "MAIL" }));
    const r = await run(s);
    expectOutcome(r, "ehlo", "pass/ok");
    expectOutcome(r, "open-relay", "inconclusive/temporary");
    expectWithin(r, T.replyMs + SLACK);
  });

  it("QUIT never answered: the verdict is not held up and silence is not a finding", async () => {
    // Plaintext only, so no TLS-version connections follow: this times the QUIT wait alone.
    const s = await serve(dialog({ ignoreQuit: true }));
    const r = await run(s);
    expectOutcome(r, "banner", "pass/ok");
    expectOutcome(r, "ehlo", "pass/ok");
    expectOutcome(r, "open-relay", "pass/rejected");
    expect(r.report.sessions[0].error).toBeNull();
    const findings = r.report.checks.filter(
      (c) => SMTP_CHECKS.has(c.id) && !["pass", "info", "skipped"].includes(c.status),
    );
    expect(findings.map(outcome)).toEqual(["fail/not-offered"]);
    expect(JSON.stringify(r.report.checks)).not.toMatch(/QUIT/);
    expect(s.sessions[0].at(-1)).toBe("QUIT");
    // We wait 2 s at most for the goodbye.
    expect(r.report.sessions[0].durationMs).toBeGreaterThanOrEqual(1900);
    expectWithin(r, 2000 + SLACK);
  });

  it("every reply just inside the reply deadline: the session cap ends it in a named outcome", async () => {
    const s = await serve(dialog({ tls: true, replyDelayMs: 1200 }));
    // EHLO, STARTTLS and EHLO again take 3.6 s; the 4 s cap fires while MAIL FROM waits.
    const r = await run(s, { timeouts: { sessionMs: 4000 } });
    expectOutcome(r, "ehlo-after-tls", "pass/ok");
    expectOutcome(r, "open-relay", "inconclusive/incomplete");
    expect(evidenceText(r, "open-relay")).toMatch(/did not finish within 4 s/);
    expectWithin(r, 4000 + SLACK);
  });

  it("the session cap during a stalled TLS handshake is named as our deadline", async () => {
    const s = await serve(async (h) => {
      await h.reply(220, "mx.hostile.test ESMTP");
      for (;;) {
        const cmd = await h.nextCommand();
        if (cmd === null) return;
        await h.sleep(1200);
        if (cmd.startsWith("EHLO")) await h.reply(250, ["mx.hostile.test", "STARTTLS"]);
        else if (cmd === "STARTTLS") {
          await h.reply(220, "2.0.0 Ready");
          return h.untilClosed();
        }
      }
    });
    // Handshake deadline 5 s, session 3 s: the session cap fires first, during the handshake.
    const r = await run(s, { timeouts: { sessionMs: 3000, tlsMs: 5000 } });
    expectOutcome(r, "tls-handshake", "inconclusive/timeout");
    expect(evidenceText(r, "tls-handshake")).toMatch(/did not finish within 3 s/);
    expectWithin(r, 3000 + SLACK);
  });
});
