// AUTH advertised before STARTTLS invites clients to send passwords in clear text. PLAIN and
// LOGIN (and OAuth bearer tokens) are readable by anyone on the path; challenge-response
// mechanisms are not, though a recorded exchange can still be brute-forced offline.
import type { SessionFacts } from "../types";
import { defineCheck, type Verdict } from "./define";
import { notReached } from "./not-reached";

const outcomes = {
  none: "pass",
  // Submission (587) is where users' passwords travel: offering them in clear is a failure.
  "plaintext-auth": "fail",
  // Port 25 rarely carries user logins, so the same finding there is a warning.
  "plaintext-auth-mx": "warn",
  "safe-mechanisms-only": "info",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

/** Mechanisms whose credentials are readable (or replayable) by an eavesdropper. */
export const CLEARTEXT_MECHANISMS = ["PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER", "XOAUTH"];

function evaluate(s: SessionFacts): Verdict<Outcome> | null {
  if (s.tlsMode === "implicit") return null;
  if (s.greeting?.code === 220 && s.ehlo?.code !== 250 && s.heloReply?.code === 250) {
    // HELO has no extensions, so no AUTH can be offered.
    return { outcome: "none", params: {}, evidence: [{ label: "AUTH before TLS", value: "none (HELO only)" }] };
  }
  if (s.greeting?.code !== 220 || s.ehlo?.code !== 250) return notReached(s, "ehlo");

  const mechanisms = s.extensions?.auth ?? [];
  if (mechanisms.length === 0) {
    return { outcome: "none", params: {}, evidence: [{ label: "AUTH before TLS", value: "none" }] };
  }
  const list = mechanisms.join(" ");
  const cleartext = mechanisms.filter((m) => CLEARTEXT_MECHANISMS.includes(m));
  const evidence = [{ label: "AUTH before TLS", value: list }];
  if (cleartext.length === 0) return { outcome: "safe-mechanisms-only", params: { mechanisms: list }, evidence };
  evidence.push({ label: "Cleartext mechanisms", value: cleartext.join(" ") });
  const params = { mechanisms: list, cleartext: cleartext.join(" ") };
  return { outcome: s.port === 587 ? "plaintext-auth" : "plaintext-auth-mx", params, evidence };
}

export const authBeforeTlsCheck = defineCheck({
  id: "auth-before-tls",
  scope: "session",
  after: "ehlo",
  ports: [25, 587],
  outcomes,
  evaluate,
});
