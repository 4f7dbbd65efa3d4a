// One JSON line per probe on stdout, for operators. Nothing secret goes in (no full client
// address, no server text), and nothing in it can break a terminal or a log pipeline.

export interface ProbeLogEntry {
  id: string;
  /** The normalised target (A-label or canonical IP). */
  target: string;
  kind: string;
  ports: number[];
  relay: boolean;
  /** The relay test was asked for but left out (it ran on this target recently). */
  relaySkipped: boolean;
  durationMs: number;
  state: string;
  status: string;
  /** Failure code when the probe did not finish (bad target, blocked, aborted…). */
  error: string | null;
  checks: number;
  /** Client address cut to /24 or /48 (see logAddress). */
  client: string | null;
  /** Requests that watched this probe, the one that started it included. */
  viewers: number;
}

// JSON.stringify escapes C0 controls, quotes and lone surrogates; these it leaves raw: DEL and the
// C1 controls (terminal escapes), line and paragraph separators, and bidirectional overrides.
const UNSAFE_IN_LOGS = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The log line (without newline): JSON with every unsafe character as a \u escape. */
export function probeLogLine(entry: ProbeLogEntry, at: Date = new Date()): string {
  const json = JSON.stringify({ time: at.toISOString(), event: "probe", ...entry });
  // These characters only occur inside JSON strings, where a \u escape means the same thing.
  return json.replace(UNSAFE_IN_LOGS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export type ProbeLogger = (entry: ProbeLogEntry) => void;

export const stdoutProbeLogger: ProbeLogger = (entry) => {
  process.stdout.write(`${probeLogLine(entry)}\n`);
};
