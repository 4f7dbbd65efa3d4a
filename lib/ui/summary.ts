// The plain-words summary on top of a finished report: one headline sentence, and the one or
// two findings to fix first, each pointing at its row. Pure: fed by the Report alone.
import type { CheckResult, Report, Status } from "@/lib/probe/types";
import { checkTitle, describeCheck } from "./describe-check";
import { escapeControl, plural } from "./format";
import { buildReportView, checkAnchor, type ReportView, type SessionView } from "./report-view";

export interface SummaryFix {
  checkId: string;
  status: Status;
  /** DOM id of the row this fix refers to. */
  anchor: string;
  /** "Certificate expiry on mx2.example.com, port 25: Certificate expired on …". */
  text: string;
}

export interface Summary {
  headline: string;
  fixes: SummaryFix[];
}

interface Finding {
  check: CheckResult;
  session: SessionView | null;
  anchor: string;
}

const RANK: Partial<Record<Status, number>> = { fail: 0, inconclusive: 1, warn: 2 };

// Among failures, what a sender meets first matters most: no MX beats an expired certificate.
const CHECK_WEIGHT = [
  "mx-records",
  "mx-address",
  "tcp-connect",
  "banner",
  "open-relay",
  "starttls-offered",
  "tls-handshake",
  "cert-expiry",
  "cert-trusted",
  "cert-hostname",
];

function weight(id: string): number {
  const i = CHECK_WEIGHT.indexOf(id);
  return i === -1 ? CHECK_WEIGHT.length : i;
}

function findings(view: ReportView): Finding[] {
  const out: Finding[] = [];
  for (const c of view.domainChecks) {
    if (RANK[c.status] !== undefined) out.push({ check: c, session: null, anchor: checkAnchor(c) });
  }
  for (const s of view.sessions) {
    for (const c of s.checks) {
      if (RANK[c.status] !== undefined) out.push({ check: c, session: s, anchor: checkAnchor(c, s) });
    }
  }
  return out.sort(
    (a, b) => (RANK[a.check.status] ?? 9) - (RANK[b.check.status] ?? 9) || weight(a.check.id) - weight(b.check.id),
  );
}

function hostOf(f: Finding): string {
  return escapeControl(f.session?.host || f.check.subject.host || f.check.subject.ip || "the server");
}

function portOf(f: Finding): string {
  const port = f.session?.port ?? f.check.subject.port;
  return port ? ` on port ${port}` : "";
}

function param(c: CheckResult, key: string): string {
  const v = c.params[key];
  return v === undefined ? "" : escapeControl(String(v));
}

/** A clause naming one finding in plain words, e.g. "the certificate on mx2 expired 12 days ago". */
export function findingClause(f: Finding): string {
  const c = f.check;
  const host = hostOf(f);
  const port = portOf(f);
  switch (`${c.id}.${c.outcome}`) {
    case "tcp-connect.refused":
      return `${host} refuses connections${port}`;
    case "tcp-connect.filtered":
      return `${host} does not answer${port} (probably a firewall)`;
    case "tcp-connect.unreachable":
      return `${host} cannot be reached${port}`;
    case "banner.rejected-554":
      return `${host} turns senders away with 554${port}`;
    case "starttls-offered.not-offered":
      return `${host} does not offer STARTTLS${port}, so mail arrives unencrypted`;
    case "cert-expiry.expired":
      return `the certificate on ${host} expired ${param(c, "daysText") || "some days"} ago`;
    case "cert-expiry.expiring-soon":
      return `the certificate on ${host} expires in ${param(c, "daysText") || "a few days"}`;
    case "cert-expiry.not-yet-valid":
      return `the certificate on ${host} is not valid yet`;
    case "cert-trusted.self-signed":
      return `the certificate on ${host} is self-signed`;
    case "cert-trusted.unknown-ca":
      return `the certificate on ${host} is issued by an authority senders do not trust`;
    case "cert-trusted.incomplete-chain":
      return `${host} does not send the intermediate certificate`;
    case "cert-hostname.mismatch":
      return `the certificate on ${host} does not match its name`;
    case "open-relay.accepted":
      return `${host} relays mail for strangers (open relay)`;
  }
  const title = describeCheck(c).title;
  return `${host}${port}: ${title.charAt(0).toLowerCase()}${title.slice(1)}`;
}

function targetName(report: Report): string {
  return escapeControl(report.normalizedTarget?.unicode || report.normalizedTarget?.name || report.target);
}

/** Hosts whose every session got TLS going, and hosts where at least one session greeted. */
function deliveryCounts(view: ReportView) {
  const hosts = [...new Set(view.sessions.map((s) => s.host))];
  const has = (s: SessionView, id: string, ok: (c: CheckResult) => boolean) =>
    s.checks.some((c) => c.id === id && ok(c));
  const greeted = hosts.filter((h) =>
    view.sessions.some((s) => s.host === h && has(s, "banner", (c) => c.status === "pass")),
  );
  const encrypted = hosts.filter((h) => {
    const mine = view.sessions.filter((s) => s.host === h);
    return (
      mine.length > 0 && mine.every((s) => has(s, "tls-handshake", (c) => c.status === "pass" || c.status === "warn"))
    );
  });
  return { hosts: hosts.length, greeted: greeted.length, encrypted: encrypted.length };
}

function baseSentence(report: Report, view: ReportView): string {
  const target = targetName(report);
  const { hosts, greeted, encrypted } = deliveryCounts(view);
  if (hosts === 0) return `No mail server for ${target} could be tested`;
  if (greeted === 0) return `No mail server for ${target} accepted our connection`;
  const servers = hosts === 1 ? "its server" : `all ${hosts} servers`;
  if (encrypted === hosts && greeted === hosts) return `Mail to ${target} is accepted and encrypted on ${servers}`;
  if (encrypted === 0)
    return `Mail to ${target} is accepted on ${greeted} of ${plural(hosts, "server")} but not encrypted`;
  return `Mail to ${target} is accepted on ${greeted} of ${plural(hosts, "server")} and encrypted on ${encrypted}`;
}

function fixText(f: Finding): string {
  const where = f.session
    ? ` on ${hostOf(f)}, port ${f.session.port}`
    : f.check.subject.host
      ? ` for ${hostOf(f)}`
      : "";
  return `${checkTitle(f.check)}${where}: ${describeCheck(f.check).title}`;
}

/** Headline and top fixes for a report that is no longer running. */
export function buildSummary(report: Report, view: ReportView = buildReportView(report)): Summary {
  const list = findings(view);
  const fixes = list
    .filter((f) => f.check.status !== "inconclusive" || list.every((g) => g.check.status === "inconclusive"))
    .slice(0, 2)
    .map((f) => ({ checkId: f.check.id, status: f.check.status, anchor: f.anchor, text: fixText(f) }));

  const target = targetName(report);
  if (report.state === "failed" && !report.checks.length)
    return { headline: `The test of ${target} could not run`, fixes };
  if (report.state === "aborted") return { headline: `The test of ${target} was stopped before it finished`, fixes };

  const domainFail = list.find((f) => f.session === null && f.check.status === "fail");
  if (domainFail) {
    return {
      headline: `Mail to ${target} cannot be delivered: ${lowerFirst(describeCheck(domainFail.check).title)}`,
      fixes,
    };
  }

  const base = baseSentence(report, view);
  const worst = list[0];
  if (!worst) return { headline: `${base}.`, fixes };
  if (worst.check.status === "inconclusive") {
    return { headline: `${base}, but we could not tell everything: ${findingClause(worst)}.`, fixes };
  }
  // Same finding on several ports of one host reads once.
  const clauses = [...new Set(list.filter((f) => f.check.status === worst.check.status).map(findingClause))];
  const tail = clauses[1] ? ` and ${clauses[1]}` : "";
  const extra = clauses.length > 2 ? ` (and ${plural(clauses.length - 2, "more finding")})` : "";
  return { headline: `${base}, but ${clauses[0]}${tail}${extra}.`, fixes };
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
