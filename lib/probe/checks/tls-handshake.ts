// Did the TLS upgrade (STARTTLS on 25/587, implicit TLS on 465) complete? We connect without
// rejecting bad certificates, so a failure here is about the protocol itself, not trust.
import type { EvidenceItem, SessionError, SessionFacts } from "../types";
import { advertisesStarttls } from "./capabilities";
import { defineCheck, type Verdict } from "./define";
import { notReached, stopInfo } from "./not-reached";
import { cleanText, quoteReply, replyClass } from "./text";

const outcomes = {
  ok: "pass",
  // Handshake fine, but plaintext arrived after "220" (a middlebox or a STARTTLS response
  // injection attempt); we discarded it, so the session is safe, yet it breaks RFC 3207.
  "extra-bytes": "warn",
  // 454 or 5xx after advertising STARTTLS: the server offered something it cannot deliver.
  // In practice this is a persistent local fault (e.g. Postfix cannot read its key), so fail.
  refused: "fail",
  // Other 4xx (421 shutting down, rate limits): not about TLS, we could not tell.
  temporary: "inconclusive",
  failed: "fail",
  "plaintext-after-220": "fail",
  "plaintext-implicit": "fail",
  timeout: "inconclusive",
  error: "inconclusive",
  "not-offered": "skipped",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

// The engine flags plaintext replies with "tls-plaintext"; these are OpenSSL's words for the same
// thing ("the peer sent something that is not a TLS record"), in case only the message says so.
const NOT_TLS =
  /wrong version number|packet length too long|unknown protocol|http request|record layer failure|plaintext|not a tls/i;

function fromTlsError(s: SessionFacts, err: SessionError, evidence: EvidenceItem[]): Verdict<Outcome> {
  const message = cleanText(err.message) || err.code;
  evidence.push({ label: "TLS error", value: message });
  const params = { message };
  if (err.code === "timeout" || err.code === "session-deadline") return { outcome: "timeout", params, evidence };
  if (err.code === "aborted") return notReached(s, "tls");
  if (err.code === "tls-plaintext" || (err.code === "tls-error" && NOT_TLS.test(err.message))) {
    return { outcome: s.tlsMode === "implicit" ? "plaintext-implicit" : "plaintext-after-220", params, evidence };
  }
  return { outcome: err.code === "tls-error" ? "failed" : "error", params, evidence };
}

function evaluate(s: SessionFacts): Verdict<Outcome> {
  const evidence: EvidenceItem[] = [];
  if (s.tlsMode === "starttls") {
    const reply = s.starttlsReply;
    const spoke = s.greeting?.code === 220 && (s.ehlo?.code === 250 || s.heloReply?.code === 250);
    const offered = s.ehlo?.code === 250 && advertisesStarttls(s.ehlo, s.extensions);
    // STARTTLS missing from a good EHLO is judged by starttls-offered; here it is only a skip.
    if (spoke && !offered && !reply) {
      const { reason } = stopInfo(s, "starttls");
      return { outcome: "not-offered", params: { reason }, evidence: [{ label: "STARTTLS", value: reason }] };
    }
    if (!reply) {
      if (s.error?.stage === "starttls") return fromTlsError(s, s.error, evidence);
      return notReached(s, "starttls");
    }
    evidence.push({ label: "STARTTLS reply", value: quoteReply(reply) });
    if (reply.code !== 220) {
      const quoted = quoteReply(reply, 120);
      if (reply.code === 454 || replyClass(reply) === 5)
        return { outcome: "refused", params: { reply: quoted }, evidence };
      return { outcome: "temporary", params: { reply: quoted }, evidence };
    }
  } else if (!s.connect?.ok) {
    return notReached(s, "tls");
  }

  const tls = s.tls;
  if (tls) {
    const ms = Math.round(tls.handshakeMs);
    const params = {
      protocol: tls.protocol ?? "unknown",
      cipher: tls.cipher ?? "unknown",
      keyExchange: tls.keyExchange ?? "unknown",
      ms,
    };
    evidence.push(
      { label: "Protocol", value: params.protocol },
      { label: "Cipher", value: params.cipher },
      { label: "Key exchange", value: params.keyExchange },
      { label: "Handshake time", value: `${ms} ms` },
    );
    // Absent in facts from before it was recorded; static RSA key exchange has none.
    if (typeof tls.forwardSecrecy === "boolean") {
      evidence.push({ label: "Forward secrecy", value: tls.forwardSecrecy ? "yes" : "no (static key exchange)" });
    }
    if (tls.discardedBytes > 0) {
      evidence.push({
        label: "Plaintext after 220",
        value: `${tls.discardedBytes} bytes injected after 220 were discarded`,
      });
      return {
        outcome: "extra-bytes",
        params: { ...params, bytes: tls.discardedBytes },
        evidence,
        durationMs: tls.handshakeMs,
      };
    }
    return { outcome: "ok", params, evidence, durationMs: tls.handshakeMs };
  }

  const err = s.tlsError ?? (s.error?.stage === "tls" ? s.error : null);
  if (err) return fromTlsError(s, err, evidence);
  return notReached(s, "tls");
}

export const tlsHandshakeCheck = defineCheck({
  id: "tls-handshake",
  scope: "session",
  after: "tls",
  outcomes,
  evaluate,
});
