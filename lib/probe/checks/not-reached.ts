// Session checks run when their stage completed or the session ended early. When a check's
// prerequisite is missing it reports "not-reached" (skipped) and names the step that stopped
// the session, so the user is pointed at the check that explains the real problem.
import type { SessionErrorCode, SessionFacts, Stage } from "../types";
import { advertisesStarttls } from "./capabilities";
import type { Verdict } from "./define";
import { cleanText, shortQuote } from "./text";

export const STAGE_LABELS: Record<Stage, string> = {
  connect: "TCP connect",
  greeting: "the greeting",
  ehlo: "EHLO",
  starttls: "STARTTLS",
  tls: "the TLS handshake",
  "ehlo-tls": "EHLO after TLS",
  relay: "the relay test",
  quit: "QUIT",
  "tls-versions": "the TLS version tests",
};

export const ERROR_REASONS: Record<SessionErrorCode, string> = {
  refused: "the connection was refused",
  timeout: "no answer in time",
  unreachable: "the address could not be reached",
  closed: "the server closed the connection",
  reset: "the connection was reset",
  "reply-too-long": "a reply exceeded our size limit",
  "line-too-long": "a reply line exceeded our length limit",
  "session-byte-limit": "the server sent more data than our per-session limit",
  "malformed-reply": "the reply was not valid SMTP",
  "tls-error": "the TLS handshake failed",
  "tls-plaintext": "the server answered in plaintext instead of TLS",
  "session-deadline": "the session ran out of time",
  aborted: "the probe was stopped",
  "socket-error": "a network error occurred",
};

export interface StopInfo {
  /** Human label of the step that stopped the session. */
  stage: string;
  /** Short human reason. */
  reason: string;
  /** Raw detail (error message), when there is one. */
  detail: string | null;
}

type Gate = "connect" | "greeting" | "ehlo" | "starttls" | "tls" | "ehlo-tls";

// What must have succeeded before each stage; relay does not need TLS on port 25/587.
const PREREQUISITES: Record<"starttls" | "implicit", Partial<Record<Stage, Gate[]>>> = {
  starttls: {
    connect: [],
    greeting: ["connect"],
    ehlo: ["connect", "greeting"],
    starttls: ["connect", "greeting", "ehlo"],
    tls: ["connect", "greeting", "ehlo", "starttls"],
    "ehlo-tls": ["connect", "greeting", "ehlo", "starttls", "tls"],
    relay: ["connect", "greeting", "ehlo"],
  },
  implicit: {
    connect: [],
    tls: ["connect"],
    greeting: ["connect", "tls"],
    ehlo: ["connect", "tls", "greeting"],
    "ehlo-tls": ["connect", "tls", "greeting"],
    relay: ["connect", "tls", "greeting", "ehlo"],
  },
};

const answered = (stage: string, text: string): StopInfo => ({
  stage,
  reason: `the server answered "${text}"`,
  detail: null,
});

/** "ok" when the gate passed, null when its facts are missing, else why it stopped. */
function gate(s: SessionFacts, g: Gate): StopInfo | "ok" | null {
  switch (g) {
    case "connect":
      if (!s.connect) return null;
      if (s.connect.ok) return "ok";
      return s.connect.error ? fromError(s.connect.error.code, "connect", s.connect.error.message) : null;
    case "greeting":
      if (!s.greeting) return null;
      return s.greeting.code === 220 ? "ok" : answered(STAGE_LABELS.greeting, shortQuote(s.greeting));
    case "ehlo":
      if (s.ehlo?.code === 250 || s.heloReply?.code === 250) return "ok";
      if (s.heloReply) return answered("HELO", shortQuote(s.heloReply));
      return s.ehlo ? answered(STAGE_LABELS.ehlo, shortQuote(s.ehlo)) : null;
    case "starttls":
      if (s.starttlsReply && s.starttlsReply.code !== 220) {
        return answered(STAGE_LABELS.starttls, shortQuote(s.starttlsReply));
      }
      if (s.starttlsReply || (s.ehlo?.code === 250 && advertisesStarttls(s.ehlo, s.extensions))) return "ok";
      if (s.ehlo?.code === 250) {
        return { stage: STAGE_LABELS.starttls, reason: "the server did not offer STARTTLS", detail: null };
      }
      if (s.heloReply?.code === 250) {
        return {
          stage: STAGE_LABELS.starttls,
          reason: "the server accepted only HELO, so STARTTLS was not possible",
          detail: null,
        };
      }
      return null;
    case "tls":
      if (s.tls) return "ok";
      if (s.tlsError) return fromError(s.tlsError.code, "tls", s.tlsError.message);
      return null;
    case "ehlo-tls":
      if (s.ehloAfterTls?.code === 250) return "ok";
      return s.ehloAfterTls ? answered(STAGE_LABELS["ehlo-tls"], shortQuote(s.ehloAfterTls)) : null;
  }
}

function fromError(code: SessionErrorCode, stage: Stage, message: string): StopInfo {
  return { stage: STAGE_LABELS[stage], reason: ERROR_REASONS[code], detail: cleanText(message) || null };
}

function endedEarly(s: SessionFacts, stage: Stage): StopInfo {
  if (s.error) return fromError(s.error.code, s.error.stage, s.error.message);
  return { stage: STAGE_LABELS[stage], reason: "the session ended before this step", detail: null };
}

const GATES: readonly Stage[] = ["connect", "greeting", "ehlo", "starttls", "tls", "ehlo-tls"];

/**
 * Why the session never completed `needed`: walk its prerequisites in session order, then the
 * stage itself, and report the first that did not succeed.
 */
export function stopInfo(s: SessionFacts, needed: Stage): StopInfo {
  const gates = [...(PREREQUISITES[s.tlsMode][needed] ?? [])];
  if (GATES.includes(needed) && needed in PREREQUISITES[s.tlsMode]) gates.push(needed as Gate);
  for (const g of gates) {
    const result = gate(s, g);
    if (result === "ok") continue;
    return result ?? endedEarly(s, g);
  }
  return endedEarly(s, needed);
}

export function notReached(s: SessionFacts, needed: Stage, info = stopInfo(s, needed)): Verdict<"not-reached"> {
  const evidence = [{ label: "Stopped at", value: `${info.stage}: ${info.reason}` }];
  if (info.detail) evidence.push({ label: "Detail", value: info.detail });
  return { outcome: "not-reached", params: { stage: info.stage, reason: info.reason }, evidence };
}
