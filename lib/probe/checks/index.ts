// The check registry: display order, scope dispatch, and the one place where a Verdict becomes a
// CheckResult. An undeclared outcome is a programming error (it would have no status and no
// explanation), so it throws instead of reaching a user.
import type { CheckResult, DomainFacts, HostFacts, ProbePort, SessionFacts, Subject } from "../types";
import { authBeforeTlsCheck } from "./auth-before-tls";
import { bannerCheck } from "./banner";
import { certExpiryCheck } from "./cert-expiry";
import { certHostnameCheck } from "./cert-hostname";
import { certKeyCheck } from "./cert-key";
import { certTrustedCheck } from "./cert-trusted";
import type { Check, DomainCheck, EvalContext, HostCheck, SessionCheck, Verdict } from "./define";
import { ehloCheck } from "./ehlo";
import { ehloAfterTlsCheck } from "./ehlo-after-tls";
import { mxAddressCheck } from "./mx-address";
import { mxRecordsCheck } from "./mx-records";
import { namesCheck } from "./names";
import { openRelayCheck } from "./open-relay";
import { starttlsOfferedCheck } from "./starttls-offered";
import { tcpConnectCheck } from "./tcp-connect";
import { tlsHandshakeCheck } from "./tls-handshake";
import { tlsVersionCheck } from "./tls-version";
import { tlsVersionsCheck } from "./tls-versions";

export type { Check, DomainCheck, EvalContext, HostCheck, SessionCheck, Verdict } from "./define";

/** Every check, in display order. */
export const CHECKS: readonly Check[] = [
  mxRecordsCheck,
  mxAddressCheck,
  tcpConnectCheck,
  bannerCheck,
  ehloCheck,
  starttlsOfferedCheck,
  tlsHandshakeCheck,
  tlsVersionCheck,
  tlsVersionsCheck,
  certTrustedCheck,
  certHostnameCheck,
  certExpiryCheck,
  certKeyCheck,
  ehloAfterTlsCheck,
  authBeforeTlsCheck,
  namesCheck,
  openRelayCheck,
];

export const DOMAIN_CHECKS: readonly DomainCheck[] = CHECKS.filter((c): c is DomainCheck => c.scope === "domain");
export const HOST_CHECKS: readonly HostCheck[] = CHECKS.filter((c): c is HostCheck => c.scope === "host");
export const SESSION_CHECKS: readonly SessionCheck[] = CHECKS.filter((c): c is SessionCheck => c.scope === "session");

export function getCheck(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}

/** Session checks that apply to a port, in display order. */
export function sessionChecksFor(port: ProbePort): SessionCheck[] {
  return SESSION_CHECKS.filter((c) => !c.ports || c.ports.includes(port));
}

/** Verdict → CheckResult. Subject fields are also offered as params ({host}, {ip}, {port}). */
export function toCheckResult(check: Check, verdict: Verdict, subject: Subject): CheckResult {
  if (!Object.hasOwn(check.outcomes, verdict.outcome)) {
    throw new Error(`check ${check.id} returned undeclared outcome "${verdict.outcome}"`);
  }
  const base: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(subject)) if (value !== undefined) base[key] = value;
  return {
    id: check.id,
    status: check.outcomes[verdict.outcome],
    outcome: verdict.outcome,
    subject,
    params: { ...base, ...verdict.params },
    evidence: verdict.evidence ?? [],
    durationMs: Math.max(0, Math.round(verdict.durationMs ?? 0)),
  };
}

export function runCheck(check: DomainCheck, facts: { domain: DomainFacts }, ctx: EvalContext): CheckResult;
export function runCheck(
  check: HostCheck,
  facts: { host: HostFacts; domain: DomainFacts },
  ctx: EvalContext,
): CheckResult;
export function runCheck(check: SessionCheck, facts: { session: SessionFacts }, ctx: EvalContext): CheckResult | null;
export function runCheck(check: Check, facts: Facts, ctx: EvalContext): CheckResult | null;
export function runCheck(check: Check, facts: Facts, ctx: EvalContext): CheckResult | null {
  switch (check.scope) {
    case "domain":
      if (!facts.domain) throw new Error(`check ${check.id} needs domain facts`);
      return toCheckResult(check, check.evaluate(facts.domain, ctx), { host: facts.domain.domain });
    case "host":
      if (!facts.host || !facts.domain) throw new Error(`check ${check.id} needs host and domain facts`);
      return toCheckResult(check, check.evaluate(facts.host, facts.domain, ctx), { host: facts.host.host });
    case "session":
      if (!facts.session) throw new Error(`check ${check.id} needs session facts`);
      return evaluateSessionCheck(check, facts.session, ctx);
  }
}

interface Facts {
  domain?: DomainFacts;
  host?: HostFacts;
  session?: SessionFacts;
}

export function evaluateDomainChecks(domain: DomainFacts, ctx: EvalContext): CheckResult[] {
  return DOMAIN_CHECKS.map((c) => toCheckResult(c, c.evaluate(domain, ctx), { host: domain.domain }));
}

export function evaluateHostChecks(host: HostFacts, domain: DomainFacts, ctx: EvalContext): CheckResult[] {
  return HOST_CHECKS.map((c) => toCheckResult(c, c.evaluate(host, domain, ctx), { host: host.host }));
}

/** null when the check does not apply (other port, relay test not requested). */
export function evaluateSessionCheck(check: SessionCheck, session: SessionFacts, ctx: EvalContext): CheckResult | null {
  if (check.ports && !check.ports.includes(session.port)) return null;
  const verdict = check.evaluate(session, ctx);
  if (!verdict) return null;
  return toCheckResult(check, verdict, { host: session.host, ip: session.ip, port: session.port });
}
