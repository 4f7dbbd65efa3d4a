// The names one mail server goes by, side by side: MX name → address → PTR (and whether it
// points back) → greeting name → EHLO name → certificate names. Receivers judge a server that
// SENDS mail by its PTR (forward-confirmed reverse DNS) and its HELO name, and most servers send
// with the name they greet with, so this shows how the host will look when it sends. The MX name
// itself need not equal the PTR: many MX names share one address.
import type { EvidenceItem, NamesTable, ReverseFacts, SessionFacts } from "../types";
import { defineCheck, type Verdict } from "./define";
import { notReached } from "./not-reached";
import { cleanText, isIpLiteral } from "./text";

const outcomes = {
  consistent: "pass",
  // Harmless for receiving; only matters if the host also sends with its greeting name.
  "ptr-mismatch": "info",
  // RFC 5321 wants the server's own name in both places; a difference confuses, it breaks nothing.
  "greeting-mismatch": "info",
  // The server calls itself "localhost" or similar: it most likely sends with that name too.
  "not-fqdn": "warn",
  "no-ptr": "warn",
  "not-confirmed": "warn",
  "dns-error": "inconclusive",
  "not-reached": "skipped",
} as const;
type Outcome = keyof typeof outcomes;

const NAME_MAX = 255;
const norm = (name: string) => name.toLowerCase().replace(/\.$/, "");
const firstWord = (line: string | undefined) => line?.trim().split(/\s+/)[0] ?? "";
const orNull = (text: string) => cleanText(text, NAME_MAX) || null;

/** The first word after "220": the name the server greets with (RFC 5321 §4.3.1 grammar). */
function greetingHost(s: SessionFacts): string | null {
  return s.greeting?.code === 220 ? orNull(firstWord(s.greeting.lines[0])) : null;
}

/** The name at the start of the accepted EHLO (or HELO) reply. */
function ehloHost(s: SessionFacts): string | null {
  if (s.extensions?.host) return orNull(s.extensions.host);
  if (s.ehlo?.code === 250) return orNull(firstWord(s.ehlo.lines[0]));
  if (s.heloReply?.code === 250) return orNull(firstWord(s.heloReply.lines[0]));
  return s.extensionsAfterTls?.host ? orNull(s.extensionsAfterTls.host) : null;
}

function certNames(s: SessionFacts): string[] {
  const leaf = s.tls?.chain[0];
  if (!leaf) return [];
  const names = leaf.sans.length > 0 ? leaf.sans : leaf.subjectCN ? [leaf.subjectCN] : [];
  return names.map((n) => cleanText(n, NAME_MAX));
}

/** The structured table for the page (SessionSummary.names). */
export function namesTable(s: SessionFacts): NamesTable {
  return {
    mx: s.host,
    ip: s.ip,
    ptr: (s.reverse?.names ?? []).map((n) => cleanText(n, NAME_MAX)),
    ptrConfirmed: (s.reverse?.confirmed ?? []).map((n) => cleanText(n, NAME_MAX)),
    greetingHost: greetingHost(s),
    ehloHost: ehloHost(s),
    certNames: certNames(s),
  };
}

// Names no outside receiver can resolve: defaults and private-use suffixes.
const LOCAL_SUFFIXES = ["localhost", "localdomain", "local", "internal", "lan", "home.arpa"];
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

/** A fully qualified, publicly meaningful host name (not "localhost", "mail" or an IP). */
export function isQualifiedName(name: string | null): boolean {
  if (!name) return false;
  const n = norm(name);
  if (isIpLiteral(n) || LOCAL_SUFFIXES.some((suffix) => n === suffix || n.endsWith(`.${suffix}`))) return false;
  const labels = n.split(".");
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]);
}

const PTR_ABSENT = new Set(["nxdomain", "nodata"]);

/** One line per PTR name: does it point back to the address? */
function describePtr(rev: ReverseFacts, ip: string): string {
  if (rev.names.length === 0) {
    if (rev.error && !PTR_ABSENT.has(rev.error.code)) return `lookup failed: ${cleanText(rev.error.message)}`;
    return "none";
  }
  const parts = rev.names.map((name) => {
    const shown = cleanText(name, NAME_MAX);
    if (rev.confirmed.includes(name)) return `${shown} (points back to ${ip})`;
    const fwd = rev.forward.find((f) => f.name === name);
    if (!fwd) return `${shown} (forward lookup not finished)`;
    if (fwd.error) return `${shown} (forward lookup failed: ${cleanText(fwd.error.message, 120)})`;
    if (fwd.addresses.length === 0) return `${shown} (has no address of this family: does not point back)`;
    return `${shown} (resolves to ${fwd.addresses.slice(0, 4).join(", ")}, not ${ip})`;
  });
  if (rev.total > rev.names.length) parts.push(`${rev.total - rev.names.length} more not checked`);
  return parts.join("; ");
}

function evidenceOf(s: SessionFacts, table: NamesTable, notes: string[]): EvidenceItem[] {
  const family = s.ip.includes(":") ? "AAAA" : "A";
  const mx = isIpLiteral(table.mx) ? "none (the target was an IP address)" : cleanText(table.mx, NAME_MAX);
  const rows: EvidenceItem[] = [
    { label: "MX name", value: mx },
    { label: `Address (${family})`, value: s.ip },
    { label: "PTR", value: s.reverse ? describePtr(s.reverse, s.ip) : "not looked up" },
    { label: "Greeting name", value: table.greetingHost ?? "(none)" },
    { label: "EHLO name", value: table.ehloHost ?? "(no EHLO reply)" },
    {
      label: "Certificate names",
      value: s.tls ? table.certNames.join(", ") || "(none)" : "no TLS in this session",
    },
  ];
  for (const note of notes) rows.push({ label: "Note", value: note });
  return rows;
}

/** Why confirmation failed for lack of answers (not for wrong answers), or null. */
function lookupFailure(rev: ReverseFacts): string | null {
  if (rev.names.length === 0) return rev.error && !PTR_ABSENT.has(rev.error.code) ? rev.error.message : null;
  const failed = rev.forward.find((f) => f.error);
  if (failed?.error) return failed.error.message;
  // Deadline after the PTR answer, before every forward answer.
  return rev.error ? rev.error.message : null;
}

function evaluate(s: SessionFacts): Verdict<Outcome> {
  if (s.greeting?.code !== 220) return notReached(s, "greeting");
  const table = namesTable(s);
  const greeting = table.greetingHost;
  const ehlo = table.ehloHost;
  // The name the server gives itself: EHLO's when there is one, else the greeting's.
  const own = ehlo ?? greeting;
  const confirmed = new Set(table.ptrConfirmed.map(norm));
  const sameName = (a: string | null, b: string | null) => !!a && !!b && norm(a) === norm(b);

  // Secondary findings, shown as notes when another outcome is the headline.
  const findings: Partial<Record<Outcome, string>> = {};
  if (!isQualifiedName(own)) {
    findings["not-fqdn"] = own
      ? `"${own}" is not a fully qualified public host name`
      : "the server gave no host name in its greeting or EHLO reply";
  }
  if (greeting && ehlo && !sameName(greeting, ehlo)) {
    findings["greeting-mismatch"] = `the greeting says "${greeting}" but the EHLO reply says "${ehlo}"`;
  }

  const params = {
    mx: cleanText(s.host, NAME_MAX),
    ptr: table.ptr.join(", ") || "none",
    confirmed: table.ptrConfirmed.join(", ") || "none",
    greetingHost: greeting ?? "(none)",
    ehloHost: ehlo ?? "(none)",
    name: own ?? "(none)",
  };
  const verdict = (outcome: Outcome, extra: Record<string, string> = {}): Verdict<Outcome> => {
    const notes = Object.entries(findings)
      .filter(([kind]) => kind !== outcome)
      .map(([, text]) => text);
    return { outcome, params: { ...params, ...extra }, evidence: evidenceOf(s, table, notes) };
  };

  const rev = s.reverse;
  if (!rev) return verdict("dns-error", { message: "reverse DNS was not looked up for this address" });
  if (confirmed.size === 0) {
    const failure = lookupFailure(rev);
    if (failure) return verdict("dns-error", { message: cleanText(failure) });
    return verdict(rev.names.length === 0 ? "no-ptr" : "not-confirmed");
  }

  if (findings["not-fqdn"]) return verdict("not-fqdn");
  const greetingMatches = !!greeting && confirmed.has(norm(greeting));
  const ehloMatches = !!ehlo && confirmed.has(norm(ehlo));
  if (!greetingMatches && !ehloMatches) return verdict("ptr-mismatch");
  if (findings["greeting-mismatch"]) return verdict("greeting-mismatch");
  return verdict("consistent");
}

export const namesCheck = defineCheck({
  id: "names",
  scope: "session",
  // Evaluated with the final facts: "quit" is never recorded as a completed stage.
  after: "quit",
  outcomes,
  evaluate,
});
