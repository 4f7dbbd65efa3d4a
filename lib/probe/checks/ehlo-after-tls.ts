// RFC 3207 §4.2: after STARTTLS the client must forget what it knew and send EHLO again; the
// server may now offer more (typically AUTH) and must no longer offer STARTTLS. On port 465
// the whole session is encrypted, so the first EHLO is already "after TLS".
import type { EvidenceItem, SessionFacts } from "../types";
import { capabilityEvidence, capabilityList } from "./capabilities";
import { defineCheck, type Verdict } from "./define";
import { notReached } from "./not-reached";
import { cleanText, quoteReply, replyClass } from "./text";

const outcomes = {
  ok: "pass",
  // A 5xx to EHLO on a freshly encrypted channel: senders cannot continue over TLS. We warn
  // rather than fail because the probe's own EHLO name may be what is being refused.
  rejected: "warn",
  temporary: "inconclusive",
  none: "inconclusive",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

function evaluate(s: SessionFacts): Verdict<Outcome> {
  if (!s.tls) return notReached(s, "tls");
  const implicit = s.tlsMode === "implicit";
  const reply = s.ehloAfterTls ?? (implicit ? s.ehlo : null);
  const ext = s.extensionsAfterTls ?? (implicit ? s.extensions : null);

  if (reply?.code === 250) {
    const evidence: EvidenceItem[] = ext
      ? capabilityEvidence(ext)
      : [{ label: "EHLO reply", value: quoteReply(reply) }];
    const authOnlyAfterTls = !implicit && !!ext?.auth.length && !s.extensions?.auth.length;
    if (authOnlyAfterTls) evidence.push({ label: "AUTH", value: "offered only after TLS (good)" });
    if (!implicit && ext?.starttls) {
      evidence.push({ label: "Note", value: "STARTTLS is still advertised after TLS (RFC 3207 says it must not be)" });
    }
    if (implicit)
      evidence.push({ label: "Note", value: "Port 465 is encrypted from the start, so every EHLO is after TLS" });
    return { outcome: "ok", params: { count: ext ? capabilityList(ext).length : 0 }, evidence };
  }
  if (reply) {
    const quoted = quoteReply(reply, 120);
    const evidence = [{ label: "EHLO reply", value: quoteReply(reply) }];
    if (replyClass(reply) === 5) return { outcome: "rejected", params: { reply: quoted }, evidence };
    return { outcome: "temporary", params: { reply: quoted }, evidence };
  }
  const stage = implicit ? "ehlo" : "ehlo-tls";
  const err = s.error;
  if (err && err.stage === stage && err.code !== "aborted") {
    const message = cleanText(err.message) || err.code;
    return { outcome: "none", params: { message }, evidence: [{ label: "Error", value: message }] };
  }
  return notReached(s, stage);
}

export const ehloAfterTlsCheck = defineCheck({
  id: "ehlo-after-tls",
  scope: "session",
  after: "ehlo-tls",
  outcomes,
  evaluate,
});
