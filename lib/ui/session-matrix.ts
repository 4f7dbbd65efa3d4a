// The host → address × port overview drawn above the results. Built from the same Report the
// rest of the panel reads (plus the live list of running sessions), so it fills in as checks
// stream: the mx-address checks announce which sessions will run, sessions that have not started
// yet are "queued", and each finished cell carries the worst status of its session's checks.
import type { CheckResult, Report, Status } from "@/lib/probe/types";
import { slug } from "./format";
import type { ReportView, SessionView } from "./report-view";

/** Where a cell's session is in its life. */
export type CellState = "queued" | "running" | "done" | "incomplete" | "not-run";

export interface MatrixCell {
  host: string;
  ip: string;
  port: number;
  state: CellState;
  /** Worst status of the session's checks so far (skipped ignored); null when none yet. */
  status: Status | null;
  checkCount: number;
  /** DOM id of the session section to jump to; null when there is no section (yet). */
  anchor: string | null;
  testId: string;
}

export interface MatrixRow {
  ip: string;
  family: "IPv4" | "IPv6";
  cells: MatrixCell[];
}

export interface MatrixHost {
  host: string;
  /** MX preference when the target was a domain with MX records. */
  preference: number | null;
  /** True when the host is an address typed as the target (no name to show). */
  literal: boolean;
  rows: MatrixRow[];
}

export interface NotTested {
  /** The address left out, or null when a whole host was left out. */
  ip: string | null;
  host: string;
  reason: string;
}

export interface SessionMatrix {
  ports: number[];
  hosts: MatrixHost[];
  notTested: NotTested[];
}

/** data-testid of a matrix cell: same sanitising as sessionTestId. */
export function cellTestId(host: string, ip: string, port: number): string {
  return `cell-${slug(host)}-${slug(ip)}-${port}`;
}

export function addressFamily(ip: string): "IPv4" | "IPv6" {
  return ip.includes(":") ? "IPv6" : "IPv4";
}

function evidenceValue(check: CheckResult, label: string): string | null {
  return check.evidence.find((e) => e.label === label)?.value ?? null;
}

function splitList(value: string | null | undefined): string[] {
  if (!value) return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * "10.0.0.1 (private address), fd00::1 (unique local IPv6 (private))" → pairs. Reasons may hold
 * commas and parentheses, so split only where a new "address (" begins.
 */
export function parseBlocked(value: string | null): { ip: string; reason: string }[] {
  if (!value) return [];
  return value
    .split(/,\s+(?=[0-9a-f:.]+\s\()/i)
    .map((part) => {
      const m = /^([0-9a-f:.]+)\s\((.*)\)$/is.exec(part.trim());
      return m ? { ip: m[1], reason: m[2] } : { ip: part.trim(), reason: "" };
    })
    .filter((b) => b.ip);
}

/** "10 mx1.example, 20 mx2.example" → host → preference. */
function parseMxList(value: string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of splitList(value)) {
    const m = /^(\d+)\s+(\S+)$/.exec(item);
    if (m) out.set(m[2].toLowerCase(), Number(m[1]));
  }
  return out;
}

const NO_ADDRESS_REASON: Record<string, string> = {
  "no-address": "the name has no A or AAAA record",
  "dns-error": "its address lookup failed",
};

export function buildSessionMatrix(report: Report, view: ReportView): SessionMatrix {
  const ports = [...report.ports] as number[];
  const planned = new Map<string, string[]>();
  const notTested: NotTested[] = [];
  let preferences = new Map<string, number>();

  const plan = (host: string, ip: string) => {
    const ips = planned.get(host) ?? [];
    if (!ips.includes(ip)) ips.push(ip);
    planned.set(host, ips);
  };

  for (const check of view.domainChecks) {
    if (check.id === "mx-records") {
      preferences = parseMxList(evidenceValue(check, "MX records"));
      for (const [host] of parseMxList(evidenceValue(check, "Not tested (host limit)"))) {
        notTested.push({ ip: null, host, reason: "beyond the limit on MX hosts per test" });
      }
      continue;
    }
    if (check.id !== "mx-address" || !check.subject.host) continue;
    const host = check.subject.host;
    const tested =
      check.outcome === "resolved"
        ? splitList(evidenceValue(check, "Tested") ?? String(check.params.addresses ?? ""))
        : [];
    if (tested.length === 0) planned.set(host, planned.get(host) ?? []);
    for (const ip of tested) plan(host, ip);
    for (const b of parseBlocked(evidenceValue(check, "Not tested (blocked)"))) {
      notTested.push({ ip: b.ip, host, reason: b.reason ? `blocked: ${b.reason}` : "blocked" });
    }
    for (const ip of splitList(evidenceValue(check, "Not tested (address limit)"))) {
      notTested.push({ ip, host, reason: "beyond the limit on addresses per host" });
    }
    const why = NO_ADDRESS_REASON[check.outcome];
    if (why) notTested.push({ ip: null, host, reason: why });
  }

  // An address typed as the target is its own host: nothing announces it before its session.
  const target = report.normalizedTarget;
  if (target?.kind === "ip") plan(target.name, target.name);

  // Anything the sessions show that no check announced (defensive: keeps every session visible).
  const sessions = new Map<string, SessionView>();
  for (const s of view.sessions) {
    sessions.set(`${s.host}|${s.ip}|${s.port}`, s);
    plan(s.host, s.ip);
    if (!ports.includes(s.port)) ports.push(s.port);
  }

  const live = report.state === "running";
  const cellFor = (host: string, ip: string, port: number): MatrixCell => {
    const s = sessions.get(`${host}|${ip}|${port}`);
    const base = { host, ip, port, testId: cellTestId(host, ip, port) };
    if (!s) {
      return { ...base, state: live ? "queued" : "not-run", status: null, checkCount: 0, anchor: null };
    }
    return { ...base, state: s.state, status: s.status, checkCount: s.checks.length, anchor: s.anchor };
  };

  const hosts: MatrixHost[] = [...planned.entries()]
    .filter(([, ips]) => ips.length > 0)
    .map(([host, ips]) => ({
      host,
      preference: preferences.get(host.toLowerCase()) ?? null,
      literal: target?.kind === "ip" && host === target.name,
      rows: ips.map((ip) => ({
        ip,
        family: addressFamily(ip),
        cells: ports.map((port) => cellFor(host, ip, port)),
      })),
    }));

  return { ports, hosts, notTested };
}
