// Defaults from DESIGN.md ("Timeouts and limits"), overridable per call and by environment.
// Greeting deadline is 30 s on purpose: servers delay greetings to catch impatient spammers,
// and a shorter wait turns that into a false "no SMTP".
import os from "node:os";
import type { Limits, Timeouts } from "./types";

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 10_000,
  greetingMs: 30_000,
  replyMs: 30_000,
  tlsMs: 15_000,
  sessionMs: 60_000,
  probeMs: 180_000,
};

export const DEFAULT_LIMITS: Limits = {
  lineBytes: 4096,
  replyBytes: 64 * 1024,
  replyLines: 200,
  sessionBytes: 256 * 1024,
  maxMxHosts: 10,
  maxAddressesPerFamily: 4,
  maxConcurrentSockets: 16,
};

const TIMEOUT_ENV: Record<keyof Timeouts, string> = {
  connectMs: "MAILPROBE_CONNECT_TIMEOUT_MS",
  greetingMs: "MAILPROBE_GREETING_TIMEOUT_MS",
  replyMs: "MAILPROBE_REPLY_TIMEOUT_MS",
  tlsMs: "MAILPROBE_TLS_TIMEOUT_MS",
  sessionMs: "MAILPROBE_SESSION_TIMEOUT_MS",
  probeMs: "MAILPROBE_PROBE_TIMEOUT_MS",
};

/** Timeouts from the environment (for labs and tests), falling back to the defaults. */
export function timeoutsFromEnv(env: NodeJS.ProcessEnv = process.env): Timeouts {
  const out = { ...DEFAULT_TIMEOUTS };
  for (const key of Object.keys(TIMEOUT_ENV) as (keyof Timeouts)[]) {
    const raw = env[TIMEOUT_ENV[key]];
    if (raw === undefined || raw === "") continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(`${TIMEOUT_ENV[key]} must be a positive whole number of milliseconds, got "${raw}"`);
    }
    out[key] = n;
  }
  return out;
}

/** The name we announce in EHLO/HELO. */
export function heloNameFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const name = (env.MAILPROBE_HELO_NAME ?? "").trim() || os.hostname();
  // Never let configuration inject protocol text.
  if (/[\s\r\n\0]/.test(name)) throw new Error("MAILPROBE_HELO_NAME must be a single host name");
  return name;
}
