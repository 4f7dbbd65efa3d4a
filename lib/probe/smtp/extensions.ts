import type { Extensions, Reply } from "../types";

// EHLO reply → capabilities (RFC 5321 §4.1.1.1). The first line is "<host> [greeting]", each
// further line is "<keyword> [params...]".

/** Service extensions the UI can describe; anything else is listed as the server wrote it. */
export const KNOWN_EXTENSIONS = [
  "SIZE",
  "PIPELINING",
  "8BITMIME",
  "SMTPUTF8",
  "CHUNKING",
  "BINARYMIME",
  "DSN",
  "ENHANCEDSTATUSCODES",
  "AUTH",
  "STARTTLS",
  "REQUIRETLS",
  "DELIVERBY",
  "ETRN",
  "ATRN",
  "VRFY",
  "EXPN",
  "HELP",
  "MTRK",
  "MT-PRIORITY",
  "FUTURERELEASE",
  "LIMITS",
  "RRVS",
  "NO-SOLICITING",
  "BURL",
  "SUBMITTER",
  "XCLIENT",
  "XFORWARD",
] as const;
export type KnownExtension = (typeof KNOWN_EXTENSIONS)[number];

const KNOWN = new Set<string>(KNOWN_EXTENSIONS);

export function isKnownExtension(keyword: string): keyword is KnownExtension {
  return KNOWN.has(keyword.toUpperCase());
}

// The pre-RFC 2554 form some servers still send alongside the standard one.
const LEGACY_AUTH_PREFIX = "AUTH=";

function addUnique(list: string[], values: string[]): void {
  for (const v of values) if (!list.includes(v)) list.push(v);
}

export function parseExtensions(reply: Reply): Extensions {
  const [first = "", ...rest] = reply.lines;
  const host = first.trim().split(/\s+/)[0] ?? "";
  // A plain object stays serialisable (RSC, JSON). Keys are upper-cased, so a server cannot hit
  // "__proto__" or other Object.prototype names (all contain lower case); Object.hasOwn anyway.
  const keywords: Record<string, string[]> = {};
  const auth: string[] = [];

  for (const line of rest) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    let keyword = words[0].toUpperCase();
    let params = words.slice(1);
    if (keyword.startsWith(LEGACY_AUTH_PREFIX)) {
      // "AUTH=PLAIN LOGIN": the first mechanism is glued to the keyword.
      params = [keyword.slice(LEGACY_AUTH_PREFIX.length), ...params].filter(Boolean);
      keyword = "AUTH";
    }
    if (keyword === "AUTH") {
      params = params.map((p) => p.toUpperCase());
      addUnique(auth, params);
    }
    const existing = Object.hasOwn(keywords, keyword) ? keywords[keyword] : undefined;
    if (existing) addUnique(existing, params);
    else keywords[keyword] = keyword === "AUTH" ? [...new Set(params)] : params;
  }

  return {
    host,
    keywords,
    size: Object.hasOwn(keywords, "SIZE") ? parseSize(keywords.SIZE) : null,
    auth,
    starttls: Object.hasOwn(keywords, "STARTTLS"),
  };
}

function parseSize(params: string[]): number | null {
  if (params.length === 0 || !/^\d+$/.test(params[0])) return null;
  const n = Number(params[0]);
  return Number.isSafeInteger(n) ? n : null;
}

const KIB = 1024;
const MIB = 1024 * 1024;

function trimDecimal(n: number): string {
  return n.toFixed(1).replace(/\.0$/, "");
}

/** Binary units (MiB/KiB), with the exact byte count so nothing is lost to rounding. */
export function formatSize(bytes: number | null): string {
  if (bytes === null) return "not advertised";
  if (bytes === 0) return "no fixed limit";
  if (bytes >= MIB) return `${trimDecimal(bytes / MIB)} MiB (${bytes} bytes)`;
  if (bytes >= KIB) return `${trimDecimal(bytes / KIB)} KiB (${bytes} bytes)`;
  return bytes === 1 ? "1 byte" : `${bytes} bytes`;
}
