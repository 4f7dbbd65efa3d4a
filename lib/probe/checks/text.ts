// Server-controlled text goes into evidence and explanation params, so it is cleaned here:
// control and bidi-override characters could garble or disguise what the user reads, and a
// hostile server can send kilobytes of banner.
import type { Reply } from "../types";

// C0/C1 controls, plus bidi embeddings/overrides/isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function cleanText(text: string, max = 300): string {
  const clean = text.replace(UNSAFE, "\uFFFD").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Multi-line values (X.509 names print one RDN per line) as one line. */
export function oneLine(text: string, max = 300): string {
  return cleanText(text.split(/\r?\n/).filter(Boolean).join(", "), max);
}

/** One reply as a single quotable line, e.g. "421 4.7.0 Try again later". */
export function quoteReply(reply: Reply, max = 300): string {
  let text = reply.lines.join(" ");
  // Keep the enhanced code visible even if the parser moved it out of the text.
  if (reply.enhanced && !text.startsWith(reply.enhanced)) text = `${reply.enhanced} ${text}`;
  return cleanText(`${reply.code} ${text}`, max);
}

/** Short form for titles and "the server answered …" phrases. */
export function shortQuote(reply: Reply): string {
  return quoteReply(reply, 120);
}

export function replyClass(reply: Reply | null): 2 | 3 | 4 | 5 | null {
  if (!reply) return null;
  const cls = Math.floor(reply.code / 100);
  return cls === 2 || cls === 3 || cls === 4 || cls === 5 ? cls : null;
}

/** 1 decimal place, without a trailing ".0": 1.25 s → "1.3", 30 s → "30". */
export function seconds(ms: number): string {
  return (Math.round(ms / 100) / 10).toString();
}

/**
 * How long we waited before giving up, in seconds: the configured limit when the caller passed
 * it, else the number the engine wrote in its timeout message ("… within 30 s"), else `fallbackMs`.
 */
export function waitedSeconds(configuredMs: number | undefined, message: string, fallbackMs: number): string {
  if (configuredMs !== undefined) return seconds(configuredMs);
  const said = /within (\d+(?:\.\d+)?)\s*s\b/.exec(message);
  return said ? said[1] : seconds(fallbackMs);
}

/** SIZE values: binary units for reading, the exact byte count for configuration. */
export function formatBytes(bytes: number): string {
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = "bytes";
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  if (unit === "bytes") return `${bytes} bytes`;
  const rounded = Math.round(value * 10) / 10;
  return `${rounded} ${unit} (${bytes} bytes)`;
}

export function isIpLiteral(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(bare) || bare.includes(":");
}
