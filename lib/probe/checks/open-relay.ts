// Would the server forward mail between two domains it has nothing to do with? We send MAIL
// FROM and RCPT TO with outside addresses, never DATA, then RSET and QUIT. Judged on RCPT:
// that is where relay permission is decided (e.g. Postfix smtpd_relay_restrictions).
import type { EvidenceItem, SessionFacts } from "../types";
import { defineCheck, type Verdict } from "./define";
import { notReached } from "./not-reached";
import { cleanText, quoteReply, replyClass } from "./text";

const outcomes = {
  rejected: "pass",
  accepted: "fail",
  temporary: "inconclusive",
  // MAIL FROM refused: RCPT, where relaying is decided, was never asked. A sender with another
  // address or IP might get further, so we cannot call it safe: inconclusive, not pass.
  "mail-rejected": "inconclusive",
  incomplete: "inconclusive",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

function evaluate(s: SessionFacts): Verdict<Outcome> | null {
  if (!s.relayRequested) return null;
  const relay = s.relay;
  if (!relay) return notReached(s, "relay");

  const from = cleanText(relay.from, 200);
  const to = cleanText(relay.to, 200);
  const evidence: EvidenceItem[] = [];
  const { mailReply, rcptReply } = relay;
  if (mailReply) evidence.push({ label: `MAIL FROM:<${from}>`, value: quoteReply(mailReply) });
  if (rcptReply) evidence.push({ label: `RCPT TO:<${to}>`, value: quoteReply(rcptReply) });

  const decisive = rcptReply ?? mailReply;
  const params = { from, to, reply: decisive ? quoteReply(decisive, 120) : "" };
  const mailClass = replyClass(mailReply);
  if (mailClass === 4) return { outcome: "temporary", params, evidence };
  if (mailClass === 5) return { outcome: "mail-rejected", params, evidence };
  if (mailClass === 2) {
    const rcptClass = replyClass(rcptReply);
    if (rcptClass === 2) return { outcome: "accepted", params, evidence };
    if (rcptClass === 5) return { outcome: "rejected", params, evidence };
    if (rcptClass === 4) return { outcome: "temporary", params, evidence };
  }
  // No decisive reply: the session broke mid-test, or the server answered something odd.
  const err = s.error;
  if (err?.code === "aborted") return notReached(s, "relay");
  const reason = err ? cleanText(err.message) || err.code : "no usable reply";
  evidence.push({ label: "Stopped", value: reason });
  return { outcome: "incomplete", params: { ...params, message: reason }, evidence };
}

export const openRelayCheck = defineCheck({
  id: "open-relay",
  scope: "session",
  after: "relay",
  ports: [25],
  outcomes,
  evaluate,
});
