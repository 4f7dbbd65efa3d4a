// Does each MX host resolve, and which of its addresses will we test? An MX whose name has no
// A/AAAA is a dangling MX: senders defer and eventually bounce mail for it.
import type { DomainFacts, HostFacts } from "../types";
import { defineCheck, type Verdict } from "./define";
import { cleanText } from "./text";

const outcomes = {
  resolved: "pass",
  "no-address": "fail",
  "dns-error": "inconclusive",
  // Every address was refused by our target guard (private, reserved…): we tested nothing,
  // which must not look green, but the cause is our policy, so it is not the server's fault.
  blocked: "inconclusive",
} as const;
type Outcome = keyof typeof outcomes;

function evaluate(h: HostFacts, _domain: DomainFacts): Verdict<Outcome> {
  const host = h.host;
  const durationMs = h.ms;
  const err = h.dnsError;
  if (h.addresses.length === 0) {
    const evidence = err ? [{ label: "DNS answer", value: `${err.code}: ${cleanText(err.message)}` }] : [];
    // Only an authoritative "no such name / no such record" proves the MX dangles.
    if (err && err.code !== "nxdomain" && err.code !== "nodata") {
      return {
        outcome: "dns-error",
        params: { host, error: err.code, message: cleanText(err.message, 160) },
        evidence,
        durationMs,
      };
    }
    return { outcome: "no-address", params: { host }, evidence, durationMs };
  }

  const evidence = [{ label: "Addresses", value: h.addresses.join(", ") }];
  const blocked = h.blocked.map((b) => `${b.ip} (${cleanText(b.reason, 80)})`).join(", ");
  if (h.tested.length > 0) evidence.push({ label: "Tested", value: h.tested.join(", ") });
  if (h.blocked.length > 0) evidence.push({ label: "Not tested (blocked)", value: blocked });
  if (h.omitted.length > 0) evidence.push({ label: "Not tested (address limit)", value: h.omitted.join(", ") });

  if (h.tested.length === 0) {
    return {
      outcome: "blocked",
      params: { host, addresses: h.addresses.join(", "), reasons: blocked },
      evidence,
      durationMs,
    };
  }
  return {
    outcome: "resolved",
    params: { host, count: h.tested.length, addresses: h.tested.join(", ") },
    evidence,
    durationMs,
  };
}

export const mxAddressCheck = defineCheck({ id: "mx-address", scope: "host", outcomes, evaluate });
