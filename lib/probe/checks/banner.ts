// The server speaks first (RFC 5321 §4.3.1): 220 = ready; 554 = "no SMTP service here";
// 421 = "not now". Many servers delay the greeting on purpose (anti-spam), so a missing
// greeting is "we could not tell", never "broken".
import type { SessionFacts } from "../types";
import { defineCheck, type EvalContext, type Verdict } from "./define";
import { notReached } from "./not-reached";
import { cleanText, quoteReply, seconds, waitedSeconds } from "./text";

// DESIGN.md: "greeting 30 s" is the engine's default.
const DEFAULT_GREETING_MS = 30_000;

const outcomes = {
  ok: "pass",
  "rejected-554": "fail",
  "busy-421": "inconclusive",
  timeout: "inconclusive",
  closed: "inconclusive",
  unexpected: "inconclusive",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

function evaluate(s: SessionFacts, ctx: EvalContext): Verdict<Outcome> {
  const g = s.greeting;
  const ms = s.greetingMs ?? 0;
  if (g) {
    const reply = quoteReply(g);
    const evidence = [
      { label: "Banner", value: reply },
      { label: "Time to greeting", value: `${seconds(ms)} s` },
    ];
    const outcome: Outcome =
      g.code === 220 ? "ok" : g.code === 554 ? "rejected-554" : g.code === 421 ? "busy-421" : "unexpected";
    return { outcome, params: { reply, ms: Math.round(ms), seconds: seconds(ms) }, evidence, durationMs: ms };
  }

  const err = s.error;
  if (err?.stage !== "greeting" || err.code === "aborted") return notReached(s, "greeting");
  const message = cleanText(err.message) || err.code;
  const evidence = [{ label: "Error", value: message }];
  if (err.code === "timeout" || err.code === "session-deadline") {
    // Checks may run while the session is still live (durationMs not final yet), so the wait
    // comes from the configured limit or the engine's message, else the documented default.
    const waited = waitedSeconds(ctx.timeouts?.greetingMs, err.message, DEFAULT_GREETING_MS);
    return { outcome: "timeout", params: { seconds: waited }, evidence, durationMs: Number(waited) * 1000 };
  }
  if (err.code === "closed" || err.code === "reset") {
    return { outcome: "closed", params: { message }, evidence, durationMs: ms };
  }
  return { outcome: "unexpected", params: { reply: message }, evidence, durationMs: ms };
}

export const bannerCheck = defineCheck({ id: "banner", scope: "session", after: "greeting", outcomes, evaluate });
