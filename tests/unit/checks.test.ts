import tls from "node:tls";
import { describe, expect, it } from "vitest";
import {
  CHECKS,
  evaluateDomainChecks,
  evaluateHostChecks,
  evaluateSessionCheck,
  getCheck,
  runCheck,
  SESSION_CHECKS,
  sessionChecksFor,
  toCheckResult,
} from "@/lib/probe/checks";
import { certExpiryCheck } from "@/lib/probe/checks/cert-expiry";
import { defineCheck, type SessionCheck } from "@/lib/probe/checks/define";
import { matchCertName } from "@/lib/probe/checks/hostname";
import type { CheckResult, SessionErrorCode, SessionFacts, Stage } from "@/lib/probe/types";
import {
  cert,
  ctx,
  daysFromNow,
  domainFacts,
  ehloReply,
  extensionsOf,
  FIXED_NOW,
  goodImplicitSession,
  goodSession,
  hostFacts,
  OUTCOME_CASES,
  type OutcomeCase,
  reply,
  stoppedAt,
  tlsFacts,
} from "./fixtures/facts";

function run(c: OutcomeCase): CheckResult | null {
  const check = getCheck(c.id);
  if (!check) throw new Error(`no check ${c.id}`);
  return runCheck(check, { domain: c.domain ?? domainFacts(), host: c.host, session: c.session }, ctx);
}

function byId(id: string): SessionCheck {
  const check = SESSION_CHECKS.find((c) => c.id === id);
  if (!check) throw new Error(`no session check ${id}`);
  return check;
}

function evalAll(session: SessionFacts): CheckResult[] {
  return sessionChecksFor(session.port)
    .map((c) => evaluateSessionCheck(c, session, ctx))
    .filter((r): r is CheckResult => r !== null);
}

describe("every outcome on fixture facts", () => {
  it.each(OUTCOME_CASES.map((c) => [`${c.id} → ${c.outcome} (${c.name})`, c] as const))("%s", (_, c) => {
    const result = run(c);
    expect(result).not.toBeNull();
    expect(result?.outcome).toBe(c.outcome);
    expect(result?.status).toBe(c.status);
    expect(result?.id).toBe(c.id);
  });

  it("has a fixture for every declared outcome of every check", () => {
    const missing = CHECKS.flatMap((check) =>
      Object.keys(check.outcomes)
        .filter((o) => !OUTCOME_CASES.some((c) => c.id === check.id && c.outcome === o))
        .map((o) => `${check.id}.${o}`),
    );
    expect(missing).toEqual([]);
  });
});

describe("judgment rules", () => {
  it("a 421 greeting is inconclusive, and no check of that session fails", () => {
    const session = { ...stoppedAt(goodSession(), "ehlo", "closed"), error: null, greeting: reply(421, "4.3.2 Busy") };
    const results = evalAll(session);
    expect(results.find((r) => r.id === "banner")?.status).toBe("inconclusive");
    expect(results.filter((r) => r.status === "fail")).toEqual([]);
  });

  it("a session stopped at EHLO with 421 never yields starttls-offered fail", () => {
    const session = {
      ...stoppedAt(goodSession(), "ehlo", "closed", "the server refused service: 4.7.0 Too busy"),
      ehlo: reply(421, "4.7.0 Too busy"),
    };
    const starttls = evaluateSessionCheck(byId("starttls-offered"), session, ctx);
    expect(starttls?.status).toBe("skipped");
    expect(starttls?.params.stage).toBe("EHLO");
    expect(evalAll(session).filter((r) => r.status === "fail")).toEqual([]);
  });

  it("STARTTLS is judged only from an accepted EHLO, even when parsed extensions are missing", () => {
    const ehlo = ehloReply("mx.example.com", "PIPELINING", "STARTTLS");
    const result = evaluateSessionCheck(byId("starttls-offered"), goodSession({ ehlo, extensions: null }), ctx);
    expect(result?.outcome).toBe("offered");
  });

  const cutShort: [Stage, SessionErrorCode][] = [];
  for (const stage of ["greeting", "ehlo", "starttls", "tls", "ehlo-tls", "relay"] as Stage[]) {
    for (const code of ["timeout", "closed", "reset", "session-deadline", "aborted"] as SessionErrorCode[]) {
      cutShort.push([stage, code]);
    }
  }
  it.each(cutShort)("a session cut short at %s by %s never yields fail", (stage, code) => {
    for (const session of [goodSession(), goodSession({ port: 587 }), goodImplicitSession()]) {
      if (session.tlsMode === "implicit" && (stage === "starttls" || stage === "ehlo-tls")) continue;
      const results = evalAll(stoppedAt(session, stage, code));
      expect(results.filter((r) => r.status === "fail")).toEqual([]);
      for (const r of results)
        expect(r.params).toMatchObject({ host: session.host, ip: session.ip, port: session.port });
    }
  });

  it("not-reached names the stage where the session stopped", () => {
    const session = stoppedAt(goodSession(), "connect", "refused", "connect ECONNREFUSED");
    const result = evaluateSessionCheck(byId("cert-trusted"), session, ctx);
    expect(result).toMatchObject({ outcome: "not-reached", status: "skipped", params: { stage: "TCP connect" } });
    expect(result?.params.reason).toBe("the connection was refused");
  });

  it("on port 465 a TLS failure stops the checks that come after it, the greeting included", () => {
    const session = stoppedAt(goodImplicitSession(), "tls", "tls-error", "handshake failure");
    const banner = evaluateSessionCheck(byId("banner"), session, ctx);
    expect(banner).toMatchObject({ outcome: "not-reached", params: { stage: "the TLS handshake" } });
  });

  it("HELO-only: auth-before-tls passes (no extensions), TLS checks skip, STARTTLS warns", () => {
    const session = goodSession({
      ehlo: reply(500, "5.5.1 Unknown command"),
      heloFallback: true,
      heloReply: reply(250, "mx.example.com"),
      extensions: null,
      starttlsReply: null,
      tls: null,
      ehloAfterTls: null,
      extensionsAfterTls: null,
    });
    const results = Object.fromEntries(evalAll(session).map((r) => [r.id, r]));
    expect(results.ehlo.outcome).toBe("helo-only");
    expect(results["starttls-offered"].status).toBe("warn");
    expect(results["auth-before-tls"].outcome).toBe("none");
    expect(results["tls-handshake"].outcome).toBe("not-offered");
    expect(results["cert-trusted"].params.stage).toBe("STARTTLS");
  });

  it("EHLO 4xx with HELO fallback 5xx is temporary, not a failure", () => {
    const session = {
      ...stoppedAt(goodSession(), "starttls", "closed"),
      error: null,
      ehlo: reply(450, "4.7.1 Slow down"),
      heloFallback: true,
      heloReply: reply(550, "5.7.1 No"),
      extensions: null,
    };
    expect(evaluateSessionCheck(byId("ehlo"), session, ctx)?.status).toBe("inconclusive");
  });

  it("STARTTLS refused with 454 on port 25 still lets the relay test run", () => {
    const session = {
      ...goodSession({ starttlsReply: reply(454, "4.7.0 TLS not available due to local problem") }),
      tls: null,
      ehloAfterTls: null,
      extensionsAfterTls: null,
    };
    const results = Object.fromEntries(evalAll(session).map((r) => [r.id, r]));
    expect(results["tls-handshake"]).toMatchObject({ outcome: "refused", status: "fail" });
    expect(results["cert-expiry"].params.reason).toContain("454");
    expect(results["open-relay"].outcome).toBe("rejected");
  });

  it("TLS handshake errors that read like plaintext count as plaintext-after-220 even without the code", () => {
    const session = stoppedAt(goodSession(), "tls", "tls-error", "routines:ssl3_get_record:wrong version number");
    expect(evaluateSessionCheck(byId("tls-handshake"), session, ctx)?.outcome).toBe("plaintext-after-220");
  });
});

describe("cert-expiry arithmetic (ctx.now fixed at 2026-06-01T12:00Z)", () => {
  const expiry = (validFrom: string, validTo: string) =>
    evaluateSessionCheck(
      certExpiryCheck,
      goodSession({ tls: tlsFacts({ chain: [cert({ validFrom, validTo })] }) }),
      ctx,
    );

  it.each([
    [60, "valid", 60],
    [14, "valid", 14],
    [13.99, "expiring-soon", 13],
    [0.5, "expiring-soon", 0],
    [-0.0001, "expired", 0],
    [-3.5, "expired", 3],
  ])("validTo = now %s days → %s (%s days)", (offset, outcome, days) => {
    const result = expiry(daysFromNow(-30), daysFromNow(offset));
    expect(result?.outcome).toBe(outcome);
    expect(result?.params.days).toBe(days);
  });

  it("not yet valid counts days until the start, rounded up", () => {
    const result = expiry(daysFromNow(1.2), daysFromNow(90));
    expect(result).toMatchObject({
      outcome: "not-yet-valid",
      status: "fail",
      params: { days: 2, validFrom: "2026-06-02" },
    });
  });

  it("uses ctx.now, not the wall clock", () => {
    const session = goodSession({ tls: tlsFacts({ chain: [cert({ validTo: daysFromNow(20) })] }) });
    const later = evaluateSessionCheck(certExpiryCheck, session, {
      now: new Date(FIXED_NOW.getTime() + 10 * 86_400_000),
    });
    expect(later?.outcome).toBe("expiring-soon");
    expect(later?.params.daysText).toBe("10 days");
  });

  it("judges the leaf only: an expired cross-sign in the chain does not fail", () => {
    const expiredRoot = cert({ subject: "CN=Old Root", validTo: daysFromNow(-900), sans: [] });
    const session = goodSession({ tls: tlsFacts({ chain: [cert(), expiredRoot] }) });
    expect(evaluateSessionCheck(certExpiryCheck, session, ctx)?.outcome).toBe("valid");
  });
});

describe("certificate name matching follows node:tls checkServerIdentity", () => {
  const cases: [string, string[], string | null][] = [
    ["mx.example.com", ["mx.example.com"], null],
    ["MX.Example.COM", ["mx.example.com"], null],
    ["mx.example.com.", ["mx.example.com"], null],
    ["mx.example.com", ["*.example.com"], null],
    ["a.mx.example.com", ["*.example.com"], null],
    ["example.com", ["*.example.com"], null],
    ["mx1.example.com", ["mx*.example.com"], null],
    ["mail.example.com", ["mx*.example.com"], null],
    ["mx.example.com", ["*.com"], null],
    ["example.com", ["*.com"], null],
    ["example.com", [], "*.com"],
    ["mx.example.com", ["m*x.example.com"], null],
    ["mx.example.com", ["*mx*.example.com"], null],
    ["mx.example.com", ["mx.*.com"], null],
    ["mx.example.com", ["other.example.com", "mx.example.com"], null],
    ["mx.example.com", [], "mx.example.com"],
    ["mx.example.com", [], "*.example.com"],
    ["mx.example.com", ["www.example.com"], "mx.example.com"],
    ["xn--mx-abc.example.com", ["xn--*.example.com"], null],
    ["mx.example.com", ["mx.example.com.evil.test"], null],
    ["mx.example.com", ["mx..example.com"], null],
  ];
  it.each(cases)("%s vs SAN %j / CN %s", (host, sans, cn) => {
    const subjectaltname = sans.map((s) => `DNS:${s}`).join(", ");
    const peer = { subject: cn ? { CN: cn } : {}, subjectaltname } as unknown as tls.PeerCertificate;
    const nodeSays = tls.checkServerIdentity(host, peer) === undefined;
    expect(matchCertName(host, sans, cn) !== null).toBe(nodeSays);
  });

  it("reports which name matched", () => {
    const session = goodSession({ tls: tlsFacts({ chain: [cert({ sans: ["www.example.com", "*.example.com"] })] }) });
    expect(evaluateSessionCheck(byId("cert-hostname"), session, ctx)?.params.name).toBe("*.example.com");
  });

  it("lists the presented names on mismatch", () => {
    const session = goodSession({ tls: tlsFacts({ chain: [cert({ sans: ["a.example.org", "b.example.org"] })] }) });
    const result = evaluateSessionCheck(byId("cert-hostname"), session, ctx);
    expect(result).toMatchObject({
      outcome: "mismatch",
      params: { names: "a.example.org, b.example.org", host: "mx.example.com" },
    });
  });
});

describe("evidence", () => {
  it("mx-records lists MX hosts sorted by preference and mentions omitted hosts", () => {
    const result = evaluateDomainChecks(
      domainFacts({ mxOmitted: [{ host: "mx9.example.com", preference: 90 }] }),
      ctx,
    )[0];
    expect(result.evidence[0]).toEqual({ label: "MX records", value: "10 mx1.example.com, 20 mx2.example.com" });
    expect(result.evidence[1].value).toBe("90 mx9.example.com");
    expect(result.params).toMatchObject({ tested: 2, omitted: 1, count: 3 });
  });

  it("mx-address lists blocked and omitted addresses", () => {
    const result = evaluateHostChecks(
      hostFacts({
        addresses: ["192.0.2.10", "10.0.0.1", "192.0.2.11"],
        tested: ["192.0.2.10"],
        blocked: [{ ip: "10.0.0.1", reason: "private address" }],
        omitted: ["192.0.2.11"],
      }),
      domainFacts(),
      ctx,
    )[0];
    expect(result.outcome).toBe("resolved");
    expect(result.evidence.map((e) => e.label)).toEqual([
      "Addresses",
      "Tested",
      "Not tested (blocked)",
      "Not tested (address limit)",
    ]);
    expect(result.evidence[2].value).toBe("10.0.0.1 (private address)");
  });

  it("ehlo shows capabilities with SIZE in human units, AUTH mechanisms and unknown extensions as-is", () => {
    const ehlo = ehloReply(
      "mx.example.com",
      "SIZE 36700160",
      "PIPELINING",
      "AUTH PLAIN LOGIN",
      "X-EXPS GSSAPI NTLM",
      "STARTTLS",
    );
    const result = evaluateSessionCheck(byId("ehlo"), goodSession({ ehlo, extensions: extensionsOf(ehlo) }), ctx);
    const caps = result?.evidence.find((e) => e.label === "Capabilities")?.value;
    expect(caps).toBe("SIZE 35 MiB (36700160 bytes), PIPELINING, STARTTLS, AUTH PLAIN LOGIN, X-EXPS GSSAPI NTLM");
    expect(result?.params.server).toBe("mx.example.com");
  });

  it("banner quotes the server text with control characters neutralised, and the time to greeting", () => {
    const session = goodSession({ greeting: reply(220, "mx.example.com ESMTP \u001b[31mhi\u202e"), greetingMs: 1234 });
    const result = evaluateSessionCheck(byId("banner"), session, ctx);
    expect(result?.evidence[0].value).toBe("220 mx.example.com ESMTP \uFFFD[31mhi\uFFFD");
    expect(result?.evidence[1]).toEqual({ label: "Time to greeting", value: "1.2 s" });
    expect(result?.durationMs).toBe(1234);
  });

  it("banner timeout says how long we waited: configured limit, else the engine's message, else 30 s", () => {
    const session = stoppedAt(goodSession(), "greeting", "timeout", "no complete reply within 20 s");
    const seconds = (c = ctx) => evaluateSessionCheck(byId("banner"), session, c)?.params.seconds;
    expect(seconds({ ...ctx, timeouts: { greetingMs: 45_000 } })).toBe("45");
    expect(seconds()).toBe("20");
    // Evaluated live, before the session's durationMs is known.
    const live = { ...stoppedAt(goodSession(), "greeting", "timeout", "timed out"), durationMs: 0 };
    expect(evaluateSessionCheck(byId("banner"), live, ctx)?.params.seconds).toBe("30");
  });

  it("tls-handshake reports protocol, cipher and key exchange, and flags discarded bytes", () => {
    const ok = evaluateSessionCheck(byId("tls-handshake"), goodSession(), ctx);
    expect(ok).toMatchObject({
      outcome: "ok",
      durationMs: 35,
      params: { protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384" },
    });
    const injected = evaluateSessionCheck(
      byId("tls-handshake"),
      goodSession({ tls: tlsFacts({ discardedBytes: 12 }) }),
      ctx,
    );
    expect(injected?.evidence.at(-1)?.value).toBe("12 bytes injected after 220 were discarded");
  });

  it("cert-trusted shows the chain on one line per certificate and the verification error", () => {
    const session = goodSession({
      tls: tlsFacts({ chainTrust: "unknown-ca", verifyError: "SELF_SIGNED_CERT_IN_CHAIN" }),
    });
    const result = evaluateSessionCheck(byId("cert-trusted"), session, ctx);
    expect(result?.evidence[0].value).toBe(
      "CN=mx.example.com — issued by C=US, O=Example CA, CN=Example Issuing CA R1",
    );
    expect(result?.evidence.at(-1)).toEqual({ label: "Verification", value: "SELF_SIGNED_CERT_IN_CHAIN" });
  });

  it("ehlo-after-tls notes AUTH offered only after TLS", () => {
    const result = evaluateSessionCheck(byId("ehlo-after-tls"), goodSession({ port: 587 }), ctx);
    expect(result?.evidence).toContainEqual({ label: "AUTH", value: "offered only after TLS (good)" });
  });

  it("open-relay quotes MAIL and RCPT replies", () => {
    const result = evaluateSessionCheck(byId("open-relay"), goodSession(), ctx);
    expect(result?.evidence[1]).toEqual({
      label: "RCPT TO:<mailprobe-relay-test@example.net>",
      value: "554 5.7.1 <mailprobe-relay-test@example.net>: Relay access denied",
    });
  });
});

describe("registry", () => {
  it("lists session checks per port", () => {
    const ids = (port: 25 | 465 | 587) => sessionChecksFor(port).map((c) => c.id);
    // A count here breaks with every new check; what matters is which checks each port gets.
    for (const port of [25, 465, 587] as const) expect(ids(port)).toContain("names");
    expect(ids(465)).not.toContain("starttls-offered");
    expect(ids(465)).not.toContain("auth-before-tls");
    expect(ids(465)).not.toContain("open-relay");
    expect(ids(587)).toContain("auth-before-tls");
    expect(ids(587)).not.toContain("open-relay");
  });

  it("returns null for checks that do not apply", () => {
    expect(
      evaluateSessionCheck(byId("open-relay"), goodSession({ relayRequested: false, relay: null }), ctx),
    ).toBeNull();
    expect(evaluateSessionCheck(byId("starttls-offered"), goodImplicitSession(), ctx)).toBeNull();
  });

  it("builds full results with subject and subject params", () => {
    const [result] = evaluateDomainChecks(domainFacts(), ctx);
    expect(result).toMatchObject({
      id: "mx-records",
      status: "pass",
      subject: { host: "example.com" },
      durationMs: 12,
    });
    const connect = evaluateSessionCheck(byId("tcp-connect"), goodSession(), ctx);
    expect(connect).toMatchObject({
      subject: { host: "mx.example.com", ip: "192.0.2.10", port: 25 },
      params: { host: "mx.example.com", ip: "192.0.2.10", port: 25, ms: 42 },
      durationMs: 42,
    });
  });

  it("throws on an undeclared outcome", () => {
    const rogue = defineCheck({
      id: "banner",
      scope: "session",
      after: "greeting",
      outcomes: { ok: "pass" },
      evaluate: () => ({ outcome: "surprise" }),
    });
    expect(() => evaluateSessionCheck(rogue, goodSession(), ctx)).toThrow(/undeclared outcome "surprise"/);
    expect(() => toCheckResult(rogue, { outcome: "toString" }, {})).toThrow();
  });
});
