// Turns a parsed EHLO reply into readable evidence. Well-known extensions come first in a fixed
// order so two reports are easy to compare; anything else is shown as the server sent it.
import type { EvidenceItem, Extensions, Reply } from "../types";
import { cleanText, formatBytes } from "./text";

const KNOWN = [
  "SIZE",
  "PIPELINING",
  "8BITMIME",
  "SMTPUTF8",
  "CHUNKING",
  "BINARYMIME",
  "DSN",
  "ENHANCEDSTATUSCODES",
  "STARTTLS",
  "REQUIRETLS",
  "AUTH",
] as const;

function describeKnown(ext: Extensions, keyword: (typeof KNOWN)[number]): string {
  if (keyword === "SIZE") {
    // A parameter we cannot read as a byte count is shown as sent rather than dropped.
    if (ext.size === null) return cleanText(["SIZE", ...(ext.keywords.SIZE ?? [])].join(" "), 120);
    return ext.size === 0 ? "SIZE (no fixed limit)" : `SIZE ${formatBytes(ext.size)}`;
  }
  if (keyword === "AUTH") return ext.auth.length ? `AUTH ${ext.auth.join(" ")}` : "AUTH";
  return keyword;
}

/** Capabilities in display form, e.g. ["SIZE 9.8 MiB (10240000 bytes)", "PIPELINING", …]. */
export function capabilityList(ext: Extensions): string[] {
  const present = new Set(Object.keys(ext.keywords));
  // AUTH may appear only in the old "AUTH=LOGIN" form; the parser merged it into ext.auth.
  if (ext.auth.length) present.add("AUTH");
  if (ext.starttls) present.add("STARTTLS");
  const list: string[] = KNOWN.filter((k) => present.has(k)).map((k) => describeKnown(ext, k));
  for (const [keyword, params] of Object.entries(ext.keywords)) {
    if ((KNOWN as readonly string[]).includes(keyword) || keyword.startsWith("AUTH=")) continue;
    list.push(cleanText([keyword, ...params].join(" "), 120));
  }
  return list;
}

export function capabilityEvidence(ext: Extensions): EvidenceItem[] {
  const list = capabilityList(ext);
  return [
    { label: "Server name", value: cleanText(ext.host, 120) || "(none given)" },
    { label: "Capabilities", value: list.length ? list.join(", ") : "none advertised" },
  ];
}

/**
 * STARTTLS advertised in an accepted EHLO reply. Reads the raw lines too, in case the parsed
 * extensions are missing, because a false "not offered" would be a false fail.
 */
export function advertisesStarttls(ehlo: Reply, ext: Extensions | null): boolean {
  if (ext?.starttls) return true;
  return ehlo.lines.slice(1).some((line) => line.trim().toUpperCase().split(/\s+/)[0] === "STARTTLS");
}
