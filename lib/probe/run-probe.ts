// The probe: resolve the target, then run every host × address × port session concurrently
// (one at a time per address, a global cap on sockets), streaming each check as soon as the
// facts it needs exist. Independent of Next: the route handler and the CLI both iterate this.
import { AsyncQueue, Semaphore } from "./async-queue";
import { evaluateDomainChecks, evaluateHostChecks, evaluateSessionCheck, sessionChecksFor } from "./checks";
import type { EvalContext } from "./checks/define";
import { namesTable } from "./checks/names";
import { DEFAULT_LIMITS, DEFAULT_TIMEOUTS } from "./config";
import { discoverDomain, discoverHost, literalHost, reverseAll } from "./discover";
import { newReportId } from "./ids";
import type { ConnectFn } from "./net/connect";
import { type DnsResolver, resolverFromEnv } from "./net/resolve";
import { type AllowList, parseAllowList } from "./net/target-guard";
import { runSession } from "./session";
import { worstStatus } from "./status";
import { parseTarget } from "./target";
import type {
  CheckResult,
  HostFacts,
  Limits,
  ProbeEvent,
  ProbePort,
  ProbeRequest,
  ReverseFacts,
  SessionFacts,
  SessionSummary,
  Timeouts,
} from "./types";

export interface ProbeOptions {
  request: ProbeRequest;
  /** Report id to announce in the "started" event (generated when omitted). */
  id?: string;
  resolver?: DnsResolver;
  connect?: ConnectFn;
  timeouts?: Partial<Timeouts>;
  limits?: Partial<Limits>;
  heloName: string;
  /** CIDRs exempt from the private-address block (MAILPROBE_ALLOW_TARGETS). */
  allowTargets?: string | AllowList;
  signal?: AbortSignal;
  now?: () => Date;
}

export function summarizeSession(f: SessionFacts): SessionSummary {
  return {
    host: f.host,
    ip: f.ip,
    port: f.port,
    startedAt: f.startedAt,
    durationMs: f.durationMs,
    error: f.error,
    tls: f.tls,
    extensions: f.extensions,
    extensionsAfterTls: f.extensionsAfterTls,
    names: namesTable(f),
    tlsVersions: f.tlsVersions,
    transcript: f.transcript,
  };
}

interface SessionPlan {
  host: string;
  ip: string;
  port: ProbePort;
  reverse: ReverseFacts | null;
}

function describeBlocked(hosts: HostFacts[], viaMx: boolean): string {
  const parts = hosts.flatMap((h) => h.blocked.map((b) => `${viaMx ? `MX ${h.host} → ` : ""}${b.ip} (${b.reason})`));
  return `mailprobe only tests public mail servers; the target leads to non-public addresses only: ${parts.join("; ")}`;
}

export async function* runProbe(opts: ProbeOptions): AsyncGenerator<ProbeEvent> {
  const started = performance.now();
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const ctx = (): EvalContext => ({ now: opts.now?.() ?? new Date(), timeouts });
  const elapsed = () => Math.round(performance.now() - started);
  const { request } = opts;

  const parsed = parseTarget(request.target);
  if (!parsed.ok) {
    yield { type: "failed", code: "bad-target", message: parsed.message };
    return;
  }
  const target = parsed.target;
  const ports = [...new Set(request.ports)].sort((a, b) => a - b) as ProbePort[];
  yield {
    type: "started",
    id: opts.id ?? newReportId(),
    target,
    ports,
    relay: request.relay,
    createdAt: new Date().toISOString(),
    heloName: opts.heloName,
  };

  const allow = typeof opts.allowTargets === "object" ? opts.allowTargets : parseAllowList(opts.allowTargets);
  const resolver = opts.resolver ?? resolverFromEnv();
  const statuses: CheckResult["status"][] = [];
  const emit = (check: CheckResult): ProbeEvent => {
    statuses.push(check.status);
    return { type: "check", check };
  };

  // One controller ends every session: the caller's abort or the whole-probe deadline.
  const control = new AbortController();
  const onAbort = () => control.abort(new Error("the probe was stopped"));
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const probeTimer = setTimeout(
    () => control.abort(new Error(`the whole probe reached its ${Math.round(timeouts.probeMs / 1000)} s deadline`)),
    timeouts.probeMs,
  );

  try {
    let hosts: HostFacts[];
    if (target.kind === "ip") {
      hosts = [literalHost(target.name, allow)];
      if (hosts[0].tested.length === 0) {
        yield { type: "failed", code: "blocked-target", message: describeBlocked(hosts, false) };
        return;
      }
      hosts[0].reverse = await reverseAll(hosts[0].tested, resolver);
    } else {
      const domain = await discoverDomain(target, resolver, limits);
      for (const c of evaluateDomainChecks(domain, ctx())) yield emit(c);
      if (domain.mx.length === 0) {
        yield finished(statuses, elapsed());
        return;
      }
      hosts = await Promise.all(domain.mx.map((m) => discoverHost(m.host, m.preference, resolver, allow, limits)));
      for (const h of hosts) for (const c of evaluateHostChecks(h, domain, ctx())) yield emit(c);
      const testable = hosts.some((h) => h.tested.length > 0);
      if (!testable && hosts.some((h) => h.blocked.length > 0)) {
        yield { type: "failed", code: "blocked-target", message: describeBlocked(hosts, domain.kind === "mx") };
        return;
      }
    }

    // Group by address so each address sees one connection at a time, whatever its host names.
    const byAddress = new Map<string, SessionPlan[]>();
    for (const h of hosts)
      for (const ip of h.tested)
        for (const port of ports) {
          const plan = { host: h.host, ip, port, reverse: h.reverse[ip] ?? null };
          byAddress.set(ip, [...(byAddress.get(ip) ?? []), plan]);
        }

    const queue = new AsyncQueue<ProbeEvent>();
    const sockets = new Semaphore(limits.maxConcurrentSockets);
    const runOne = async (plan: SessionPlan) => {
      const checks = sessionChecksFor(plan.port);
      const emitted = new Set<string>();
      const evaluateReady = (facts: SessionFacts, final: boolean) => {
        for (const check of checks) {
          if (emitted.has(check.id)) continue;
          if (!final && !facts.stages.includes(check.after)) continue;
          emitted.add(check.id);
          const result = evaluateSessionCheck(check, facts, ctx());
          if (result) queue.push(emit(result));
        }
      };
      const release = await sockets.acquire();
      try {
        if (control.signal.aborted) return;
        queue.push({ type: "session", phase: "start", host: plan.host, ip: plan.ip, port: plan.port });
        const facts = await runSession({
          ...plan,
          heloName: opts.heloName,
          relay: request.relay,
          timeouts,
          limits,
          connect: opts.connect,
          signal: control.signal,
          onProgress: (f) => evaluateReady(f, false),
        });
        evaluateReady(facts, true);
        queue.push({
          type: "session",
          phase: "end",
          host: plan.host,
          ip: plan.ip,
          port: plan.port,
          session: summarizeSession(facts),
        });
      } finally {
        release();
      }
    };
    const all = Promise.all(
      [...byAddress.values()].map(async (plans) => {
        for (const plan of plans) await runOne(plan);
      }),
    ).finally(() => queue.close());
    // Surface a bug in a session as a failed probe instead of an unhandled rejection.
    let crash: unknown = null;
    all.catch((err) => {
      crash = err;
    });

    for await (const event of queue) yield event;
    if (crash) throw crash;

    if (opts.signal?.aborted) {
      yield { type: "failed", code: "aborted", message: "the probe was stopped before it finished" };
      return;
    }
    yield finished(statuses, elapsed());
  } finally {
    clearTimeout(probeTimer);
    opts.signal?.removeEventListener("abort", onAbort);
    // If the consumer stopped iterating early (closed tab), end every session now.
    control.abort(new Error("consumer stopped"));
  }
}

function finished(statuses: CheckResult["status"][], durationMs: number): ProbeEvent {
  return { type: "finished", status: worstStatus(statuses), durationMs, finishedAt: new Date().toISOString() };
}
