// Does the presented chain lead to a root that senders trust? Verifying senders (MTA-STS, DANE
// fallbacks, most submission clients) refuse to deliver otherwise. Dates are judged by
// cert-expiry, so an expired certificate from a good CA is still "trusted" here.
import type { CertInfo, EvidenceItem, SessionFacts } from "../types";
import { defineCheck, type Verdict } from "./define";
import { notReached } from "./not-reached";
import { cleanText, oneLine } from "./text";

const outcomes = {
  trusted: "pass",
  "self-signed": "fail",
  "unknown-ca": "fail",
  // The server did not send its intermediate: browsers may fetch it (AIA), mail senders don't.
  "incomplete-chain": "fail",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

const nameOf = (name: string | null, full: string) => oneLine(name ?? full, 160) || "(no name)";

function chainEvidence(chain: CertInfo[]): EvidenceItem[] {
  return chain.map((c, i) => ({
    label: i === 0 ? "Certificate" : `Chain #${i}`,
    value: `${oneLine(c.subject, 200)} — issued by ${oneLine(c.issuer, 200)}`,
  }));
}

function evaluate(s: SessionFacts): Verdict<Outcome> {
  const tls = s.tls;
  if (!tls) return notReached(s, "tls");
  const leaf = tls.chain[0];
  const evidence = chainEvidence(tls.chain);
  if (tls.verifyError) evidence.push({ label: "Verification", value: cleanText(tls.verifyError) });
  const params = {
    subject: leaf ? nameOf(leaf.subjectCN, leaf.subject) : "(none)",
    issuer: leaf ? nameOf(leaf.issuerCN, leaf.issuer) : "(none)",
    verifyError: tls.verifyError ?? "none",
  };
  return { outcome: tls.chainTrust, params, evidence, durationMs: tls.handshakeMs };
}

export const certTrustedCheck = defineCheck({ id: "cert-trusted", scope: "session", after: "tls", outcomes, evaluate });
