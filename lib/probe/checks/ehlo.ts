// EHLO opens ESMTP, which every modern feature (STARTTLS, SIZE, 8BITMIME, AUTH…) depends on.
// A server that only takes HELO still receives mail, but can never encrypt it. A 4xx is a
// "not now" (rate limit, greylisting), so only a 5xx to both EHLO and HELO is a failure.
import type { EvidenceItem, SessionFacts } from "../types";
import { capabilityEvidence, capabilityList } from "./capabilities";
import { defineCheck, type Verdict } from "./define";
import { notReached } from "./not-reached";
import { cleanText, quoteReply, replyClass } from "./text";

const outcomes = {
  ok: "pass",
  "helo-only": "warn",
  rejected: "fail",
  temporary: "inconclusive",
  timeout: "inconclusive",
  closed: "inconclusive",
  unexpected: "inconclusive",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

function evaluate(s: SessionFacts): Verdict<Outcome> {
  const { ehlo, heloReply } = s;
  // After a refused greeting, whatever EHLO gets back says nothing about EHLO itself.
  if (s.greeting?.code !== 220) return notReached(s, "ehlo");
  if (ehlo?.code === 250) {
    const evidence = s.extensions
      ? capabilityEvidence(s.extensions)
      : [{ label: "EHLO reply", value: quoteReply(ehlo) }];
    const count = s.extensions ? capabilityList(s.extensions).length : 0;
    const server = cleanText(s.extensions?.host ?? ehlo.lines[0]?.split(/\s+/)[0] ?? "", 120);
    return { outcome: "ok", params: { server, count }, evidence };
  }

  const evidence: EvidenceItem[] = [];
  if (ehlo) evidence.push({ label: "EHLO reply", value: quoteReply(ehlo) });
  if (heloReply) evidence.push({ label: "HELO reply", value: quoteReply(heloReply) });

  if (heloReply?.code === 250) {
    return { outcome: "helo-only", params: { ehloReply: ehlo ? quoteReply(ehlo, 120) : "none" }, evidence };
  }
  const last = heloReply ?? ehlo;
  if (last) {
    const classes = [replyClass(ehlo), replyClass(heloReply)];
    if (classes.includes(4)) return { outcome: "temporary", params: { reply: quoteReply(last, 120) }, evidence };
    // Both refused permanently: the server will not talk ESMTP or SMTP with us at all.
    if (replyClass(ehlo) === 5 && replyClass(heloReply) === 5) {
      return { outcome: "rejected", params: { reply: quoteReply(last, 120) }, evidence };
    }
  }

  const err = s.error;
  if (err?.stage === "ehlo" && err.code !== "aborted") {
    const message = cleanText(err.message) || err.code;
    evidence.push({ label: "Error", value: message });
    if (err.code === "timeout" || err.code === "session-deadline") {
      return { outcome: "timeout", params: { message }, evidence };
    }
    if (err.code === "closed" || err.code === "reset") return { outcome: "closed", params: { message }, evidence };
    return { outcome: "unexpected", params: { reply: last ? quoteReply(last, 120) : message }, evidence };
  }
  // A reply we cannot classify (EHLO 5xx with no HELO attempt, a 3xx…): say so, do not guess.
  if (last) return { outcome: "unexpected", params: { reply: quoteReply(last, 120) }, evidence };
  return notReached(s, "ehlo");
}

export const ehloCheck = defineCheck({ id: "ehlo", scope: "session", after: "ehlo", outcomes, evaluate });
