// The version negotiated when we offer everything up to TLS 1.3: it is the best the server can
// do. TLS 1.0 and 1.1 are deprecated (RFC 8996) and SSL is broken.
import type { SessionFacts } from "../types";
import { defineCheck, type Verdict } from "./define";
import { notReached } from "./not-reached";

const outcomes = {
  tls13: "pass",
  tls12: "pass",
  tls11: "fail",
  tls10: "fail",
  ssl: "fail",
  unknown: "inconclusive",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

// Node reports "TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1", "SSLv3".
const BY_PROTOCOL: Record<string, Outcome> = {
  "TLSv1.3": "tls13",
  "TLSv1.2": "tls12",
  "TLSv1.1": "tls11",
  TLSv1: "tls10",
  "TLSv1.0": "tls10",
  SSLv3: "ssl",
  SSLv2: "ssl",
};

function evaluate(s: SessionFacts): Verdict<Outcome> {
  if (!s.tls) return notReached(s, "tls");
  const protocol = s.tls.protocol ?? "unknown";
  const outcome = BY_PROTOCOL[protocol] ?? "unknown";
  return {
    outcome,
    params: { protocol },
    evidence: [{ label: "Negotiated", value: protocol }],
    durationMs: s.tls.handshakeMs,
  };
}

export const tlsVersionCheck = defineCheck({ id: "tls-version", scope: "session", after: "tls", outcomes, evaluate });
