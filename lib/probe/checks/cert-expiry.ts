// The leaf certificate's validity window against our clock. Only the leaf is judged: servers
// legitimately send expired cross-signs (e.g. the old DST Root CA X3) that clients skip.
import type { SessionFacts } from "../types";
import { defineCheck, type EvalContext, type Verdict } from "./define";
import { notReached } from "./not-reached";

const outcomes = {
  valid: "pass",
  "expiring-soon": "warn",
  expired: "fail",
  "not-yet-valid": "fail",
  unknown: "inconclusive",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

export const EXPIRY_WARN_DAYS = 14;
const DAY_MS = 86_400_000;

const day = (d: Date) => d.toISOString().slice(0, 10);
const span = (days: number) => ({ days, daysText: days === 1 ? "1 day" : `${days} days` });

function evaluate(s: SessionFacts, ctx: EvalContext): Verdict<Outcome> {
  const tls = s.tls;
  if (!tls) return notReached(s, "tls");
  const leaf = tls.chain[0];
  const from = new Date(leaf?.validFrom ?? Number.NaN);
  const to = new Date(leaf?.validTo ?? Number.NaN);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    const evidence = leaf ? [{ label: "Valid", value: `${leaf.validFrom} → ${leaf.validTo}` }] : [];
    return { outcome: "unknown", params: {}, evidence };
  }
  const now = ctx.now.getTime();
  const params = { validFrom: day(from), validTo: day(to) };
  const evidence = [
    { label: "Valid from", value: from.toISOString() },
    { label: "Valid until", value: to.toISOString() },
  ];
  if (now < from.getTime()) {
    return {
      outcome: "not-yet-valid",
      params: { ...params, ...span(Math.ceil((from.getTime() - now) / DAY_MS)) },
      evidence,
    };
  }
  if (now > to.getTime()) {
    return { outcome: "expired", params: { ...params, ...span(Math.floor((now - to.getTime()) / DAY_MS)) }, evidence };
  }
  // Whole days left, rounded down: "13 days" must still warn when 13.9 remain.
  const days = Math.floor((to.getTime() - now) / DAY_MS);
  evidence.push({ label: "Days left", value: String(days) });
  return {
    outcome: days < EXPIRY_WARN_DAYS ? "expiring-soon" : "valid",
    params: { ...params, ...span(days) },
    evidence,
  };
}

export const certExpiryCheck = defineCheck({ id: "cert-expiry", scope: "session", after: "tls", outcomes, evaluate });
