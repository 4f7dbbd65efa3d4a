// STARTTLS (RFC 3207) is the only way mail to port 25/587 gets encrypted. We judge it only from
// an accepted EHLO: a 421, a rate limit or a timeout says nothing about STARTTLS support.
import type { SessionFacts } from "../types";
import { advertisesStarttls, capabilityList } from "./capabilities";
import { defineCheck, type Verdict } from "./define";
import { notReached } from "./not-reached";
import { quoteReply } from "./text";

const outcomes = {
  offered: "pass",
  "not-offered": "fail",
  // HELO-only: no ESMTP, so STARTTLS cannot exist. The ehlo check already warns; this row
  // states the consequence (no encryption) at the same severity instead of guessing a fail.
  "no-esmtp": "warn",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

function evaluate(s: SessionFacts): Verdict<Outcome> | null {
  if (s.tlsMode === "implicit") return null;
  const { ehlo } = s;
  if (s.greeting?.code === 220 && ehlo?.code === 250) {
    const offered = advertisesStarttls(ehlo, s.extensions);
    return {
      outcome: offered ? "offered" : "not-offered",
      params: {},
      evidence: s.extensions
        ? [{ label: "Capabilities", value: capabilityList(s.extensions).join(", ") || "none advertised" }]
        : [{ label: "EHLO reply", value: quoteReply(ehlo, 600) }],
    };
  }
  if (s.greeting?.code === 220 && s.heloReply?.code === 250) {
    return { outcome: "no-esmtp", params: {}, evidence: [{ label: "HELO reply", value: quoteReply(s.heloReply) }] };
  }
  return notReached(s, "ehlo");
}

export const starttlsOfferedCheck = defineCheck({
  id: "starttls-offered",
  scope: "session",
  after: "ehlo",
  ports: [25, 587],
  outcomes,
  evaluate,
});
