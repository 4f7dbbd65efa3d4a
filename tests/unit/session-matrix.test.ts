// The overview matrix is built from the same events the live page folds, with check results made
// by the real checks, so a change in what mx-address reports shows up here.
import { describe, expect, it } from "vitest";
import { evaluateDomainChecks, evaluateHostChecks, evaluateSessionCheck, sessionChecksFor } from "@/lib/probe/checks";
import { checkAddress } from "@/lib/probe/net/target-guard";
import { applyEvent, emptyReport } from "@/lib/probe/report";
import { summarizeSession } from "@/lib/probe/run-probe";
import { worstStatus } from "@/lib/probe/status";
import type { ProbeEvent, ProbePort, Report, SessionFacts } from "@/lib/probe/types";
import { buildReportView, type SessionRef } from "@/lib/ui/report-view";
import { buildSessionMatrix, cellTestId, parseBlocked } from "@/lib/ui/session-matrix";
import {
  cert,
  ctx,
  domainFacts,
  goodSession,
  hostFacts,
  INTERMEDIATE,
  reply,
  stoppedAt,
  tlsFacts,
} from "./fixtures/facts";

const MX1 = "mx1.example.com";
const V4 = "192.0.2.10";
const V6 = "2001:db8::10";
const PRIVATE_IP = "10.0.0.5";

function fold(events: ProbeEvent[]): Report {
  return events.reduce(applyEvent, emptyReport("", "example.com", "2026-06-01T12:00:00.000Z"));
}

function started(ports: ProbePort[], kind: "domain" | "ip" = "domain", name = "example.com"): ProbeEvent {
  return {
    type: "started",
    id: "r1",
    target: { input: name, kind, name, unicode: null },
    ports,
    relay: true,
    createdAt: "2026-06-01T12:00:00.000Z",
  };
}

/** Every check the session yields, then its end event. */
function sessionEvents(facts: SessionFacts, end = true): ProbeEvent[] {
  const events: ProbeEvent[] = [{ type: "session", phase: "start", host: facts.host, ip: facts.ip, port: facts.port }];
  for (const check of sessionChecksFor(facts.port)) {
    const result = evaluateSessionCheck(check, facts, ctx);
    if (result) events.push({ type: "check", check: result });
  }
  if (end) {
    const { host, ip, port } = facts;
    events.push({ type: "session", phase: "end", host, ip, port, session: summarizeSession(facts) });
  }
  return events;
}

/** Two MX (the second without address), one omitted MX, blocked and capped addresses. */
function discoveryEvents(): ProbeEvent[] {
  const blocked = checkAddress(PRIVATE_IP, []);
  if (blocked.allowed) throw new Error("the guard should refuse a private address");
  const domain = domainFacts({
    mx: [
      { host: MX1, preference: 10 },
      { host: "mx2.example.com", preference: 20 },
    ],
    mxOmitted: [{ host: "mx9.example.com", preference: 90 }],
  });
  const mx1 = hostFacts({
    host: MX1,
    addresses: [V4, "192.0.2.11", V6, PRIVATE_IP],
    tested: [V4, V6],
    omitted: ["192.0.2.11"],
    blocked: [{ ip: PRIVATE_IP, reason: blocked.reason }],
  });
  const mx2 = hostFacts({ host: "mx2.example.com", preference: 20, addresses: [], tested: [] });
  return [
    ...evaluateDomainChecks(domain, ctx),
    ...evaluateHostChecks(mx1, domain, ctx),
    ...evaluateHostChecks(mx2, domain, ctx),
  ].map((check) => ({ type: "check", check }));
}

/** A clean session of MX1 (its certificate names MX1). */
const mx1Session = (overrides: Partial<SessionFacts> = {}) =>
  goodSession({
    host: MX1,
    ip: V4,
    tls: tlsFacts({ chain: [cert({ subjectCN: MX1, sans: [MX1] }), INTERMEDIATE] }),
    ...overrides,
  });

const openRelay = (port: ProbePort, ip = V4) =>
  mx1Session({
    ip,
    port,
    relay: {
      from: "a@example.org",
      to: "b@example.net",
      mailReply: reply(250, "2.1.0 Ok"),
      rcptReply: reply(250, "2.1.5 Ok"),
    },
  });

describe("buildSessionMatrix", () => {
  it("rows per host and address, a column per port, queued until a session starts", () => {
    const report = fold([started([25, 587]), ...discoveryEvents()]);
    const m = buildSessionMatrix(report, buildReportView(report));
    expect(m.ports).toEqual([25, 587]);
    expect(m.hosts.map((h) => [h.host, h.preference, h.literal])).toEqual([[MX1, 10, false]]);
    expect(m.hosts[0].rows.map((r) => [r.ip, r.family])).toEqual([
      [V4, "IPv4"],
      [V6, "IPv6"],
    ]);
    const cells = m.hosts[0].rows.flatMap((r) => r.cells);
    expect(cells.map((c) => `${c.ip} ${c.port} ${c.state}`)).toEqual([
      `${V4} 25 queued`,
      `${V4} 587 queued`,
      `${V6} 25 queued`,
      `${V6} 587 queued`,
    ]);
    expect(cells.every((c) => c.anchor === null && c.status === null)).toBe(true);
  });

  it("lists what was left out and why", () => {
    const report = fold([started([25]), ...discoveryEvents()]);
    const { notTested } = buildSessionMatrix(report, buildReportView(report));
    const byWhat = Object.fromEntries(notTested.map((n) => [n.ip ?? n.host, n]));
    expect(byWhat[PRIVATE_IP].host).toBe(MX1);
    expect(byWhat[PRIVATE_IP].reason).toMatch(/^blocked: .*private/i);
    expect(byWhat["192.0.2.11"].reason).toMatch(/limit on addresses/);
    expect(byWhat["mx2.example.com"].reason).toMatch(/no A or AAAA/);
    expect(byWhat["mx9.example.com"].reason).toMatch(/limit on MX hosts/);
    expect(notTested).toHaveLength(4);
  });

  it("fills in live: running cells carry the worst status so far, finished ones the session's worst", () => {
    const done = openRelay(25);
    const partial = sessionEvents(stoppedAt(mx1Session({ port: 587 }), "greeting", "timeout"), false);
    const report = fold([started([25, 587]), ...discoveryEvents(), ...sessionEvents(done), ...partial]);
    const active: SessionRef[] = [{ host: MX1, ip: V4, port: 587 }];
    const view = buildReportView(report, active);
    const [row4, row6] = buildSessionMatrix(report, view).hosts[0].rows;

    const finished = row4.cells[0];
    const session = view.sessions.find((s) => s.ip === V4 && s.port === 25)!;
    expect(finished.state).toBe("done");
    expect(finished.status).toBe(worstStatus(session.checks.map((c) => c.status)));
    expect(finished.status).toBe("fail");
    expect(finished.anchor).toBe(session.anchor);

    expect(row4.cells[1].state).toBe("running");
    expect(row4.cells[1].status).toBe("inconclusive");
    expect(row4.cells[1].checkCount).toBeGreaterThan(0);
    expect(row6.cells.map((c) => c.state)).toEqual(["queued", "queued"]);
  });

  it("after the end, cells that never started say so instead of 'queued'", () => {
    const report = fold([
      started([25]),
      ...discoveryEvents(),
      ...sessionEvents(mx1Session()),
      { type: "failed", code: "aborted", message: "stopped" },
    ]);
    const view = buildReportView(report);
    const [row4, row6] = buildSessionMatrix(report, view).hosts[0].rows;
    // Whatever checks exist now, the cell is the worst of its session's results.
    const checks = view.sessions.find((s) => s.ip === V4)?.checks ?? [];
    expect(checks.length).toBeGreaterThan(3);
    expect(row4.cells[0]).toMatchObject({ state: "done", status: worstStatus(checks.map((c) => c.status)) });
    expect(row6.cells[0]).toMatchObject({ state: "not-run", status: null });
  });

  it("an IP target is one literal host, known before its session starts", () => {
    const ip = "198.51.100.7";
    const report = fold([started([25, 465], "ip", ip)]);
    const m = buildSessionMatrix(report, buildReportView(report));
    expect(m.hosts).toHaveLength(1);
    expect(m.hosts[0]).toMatchObject({ host: ip, literal: true, preference: null });
    expect(m.hosts[0].rows[0].cells.map((c) => c.state)).toEqual(["queued", "queued"]);
  });

  it("cell test ids use the session test id's sanitising", () => {
    expect(cellTestId("MX1.Example.com", V6, 25)).toBe("cell-mx1.example.com-2001-db8-10-25");
    expect(cellTestId(V4, V4, 587)).toBe("cell-192.0.2.10-192.0.2.10-587");
  });
});

describe("parseBlocked", () => {
  it("splits only where a new address begins, keeping commas and parentheses in reasons", () => {
    expect(parseBlocked("10.0.0.1 (private, RFC 1918), fd00::1 (unique local IPv6 (private))")).toEqual([
      { ip: "10.0.0.1", reason: "private, RFC 1918" },
      { ip: "fd00::1", reason: "unique local IPv6 (private)" },
    ]);
    expect(parseBlocked(null)).toEqual([]);
  });
});
