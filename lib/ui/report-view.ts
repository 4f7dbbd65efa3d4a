// Turns a flat Report (checks in arrival order + finished session summaries) into what the
// results panel draws: domain-level rows first, then one section per host × address × port.
import { worstStatus } from "@/lib/probe/status";
import type { CheckResult, Report, SessionSummary, Status, Subject } from "@/lib/probe/types";
import { escapeControl, slug } from "./format";

export interface SessionRef {
  host: string;
  ip: string;
  port: number;
  /** Browser clock when the live page saw the session start (elapsed time while it runs). */
  startedAtMs?: number;
}

export interface SessionView extends SessionRef {
  /** Stable key "host|ip|port". */
  key: string;
  /** data-testid of the session container: session-<host>-<ip>-<port>, sanitized. */
  testId: string;
  /** DOM id of the section (anchor). */
  anchor: string;
  /** Checks in the order they arrived. */
  checks: CheckResult[];
  summary: SessionSummary | null;
  /** running: no summary yet and the probe is live; incomplete: the probe ended without one. */
  state: "running" | "done" | "incomplete";
  /** Worst status among this session's checks (skipped ignored); null when none yet. */
  status: Status | null;
}

export interface ReportView {
  /** Checks without a port: mx-records, mx-address (one per host), later DNS checks. */
  domainChecks: CheckResult[];
  sessions: SessionView[];
  counts: Record<Status, number>;
  hosts: string[];
}

/** Sanitized session token used for data-testid: lower case, [a-z0-9.-] only. */
export function sessionTestId(host: string, ip: string, port: number): string {
  return `session-${slug(host)}-${slug(ip)}-${port}`;
}

export function sessionKey(ref: SessionRef): string {
  return `${ref.host}|${ref.ip}|${ref.port}`;
}

function refOfSubject(subject: Subject): SessionRef | null {
  if (subject.port === undefined || subject.port === null) return null;
  const ip = subject.ip ?? subject.host ?? "";
  const host = subject.host ?? subject.ip ?? "";
  return { host, ip, port: subject.port };
}

function refOfSummary(s: SessionRef): SessionRef {
  return { host: s.host || s.ip, ip: s.ip, port: s.port };
}

/** DOM id for a check row: the check id itself where unique, qualified otherwise. */
export function checkAnchor(check: CheckResult, session?: SessionView): string {
  if (session) return `${session.anchor}--${check.id}`;
  if (check.id === "mx-address" && check.subject.host) return `${check.id}--${slug(check.subject.host)}`;
  return check.id;
}

export function emptyCounts(): Record<Status, number> {
  return { pass: 0, info: 0, warn: 0, fail: 0, inconclusive: 0, skipped: 0 };
}

export function buildReportView(report: Report, active: SessionRef[] = []): ReportView {
  const counts = emptyCounts();
  const domainChecks: CheckResult[] = [];
  const sessions = new Map<string, SessionView>();
  const hostOrder: string[] = [];
  const ipOrder: string[] = [];

  const noteHost = (host: string) => {
    if (host && !hostOrder.includes(host)) hostOrder.push(host);
  };
  const noteIp = (ip: string) => {
    if (ip && !ipOrder.includes(ip)) ipOrder.push(ip);
  };

  const ensure = (ref: SessionRef): SessionView => {
    const key = sessionKey(ref);
    let view = sessions.get(key);
    if (!view) {
      const testId = sessionTestId(ref.host, ref.ip, ref.port);
      view = {
        ...ref,
        key,
        testId,
        anchor: testId,
        checks: [],
        summary: null,
        state: "running",
        status: null,
      };
      sessions.set(key, view);
      noteHost(ref.host);
      noteIp(ref.ip);
    }
    return view;
  };

  for (const check of report.checks) {
    counts[check.status] += 1;
    const ref = refOfSubject(check.subject);
    if (!ref) {
      if (check.subject.host) noteHost(check.subject.host);
      domainChecks.push(check);
      continue;
    }
    ensure(ref).checks.push(check);
  }

  for (const summary of report.sessions) {
    ensure(refOfSummary(summary)).summary = summary;
  }

  if (report.state === "running") {
    for (const ref of active) {
      const view = ensure(refOfSummary(ref));
      view.startedAtMs ??= ref.startedAtMs;
    }
  }

  for (const view of sessions.values()) {
    view.state = view.summary ? "done" : report.state === "running" ? "running" : "incomplete";
    view.status = view.checks.length ? worstStatus(view.checks.map((c) => c.status)) : null;
  }

  // mx-records first, then the rest in arrival order (mx-address arrives in MX preference order).
  domainChecks.sort((a, b) => Number(b.id === "mx-records") - Number(a.id === "mx-records"));

  const portRank = (port: number) => {
    const i = (report.ports as number[]).indexOf(port);
    return i === -1 ? 100 + port : i;
  };
  const ordered = [...sessions.values()].sort(
    (a, b) =>
      hostOrder.indexOf(a.host) - hostOrder.indexOf(b.host) ||
      ipOrder.indexOf(a.ip) - ipOrder.indexOf(b.ip) ||
      portRank(a.port) - portRank(b.port),
  );

  return { domainChecks, sessions: ordered, counts, hosts: hostOrder };
}

/** "mx1.example.com · 192.0.2.10 · port 25" (host omitted when it is the address itself). */
export function sessionLabel(ref: SessionRef): string {
  const parts = ref.host && ref.host !== ref.ip ? [ref.host, ref.ip] : [ref.ip];
  // Names come from DNS answers: shown with any control or bidi character escaped.
  return escapeControl(`${parts.join(" · ")} · port ${ref.port}`);
}

/** What each port is for, in a few words. */
export const PORT_ROLES: Record<number, string> = {
  25: "SMTP relay (MX)",
  587: "Submission (STARTTLS)",
  465: "Submission (implicit TLS)",
};
