// Does the certificate name the host we connected for (the MX name)? Senders that verify
// (MTA-STS, submission clients) match the MX host against the SANs, RFC 6125 style.
import type { SessionFacts } from "../types";
import { defineCheck, type Verdict } from "./define";
import { matchCertName } from "./hostname";
import { notReached } from "./not-reached";
import { cleanText, isIpLiteral } from "./text";

const outcomes = {
  match: "pass",
  mismatch: "fail",
  "ip-target": "info",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

function evaluate(s: SessionFacts): Verdict<Outcome> {
  const tls = s.tls;
  if (!tls) return notReached(s, "tls");
  const leaf = tls.chain[0];
  const presented = leaf ? (leaf.sans.length ? leaf.sans : leaf.subjectCN ? [leaf.subjectCN] : []) : [];
  const names = cleanText(presented.join(", "), 600) || "(none)";
  const evidence = [
    { label: "Host name", value: s.host },
    { label: leaf?.sans.length ? "Certificate names (SAN)" : "Certificate name (CN)", value: names },
  ];
  // Tested by address: there is no name to match, and we have no IP SANs to compare.
  if (s.host === s.ip || isIpLiteral(s.host)) {
    return { outcome: "ip-target", params: { ip: s.ip, names }, evidence: evidence.slice(1) };
  }
  const matched = leaf ? matchCertName(s.host, leaf.sans, leaf.subjectCN) : null;
  if (matched) {
    const name = cleanText(matched, 200);
    return { outcome: "match", params: { name, names }, evidence: [...evidence, { label: "Matched", value: name }] };
  }
  return { outcome: "mismatch", params: { names }, evidence };
}

export const certHostnameCheck = defineCheck({
  id: "cert-hostname",
  scope: "session",
  after: "tls",
  outcomes,
  evaluate,
});
