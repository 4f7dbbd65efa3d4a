// The EHLO capabilities as short readable badges ("max message size 50 MiB", "AUTH after TLS:
// PLAIN LOGIN"), what matters to a mail admin first. The full keyword list stays below them.
import type { Extensions } from "@/lib/probe/types";
import { escapeControl, formatBytes } from "./format";

export interface CapabilityBadge {
  text: string;
  /** "good" for protections, "warn" for credentials offered in clear text, else neutral. */
  tone: "good" | "warn" | "neutral";
}

const FEATURES: [keyword: string, text: string][] = [
  ["REQUIRETLS", "REQUIRETLS"],
  ["SMTPUTF8", "UTF-8 addresses"],
  ["8BITMIME", "8-bit bodies"],
  ["PIPELINING", "pipelining"],
  ["CHUNKING", "chunking (BDAT)"],
  ["DSN", "delivery notifications (DSN)"],
  ["ENHANCEDSTATUSCODES", "enhanced status codes"],
];

const mechs = (ext: Extensions) => escapeControl(ext.auth.slice(0, 8).join(" "));

export function capabilityBadges(before: Extensions | null, after: Extensions | null): CapabilityBadge[] {
  const last = after ?? before;
  if (!last) return [];
  const badges: CapabilityBadge[] = [];
  if (before?.starttls) badges.push({ text: "STARTTLS offered", tone: "good" });
  if (last.size !== null) {
    badges.push({
      text: last.size === 0 ? "no fixed message size limit" : `max message size ${formatBytes(last.size)}`,
      tone: "neutral",
    });
  }
  if (before?.auth.length) badges.push({ text: `AUTH before TLS: ${mechs(before)}`, tone: "warn" });
  if (after?.auth.length) badges.push({ text: `AUTH after TLS: ${mechs(after)}`, tone: "neutral" });
  for (const [keyword, text] of FEATURES) if (keyword in last.keywords) badges.push({ text, tone: "neutral" });
  return badges;
}
