// The summary headline is built from a Report alone; these reports are made by hand with the
// outcome names the real checks use.
import { describe, expect, it } from "vitest";
import { emptyReport } from "@/lib/probe/report";
import type { CheckId, CheckResult, Report, Status } from "@/lib/probe/types";
import { buildSummary } from "@/lib/ui/summary";

function check(
  id: CheckId,
  status: Status,
  outcome: string,
  host: string,
  port?: number,
  params: CheckResult["params"] = {},
): CheckResult {
  const subject = port ? { host, ip: `192.0.2.${host.startsWith("mx2") ? 20 : 10}`, port } : { host };
  return { id, status, outcome, subject, params, evidence: [], durationMs: 1 };
}

/** A healthy session: connect, greeting, STARTTLS, handshake and a valid certificate. */
function healthy(host: string, port = 25): CheckResult[] {
  return [
    check("tcp-connect", "pass", "connected", host, port, { ms: 5 }),
    check("banner", "pass", "ok", host, port),
    check("starttls-offered", "pass", "offered", host, port),
    check("tls-handshake", "pass", "ok", host, port),
    check("cert-expiry", "pass", "valid", host, port, { validTo: "2027-01-01", daysText: "60 days", days: 60 }),
  ];
}

function report(checks: CheckResult[], state: Report["state"] = "finished"): Report {
  const r = emptyReport("r1", "example.com", "2026-06-01T12:00:00.000Z");
  return {
    ...r,
    state,
    normalizedTarget: { input: "example.com", kind: "domain", name: "example.com", unicode: null },
    checks: [check("mx-records", "pass", "found", "example.com"), ...checks],
  };
}

describe("buildSummary", () => {
  it("says all servers accept and encrypt when they do, with nothing to fix", () => {
    const s = buildSummary(report([...healthy("mx1.example.com"), ...healthy("mx2.example.com")]));
    expect(s.headline).toBe("Mail to example.com is accepted and encrypted on all 2 servers.");
    expect(s.fixes).toEqual([]);
  });

  it("names an expired certificate with its age and links the fix to that row", () => {
    const mx2 = healthy("mx2.example.com").map((c) =>
      c.id === "cert-expiry"
        ? check("cert-expiry", "fail", "expired", "mx2.example.com", 25, { validTo: "2026-05-20", daysText: "12 days" })
        : c,
    );
    const s = buildSummary(report([...healthy("mx1.example.com"), ...mx2]));
    expect(s.headline).toBe(
      "Mail to example.com is accepted and encrypted on all 2 servers, but the certificate on mx2.example.com expired 12 days ago.",
    );
    expect(s.fixes).toHaveLength(1);
    expect(s.fixes[0]).toMatchObject({ checkId: "cert-expiry", status: "fail" });
    expect(s.fixes[0].anchor).toBe("session-mx2.example.com-192.0.2.20-25--cert-expiry");
    expect(s.fixes[0].text).toContain("mx2.example.com, port 25");
  });

  it("reports a refused port and ranks it before a warning", () => {
    const checks = [
      check("tcp-connect", "fail", "refused", "mx1.example.com", 25, { message: "ECONNREFUSED" }),
      ...healthy("mx2.example.com").map((c) =>
        c.id === "cert-expiry"
          ? check("cert-expiry", "warn", "expiring-soon", "mx2.example.com", 25, { validTo: "x", daysText: "5 days" })
          : c,
      ),
    ];
    const s = buildSummary(report(checks));
    expect(s.headline).toBe(
      "Mail to example.com is accepted on 1 of 2 servers and encrypted on 1, but mx1.example.com refuses connections on port 25.",
    );
    expect(s.fixes.map((f) => f.checkId)).toEqual(["tcp-connect", "cert-expiry"]);
  });

  it("mentions one finding once when it repeats on several ports, and counts the rest", () => {
    const expired = (host: string, port: number) =>
      check("cert-expiry", "fail", "expired", host, port, { daysText: "3 days", validTo: "x" });
    const checks = [
      ...healthy("mx1.example.com", 25).filter((c) => c.id !== "cert-expiry"),
      expired("mx1.example.com", 25),
      ...healthy("mx1.example.com", 587).filter((c) => c.id !== "cert-expiry"),
      expired("mx1.example.com", 587),
      check("open-relay", "fail", "accepted", "mx1.example.com", 25),
      check("cert-hostname", "fail", "mismatch", "mx1.example.com", 25),
      check("cert-trusted", "fail", "self-signed", "mx1.example.com", 25),
    ];
    const s = buildSummary(report(checks));
    expect(s.headline).toBe(
      "Mail to example.com is accepted and encrypted on its server, but mx1.example.com relays mail for strangers (open relay) and the certificate on mx1.example.com expired 3 days ago (and 2 more findings).",
    );
    expect(s.fixes.map((f) => f.checkId)).toEqual(["open-relay", "cert-expiry"]);
  });

  it("words what we could not tell as such, never as a failure", () => {
    const checks = [
      check("tcp-connect", "pass", "connected", "mx1.example.com", 25),
      check("banner", "inconclusive", "timeout", "mx1.example.com", 25, { seconds: 30 }),
    ];
    const s = buildSummary(report(checks));
    expect(s.headline).toMatch(
      /^No mail server for example\.com accepted our connection, but we could not tell everything: mx1\.example\.com on port 25: /,
    );
    expect(s.fixes).toHaveLength(1);
    expect(s.fixes[0].status).toBe("inconclusive");
  });

  it("leads with a domain-level failure and covers runs that never finished", () => {
    const nullMx = { ...report([]), checks: [check("mx-records", "fail", "null-mx", "example.com")] };
    expect(buildSummary(nullMx).headline).toMatch(/^Mail to example\.com cannot be delivered: /);
    expect(buildSummary({ ...report([]), checks: [], state: "failed" }).headline).toBe(
      "The test of example.com could not run",
    );
    expect(buildSummary(report(healthy("mx1.example.com"), "aborted")).headline).toContain("was stopped");
  });

  it("hides inconclusive items from the fixes when real problems exist", () => {
    const checks = [
      ...healthy("mx1.example.com"),
      check("starttls-offered", "fail", "not-offered", "mx2.example.com", 25),
      check("banner", "inconclusive", "busy-421", "mx3.example.com", 25, { reply: "421 busy" }),
    ];
    const s = buildSummary(report(checks));
    expect(s.headline).toContain("mx2.example.com does not offer STARTTLS on port 25");
    expect(s.fixes.map((f) => f.status)).toEqual(["fail"]);
  });
});
