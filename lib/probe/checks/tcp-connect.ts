// Can we open a TCP connection to the port? Refused = nothing listens (closed). No answer at all
// = packets silently dropped, almost always a firewall. "Unreachable" is a routing problem that
// may be on our side of the network, so we do not blame the server for it.
import type { SessionFacts } from "../types";
import { defineCheck, type EvalContext, type Verdict } from "./define";
import { notReached } from "./not-reached";
import { cleanText, waitedSeconds } from "./text";

const outcomes = {
  connected: "pass",
  refused: "fail",
  filtered: "fail",
  unreachable: "inconclusive",
  error: "inconclusive",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

function evaluate(s: SessionFacts, ctx: EvalContext): Verdict<Outcome> {
  const c = s.connect;
  if (c?.ok) {
    return {
      outcome: "connected",
      params: { ms: Math.round(c.ms) },
      evidence: [{ label: "Connected in", value: `${Math.round(c.ms)} ms` }],
      durationMs: c.ms,
    };
  }
  const err = c?.error ?? (s.error?.stage === "connect" ? s.error : null);
  if (!err || err.code === "aborted") return notReached(s, "connect");

  const message = cleanText(err.message) || err.code;
  const evidence = [{ label: "Error", value: message }];
  const durationMs = c?.ms ?? 0;
  switch (err.code) {
    case "refused":
      return { outcome: "refused", params: { message }, evidence, durationMs };
    case "timeout": {
      const waited = waitedSeconds(ctx.timeouts?.connectMs, err.message, durationMs);
      return { outcome: "filtered", params: { seconds: waited, message }, evidence, durationMs };
    }
    case "unreachable":
      return { outcome: "unreachable", params: { message }, evidence, durationMs };
    default:
      return { outcome: "error", params: { message }, evidence, durationMs };
  }
}

export const tcpConnectCheck = defineCheck({
  id: "tcp-connect",
  scope: "session",
  after: "connect",
  outcomes,
  evaluate,
});
