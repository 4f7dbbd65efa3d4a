// Display rows for the newer, optional session facts: TLS version enumeration, the names a
// server goes by, extra certificate fields. Reports saved before these existed lack them, so
// each reader returns null (or nothing) when absent and the page simply leaves the table out.
import { matchCertName } from "@/lib/probe/checks/hostname";
import { isQualifiedName } from "@/lib/probe/checks/names";
import type { CertInfo, CheckResult, NamesTable, TlsVersionProbe } from "@/lib/probe/types";

export const TLS_VERSION_ROWS = ["1.0", "1.1", "1.2", "1.3"] as const;
export type TlsVersionLabel = (typeof TLS_VERSION_ROWS)[number];

/** "error" = we tried and could not tell (timeout, closed…); "not-tested" = never tried. */
export type TlsVersionResult = "accepted" | "rejected" | "error" | "not-tested";

export interface TlsVersionRow {
  version: TlsVersionLabel;
  result: TlsVersionResult;
  /** Cipher when accepted; the error or the server's words otherwise. */
  detail: string | null;
  /** Accepting 1.0/1.1 is outdated (RFC 8996). */
  outdated: boolean;
}

/** "TLSv1", "TLSv1.2", "TLS 1.3", "tls1_1", "1.0" → "1.0" … "1.3"; null for SSL and others. */
export function tlsVersionLabel(raw: string): TlsVersionLabel | null {
  const m = /(?:^|[^0-9])1(?:[._]?([0-3]))?(?![0-9])/.exec(raw.toLowerCase().replace(/^ssl.*/, ""));
  if (!m) return null;
  return `1.${m[1] ?? "0"}` as TlsVersionLabel;
}

function detailOf(p: TlsVersionProbe): string | null {
  if (p.result === "accepted") {
    const from = p.fromSession ? "from the main handshake" : null;
    return [p.cipher, from].filter(Boolean).join(" · ") || null;
  }
  const where = p.stage && p.stage !== "tls" ? `at ${p.stage}` : null;
  return [p.detail, where].filter(Boolean).join(" · ") || null;
}

/** Always the four rows 1.0–1.3, or null when the session has no enumeration. */
export function readTlsVersions(probes: readonly TlsVersionProbe[] | null | undefined): TlsVersionRow[] | null {
  if (!probes?.length) return null;
  return TLS_VERSION_ROWS.map((version) => {
    const p = probes.find((x) => tlsVersionLabel(x.version) === version);
    if (!p) return { version, result: "not-tested", detail: null, outdated: false };
    return {
      version,
      result: p.result,
      detail: detailOf(p),
      outdated: p.result === "accepted" && (version === "1.0" || version === "1.1"),
    };
  });
}

/** How one name relates to the names it should agree with. */
export interface NameNote {
  /** match: consistent; mismatch: differs (worth a look); missing: absent; neutral: just a fact. */
  kind: "match" | "mismatch" | "missing" | "neutral";
  text: string;
}

export interface NameRow {
  key: "mx" | "ip" | "ptr" | "greeting" | "ehlo" | "cert";
  label: string;
  values: string[];
  note: NameNote | null;
}

const norm = (name: string) => name.toLowerCase().replace(/\.$/, "");
const inList = (name: string, names: string[]) => names.some((n) => norm(n) === norm(name));
const isIp = (text: string) => /^[0-9.]+$/.test(text) || text.includes(":");

function ptrNote(t: NamesTable, lookupProblem: string | null): NameNote {
  if (t.ptr.length === 0) {
    return lookupProblem
      ? { kind: "neutral", text: `could not tell: ${lookupProblem}` }
      : { kind: "missing", text: "no PTR record: receivers distrust mail from such addresses" };
  }
  const unconfirmed = t.ptr.filter((n) => !inList(n, t.ptrConfirmed));
  if (unconfirmed.length === 0) return { kind: "match", text: `forward-confirmed: points back to ${t.ip}` };
  if (unconfirmed.length === t.ptr.length) {
    return { kind: "mismatch", text: `mismatch: does not point back to ${t.ip} (not forward-confirmed)` };
  }
  return { kind: "neutral", text: `${unconfirmed.join(", ")} does not point back to ${t.ip}` };
}

function helloNote(name: string | null, t: NamesTable, other: { name: string | null; label: string } | null): NameNote {
  if (!name) return { kind: "missing", text: "not seen" };
  if (!isQualifiedName(name)) return { kind: "mismatch", text: "mismatch: not a fully qualified public host name" };
  if (other?.name && norm(other.name) !== norm(name)) {
    return { kind: "mismatch", text: `mismatch: differs from the ${other.label}` };
  }
  if (t.ptrConfirmed.length && inList(name, t.ptrConfirmed)) {
    return { kind: "match", text: "matches the forward-confirmed PTR" };
  }
  if (t.ptr.length) return { kind: "mismatch", text: "mismatch: differs from the PTR name" };
  if (!isIp(t.mx) && norm(name) === norm(t.mx)) return { kind: "match", text: "matches the MX name" };
  return { kind: "neutral", text: "no PTR to compare with" };
}

/**
 * The names table of one session: MX name, address, PTR (and whether it points back), the
 * greeting and EHLO names, the certificate's names. `namesCheck` (the session's `names` result)
 * tells "no PTR" apart from "lookup failed". Null when the report has no names table.
 */
export function readNames(
  t: NamesTable | null | undefined,
  opts: { hasTls?: boolean; namesCheck?: CheckResult | null } = {},
): NameRow[] | null {
  if (!t) return null;
  const check = opts.namesCheck;
  const lookupProblem = check?.outcome === "dns-error" ? String(check.params.message ?? "the lookup failed") : null;
  const literal = isIp(t.mx);

  let certNote: NameNote | null = null;
  if (opts.hasTls === false || (t.certNames.length === 0 && opts.hasTls === undefined)) {
    certNote = { kind: "neutral", text: "no TLS in this session" };
  } else if (!literal) {
    const hit = matchCertName(t.mx, t.certNames, null);
    certNote = hit
      ? { kind: "match", text: `covers the MX name${norm(hit) === norm(t.mx) ? "" : ` (as ${hit})`}` }
      : { kind: "mismatch", text: `mismatch: does not cover the MX name ${t.mx}` };
  }

  return [
    {
      key: "mx",
      label: "MX name",
      values: literal ? [] : [t.mx],
      note: literal ? { kind: "neutral", text: "none: the target was an address" } : null,
    },
    { key: "ip", label: t.ip.includes(":") ? "Address (IPv6)" : "Address (IPv4)", values: [t.ip], note: null },
    { key: "ptr", label: "Reverse DNS (PTR)", values: t.ptr, note: ptrNote(t, lookupProblem) },
    {
      key: "greeting",
      label: "Greeting name",
      values: t.greetingHost ? [t.greetingHost] : [],
      note: helloNote(t.greetingHost, t, null),
    },
    {
      key: "ehlo",
      label: "EHLO name",
      values: t.ehloHost ? [t.ehloHost] : [],
      note: helloNote(t.ehloHost, t, { name: t.greetingHost, label: "greeting name" }),
    },
    { key: "cert", label: "Certificate names", values: t.certNames, note: certNote },
  ];
}

const WEAK_HASHES = new Set(["md5", "sha-1", "sha1", "md2", "md4"]);

/** Certificate fields newer engines record (signature algorithm and hash), as label/value pairs. */
export function readCertExtras(cert: CertInfo): { label: string; value: string; weak: boolean }[] {
  if (!cert.signatureAlgorithm) return [];
  const hash = cert.signatureHash ?? null;
  const weak = hash !== null && WEAK_HASHES.has(hash.toLowerCase());
  const value =
    hash && !cert.signatureAlgorithm.toLowerCase().includes(hash.replace("-", "").toLowerCase())
      ? `${cert.signatureAlgorithm} (${hash})`
      : cert.signatureAlgorithm;
  return [{ label: "Signature", value, weak }];
}
