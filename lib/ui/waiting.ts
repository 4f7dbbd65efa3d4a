// What a running session is waiting for, read from the last check it reported. Checks are
// emitted as each stage completes, so the last one tells the stage the session is in now.
import type { CheckResult } from "@/lib/probe/types";

// The checks each stage emits, in the order a session passes them.
const STAGE_OF: Record<string, string> = {
  "tcp-connect": "connect",
  banner: "greeting",
  ehlo: "ehlo",
  "starttls-offered": "ehlo",
  "auth-before-tls": "ehlo",
  "tls-handshake": "tls",
  "tls-version": "tls",
  "cert-trusted": "tls",
  "cert-hostname": "tls",
  "cert-expiry": "tls",
  "cert-key": "tls",
  "ehlo-after-tls": "ehlo-tls",
  "open-relay": "relay",
  names: "quit",
  "tls-versions": "tls-versions",
};

/** Plain words for the wait, with our deadline where a server may legitimately be slow. */
export function waitingFor(checks: CheckResult[], port: number, relay: boolean): string {
  const done = new Set(checks.map((c) => STAGE_OF[c.id]).filter(Boolean));
  if (!done.has("connect")) return "connecting — up to 10 s";
  if (port === 465 && !done.has("tls")) return "waiting for the TLS handshake — up to 15 s";
  if (!done.has("greeting")) return "waiting for the greeting — some servers delay it on purpose, up to 30 s";
  if (!done.has("ehlo")) return "waiting for the reply to EHLO — up to 30 s";
  if (!done.has("tls") && checks.some((c) => c.id === "starttls-offered" && c.status === "pass")) {
    return "waiting for the STARTTLS reply and the TLS handshake — up to 15 s";
  }
  if (done.has("tls") && !done.has("ehlo-tls")) return "waiting for the reply to EHLO over TLS — up to 30 s";
  if (port === 25 && relay && !done.has("relay")) return "testing whether it relays for strangers (no mail is sent)";
  if (!done.has("quit")) return "closing the session and looking up its names";
  if (!done.has("tls-versions")) return "trying each TLS version on its own connection";
  return "finishing";
}

/** "1 m 05 s" style elapsed time for the live view. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, "0")} s`;
}
