// Runs the real engine against real local servers and folds the events into a report.

import { createResolver, type DnsResolver, type DnsResult } from "../../lib/probe/net/resolve";
import { applyEvent, emptyReport } from "../../lib/probe/report";
import { type ProbeOptions, runProbe } from "../../lib/probe/run-probe";
import type { CheckResult, ProbeEvent, ProbePort, Report } from "../../lib/probe/types";

export const FAST_TIMEOUTS = {
  connectMs: 2000,
  greetingMs: 2000,
  replyMs: 2000,
  tlsMs: 2000,
  sessionMs: 15_000,
  probeMs: 30_000,
};

/**
 * The resolver for tests that give no DNS server: every lookup fails at once, so a probe of an
 * IP literal (which still looks up its PTR) never reaches the machine's resolver.
 */
const noDns = async <T>(what: string): Promise<DnsResult<T>> => ({
  ok: false,
  error: { code: "refused", message: `${what}: no DNS server in this test` },
});
export const NO_DNS: DnsResolver = {
  mx: (name) => noDns(`MX ${name}`),
  a: (name) => noDns(`A ${name}`),
  aaaa: (name) => noDns(`AAAA ${name}`),
  ptr: (ip) => noDns(`PTR ${ip}`),
};

export interface ProbeRun {
  report: Report;
  events: ProbeEvent[];
  ms: number;
  /** The check with this id (and optional port/ip), or throws: a missing check is a test failure. */
  check(id: string, where?: { port?: number; ip?: string; host?: string }): CheckResult;
}

export async function probe(
  target: string,
  opts: {
    ports?: ProbePort[];
    relay?: boolean;
    dns?: string;
    allow?: string;
    timeouts?: Partial<ProbeOptions["timeouts"]>;
    extra?: Partial<ProbeOptions>;
  } = {},
): Promise<ProbeRun> {
  const t0 = performance.now();
  const events: ProbeEvent[] = [];
  let report = emptyReport("", target, new Date().toISOString());
  for await (const event of runProbe({
    request: { target, ports: opts.ports ?? [25], relay: opts.relay ?? true },
    heloName: "probe.mailprobe.test",
    resolver: opts.dns ? createResolver({ servers: [opts.dns], timeoutMs: 1000, tries: 1 }) : NO_DNS,
    allowTargets: opts.allow ?? "127.0.0.0/8,::1/128",
    timeouts: { ...FAST_TIMEOUTS, ...opts.timeouts },
    ...opts.extra,
  })) {
    events.push(event);
    report = applyEvent(report, event);
  }
  return {
    report,
    events,
    ms: performance.now() - t0,
    check(id, where = {}) {
      const found = report.checks.find(
        (c) =>
          c.id === id &&
          (where.port === undefined || c.subject.port === where.port) &&
          (where.ip === undefined || c.subject.ip === where.ip) &&
          (where.host === undefined || c.subject.host === where.host),
      );
      if (!found) {
        const have = report.checks.map((c) => `${c.id}@${c.subject.ip ?? c.subject.host}:${c.subject.port ?? ""}`);
        throw new Error(
          `no ${id} check ${JSON.stringify(where)}; have ${have.join(", ")}; error ${JSON.stringify(report.error)}`,
        );
      }
      return found;
    },
  };
}

export function outcome(c: CheckResult): string {
  return `${c.status}/${c.outcome}`;
}
