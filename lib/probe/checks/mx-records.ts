// Does the domain publish where its mail goes? RFC 5321 §5.1: MX records, or failing those the
// domain's own A/AAAA ("implicit MX"); RFC 7505: a single "0 ." MX says "no mail accepted".
import type { DomainFacts, MxHost } from "../types";
import { defineCheck, type Verdict } from "./define";
import { cleanText } from "./text";

const outcomes = {
  found: "pass",
  implicit: "info",
  "null-mx": "fail",
  none: "fail",
  nxdomain: "fail",
  "dns-error": "inconclusive",
  ip: "info",
} as const;
type Outcome = keyof typeof outcomes;

function sortMx(mx: MxHost[]): MxHost[] {
  return [...mx].sort((a, b) => a.preference - b.preference || a.host.localeCompare(b.host));
}

const mxLine = (m: MxHost) => `${m.preference} ${m.host}`;

function evaluate(d: DomainFacts): Verdict<Outcome> {
  const domain = d.domain;
  const durationMs = d.ms;
  switch (d.kind) {
    case "mx": {
      const sorted = sortMx(d.mx);
      const evidence = [{ label: "MX records", value: sorted.map(mxLine).join(", ") }];
      if (d.mxOmitted.length) {
        evidence.push({ label: "Not tested (host limit)", value: sortMx(d.mxOmitted).map(mxLine).join(", ") });
      }
      const params = {
        domain,
        count: sorted.length + d.mxOmitted.length,
        tested: sorted.length,
        omitted: d.mxOmitted.length,
        hosts: sorted.map((m) => m.host).join(", "),
      };
      return { outcome: "found", params, evidence, durationMs };
    }
    case "implicit":
      return {
        outcome: "implicit",
        params: { domain },
        evidence: [{ label: "Implicit MX", value: `${domain} (its own A/AAAA records)` }],
        durationMs,
      };
    case "null-mx":
      return { outcome: "null-mx", params: { domain }, evidence: [{ label: "MX records", value: "0 ." }], durationMs };
    case "ip":
      return { outcome: "ip", params: { domain }, evidence: [{ label: "Target", value: domain }], durationMs };
    case "none":
    case "dns-error": {
      const err = d.dnsError;
      const evidence = err ? [{ label: "DNS answer", value: `${err.code}: ${cleanText(err.message)}` }] : [];
      // NXDOMAIN is an authoritative "this name does not exist", not a resolver problem.
      if (err?.code === "nxdomain") return { outcome: "nxdomain", params: { domain }, evidence, durationMs };
      if (d.kind === "none" || !err || err.code === "nodata") {
        return { outcome: "none", params: { domain }, evidence, durationMs };
      }
      return {
        outcome: "dns-error",
        params: { domain, error: err.code, message: cleanText(err.message, 160) },
        evidence,
        durationMs,
      };
    }
  }
}

export const mxRecordsCheck = defineCheck({ id: "mx-records", scope: "domain", outcomes, evaluate });
