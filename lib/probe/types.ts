// Core types of the probe engine. The engine gathers facts; checks turn facts into verdicts.
// Contract names (check ids, statuses, report fields) come from shared/DESIGN.md: do not rename.

export const STATUSES = ["pass", "info", "warn", "fail", "inconclusive", "skipped"] as const;
export type Status = (typeof STATUSES)[number];

export const PORTS = [25, 465, 587] as const;
export type ProbePort = (typeof PORTS)[number];

export const CHECK_IDS = [
  "mx-records",
  "mx-address",
  "tcp-connect",
  "banner",
  "ehlo",
  "starttls-offered",
  "tls-handshake",
  "tls-version",
  "tls-versions",
  "cert-trusted",
  "cert-hostname",
  "cert-expiry",
  "cert-key",
  "ehlo-after-tls",
  "auth-before-tls",
  "names",
  "open-relay",
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** One SMTP reply, possibly multi-line. */
export interface Reply {
  code: number;
  /** RFC 3463 enhanced status code ("x.y.z") from the first line, or null. */
  enhanced: string | null;
  /** Text after the code (and separator) of each line. */
  lines: string[];
  /** Exact text as received (CRLFs included), for the transcript. */
  raw: string;
}

export interface TranscriptLine {
  /** C client, S server, I info (e.g. "TLS established", "connection closed"). */
  dir: "C" | "S" | "I";
  text: string;
  /** Milliseconds since the session began. */
  atMs: number;
}

/** EHLO reply, parsed. */
export interface Extensions {
  /** The host name the server gave in the first line of its EHLO reply. */
  host: string;
  /** Keyword (upper-cased) → parameters. */
  keywords: Record<string, string[]>;
  /** SIZE in bytes when advertised with a number; 0 means "no fixed limit". */
  size: number | null;
  /** AUTH mechanisms, upper-cased (from "AUTH x y" and the old "AUTH=x y" form). */
  auth: string[];
  starttls: boolean;
}

/** Where in the session something happened. */
export type Stage =
  | "connect"
  | "greeting"
  | "ehlo"
  | "starttls"
  | "tls"
  | "ehlo-tls"
  | "relay"
  | "quit"
  /** Extra short handshakes, one per TLS version, on fresh connections after QUIT. */
  | "tls-versions";

/** Typed reason a session stopped early. Expected failures are data, not exceptions. */
export type SessionErrorCode =
  | "refused"
  | "timeout"
  | "unreachable"
  | "closed"
  | "reset"
  | "reply-too-long"
  | "line-too-long"
  | "session-byte-limit"
  | "malformed-reply"
  | "tls-error"
  /** Server answered 220 to STARTTLS, then kept speaking plaintext SMTP instead of TLS. */
  | "tls-plaintext"
  | "session-deadline"
  | "aborted"
  | "socket-error";

export interface SessionError {
  stage: Stage;
  code: SessionErrorCode;
  /** Human-readable detail (e.g. the OS or TLS error message). */
  message: string;
}

export interface CertInfo {
  subject: string;
  /** Common name from the subject, if any. */
  subjectCN: string | null;
  issuer: string;
  issuerCN: string | null;
  /** DNS names from subjectAltName. */
  sans: string[];
  validFrom: string; // ISO 8601
  validTo: string; // ISO 8601
  serialNumber: string;
  fingerprint256: string;
  /** e.g. "RSA 2048", "EC P-256". */
  publicKey: string | null;
  // The fields below are absent in reports saved before they existed.
  /** "RSA", "EC", "Ed25519", "DSA"…; null when unknown. */
  keyType?: string | null;
  /** RSA/DSA modulus length, EC curve size; null when unknown. */
  keyBits?: number | null;
  /** From the DER, e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA384", "RSASSA-PSS"; an OID when unknown. */
  signatureAlgorithm?: string | null;
  /** Hash of that signature: "SHA-256", "SHA-1", "MD5"…; null for Ed25519/Ed448 or when unknown. */
  signatureHash?: string | null;
  selfIssued: boolean;
  pem: string;
}

export interface TlsFacts {
  /** "TLSv1.3", "TLSv1.2", ... */
  protocol: string | null;
  cipher: string | null;
  /** e.g. "X25519", "ECDH P-256 256 bits"; null when unknown. */
  keyExchange: string | null;
  /** Leaf first, as the server presented it. */
  chain: CertInfo[];
  /** Node/OpenSSL verification result against bundled roots + NODE_EXTRA_CA_CERTS. */
  authorized: boolean;
  /** OpenSSL error code, e.g. "DEPTH_ZERO_SELF_SIGNED_CERT", or null when authorized. */
  verifyError: string | null;
  /**
   * Our own chain analysis by signature links, independent of dates, so an expired certificate
   * from a trusted CA is still "trusted" here (cert-expiry judges dates).
   */
  chainTrust: "trusted" | "self-signed" | "unknown-ca" | "incomplete-chain";
  /** Bytes received in plaintext after "220" to STARTTLS and before the handshake, discarded. */
  discardedBytes: number;
  handshakeMs: number;
  /** Ephemeral key exchange (ECDHE/DHE, always in TLS 1.3); false for static RSA; absent in older reports. */
  forwardSecrecy?: boolean | null;
}

export interface ConnectFacts {
  ok: boolean;
  ms: number;
  /** When not ok: refused, timeout (filtered), unreachable, socket-error. */
  error?: SessionError;
}

export interface RelayFacts {
  from: string;
  to: string;
  mailReply: Reply | null;
  rcptReply: Reply | null;
}

/** Everything observed in one host × address × port session. */
export interface SessionFacts {
  host: string;
  ip: string;
  port: ProbePort;
  /** "starttls" on 25/587, "implicit" on 465. */
  tlsMode: "starttls" | "implicit";
  startedAt: string;
  connect: ConnectFacts | null;
  greeting: Reply | null;
  greetingMs: number | null;
  ehlo: Reply | null;
  /** True when EHLO was refused and HELO was used instead. */
  heloFallback: boolean;
  heloReply: Reply | null;
  extensions: Extensions | null;
  starttlsReply: Reply | null;
  tls: TlsFacts | null;
  /** Error when the TLS handshake itself failed. */
  tlsError: SessionError | null;
  ehloAfterTls: Reply | null;
  extensionsAfterTls: Extensions | null;
  relay: RelayFacts | null;
  /** Whether the relay test was requested for this session (port 25 and relay on). */
  relayRequested: boolean;
  /** Stages completed, in order. */
  stages: Stage[];
  /** How the session ended: null = cleanly. */
  error: SessionError | null;
  transcript: TranscriptLine[];
  durationMs: number;
  /** Reverse DNS of this address, looked up during discovery; null when not looked up. */
  reverse: ReverseFacts | null;
  /** One result per TLS version (1.0 → 1.3); null when not tested (no TLS, session cut short). */
  tlsVersions: TlsVersionProbe[] | null;
}

export type TlsVersionName = "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";

/** One version-pinned handshake (or the main session's, for the version it negotiated). */
export interface TlsVersionProbe {
  version: TlsVersionName;
  /**
   * accepted: the handshake completed; rejected: the server refused this version (TLS alert or
   * handshake failure); error: we could not tell (timeout, connection closed, STARTTLS refused this time).
   */
  result: "accepted" | "rejected" | "error";
  /** Where an error or rejection happened; null when accepted. */
  stage: Stage | null;
  /** The TLS error or the server's reply, cleaned for display; null when accepted. */
  detail: string | null;
  /** Cipher negotiated at this version, when accepted. */
  cipher: string | null;
  /** True when taken from the main session's handshake rather than an extra connection. */
  fromSession: boolean;
  ms: number;
}

/** Reverse DNS of one tested address: its PTR names and which of them point back (FCrDNS). */
export interface ReverseFacts {
  /** PTR names, lower-cased, without the trailing dot; at most 3 are kept. */
  names: string[];
  /** How many PTR names DNS returned (more than `names` when capped). */
  total: number;
  /** PTR names whose A/AAAA records include the address (forward-confirmed). */
  confirmed: string[];
  /** The forward lookup of each kept name (A for an IPv4 address, AAAA for IPv6). */
  forward: { name: string; addresses: string[]; error: DnsFailure | null }[];
  /** Why the lookup gave no (complete) answer: PTR nxdomain/nodata, resolver failure, deadline. */
  error: DnsFailure | null;
  ms: number;
}

export interface MxHost {
  host: string;
  preference: number;
}

export type DnsErrorCode = "nxdomain" | "nodata" | "servfail" | "timeout" | "refused" | "error";

export interface DnsFailure {
  code: DnsErrorCode;
  message: string;
}

/** DNS facts about the target domain. */
export interface DomainFacts {
  domain: string;
  /** "mx" when MX records exist; "implicit" when A/AAAA are used; "null-mx"; "none"; "ip" for IP literals. */
  kind: "mx" | "implicit" | "null-mx" | "none" | "ip" | "dns-error";
  mx: MxHost[];
  /** Hosts beyond the cap that were not tested. */
  mxOmitted: MxHost[];
  dnsError: DnsFailure | null;
  ms: number;
}

export interface HostFacts {
  host: string;
  preference: number | null;
  /** All addresses found, IPv4 then IPv6. */
  addresses: string[];
  /** Addresses that will be tested. */
  tested: string[];
  /** Addresses refused by the target guard, with the reason. */
  blocked: { ip: string; reason: string }[];
  /** Addresses beyond the per-host cap. */
  omitted: string[];
  dnsError: DnsFailure | null;
  ms: number;
  /** Reverse DNS per tested address. */
  reverse: Record<string, ReverseFacts>;
}

export interface Subject {
  host?: string;
  ip?: string;
  port?: number;
}

export interface EvidenceItem {
  label: string;
  value: string;
}

export interface CheckResult {
  id: CheckId;
  status: Status;
  outcome: string;
  subject: Subject;
  /** Values substituted into the explanation text ({name} placeholders). */
  params: Record<string, string | number>;
  evidence: EvidenceItem[];
  durationMs: number;
}

export interface SessionSummary {
  host: string;
  ip: string;
  port: number;
  startedAt: string;
  durationMs: number;
  /** null = ended cleanly. */
  error: SessionError | null;
  /** Facts the UI shows per session (TLS details, capabilities). */
  tls: TlsFacts | null;
  extensions: Extensions | null;
  extensionsAfterTls: Extensions | null;
  /** The names table of the `names` check (absent in reports made before it existed). */
  names?: NamesTable | null;
  /** Which TLS versions the server accepts (absent in reports made before it existed). */
  tlsVersions?: TlsVersionProbe[] | null;
  transcript: TranscriptLine[];
}

/** The names one server goes by, side by side, so the page can draw them as a table. */
export interface NamesTable {
  /** The MX (or target) host name we connected for; the address itself for an IP target. */
  mx: string;
  ip: string;
  ptr: string[];
  /** PTR names that resolve back to `ip`. */
  ptrConfirmed: string[];
  /** First word after 220 in the greeting. */
  greetingHost: string | null;
  /** The name at the start of the EHLO (or HELO) reply. */
  ehloHost: string | null;
  /** DNS names of the leaf certificate (SANs, else its CN), when TLS was negotiated. */
  certNames: string[];
}

export interface ProbeRequest {
  target: string;
  ports: ProbePort[];
  relay: boolean;
}

export interface NormalizedTarget {
  input: string;
  kind: "domain" | "ip" | "email";
  /** The name or address to resolve/probe: A-label for IDN, canonical text for IPs. */
  name: string;
  /** Unicode form, when the input was an IDN. */
  unicode: string | null;
}

export type ProbeEvent =
  | {
      type: "started";
      id: string;
      target: NormalizedTarget;
      ports: ProbePort[];
      relay: boolean;
      createdAt: string;
      /** Set when this stream replays a report finished moments ago instead of probing again. */
      reused?: ReuseInfo;
      /** Things the reader should know about how this run differs from the request. */
      notes?: ProbeNote[];
      /** The name we sent in EHLO/HELO (absent in events replayed from older reports). */
      heloName?: string;
    }
  | {
      type: "session";
      phase: "start" | "end";
      host: string;
      ip: string;
      port: number;
      /** Only on "end". */
      session?: SessionSummary;
    }
  | { type: "check"; check: CheckResult }
  | { type: "finished"; status: Status; durationMs: number; finishedAt: string }
  | { type: "failed"; code: ProbeFailureCode; message: string };

export type ProbeFailureCode = "bad-target" | "blocked-target" | "dns-error" | "aborted" | "internal";

export interface Report {
  schemaVersion: 1;
  id: string;
  target: string;
  normalizedTarget: NormalizedTarget | null;
  ports: ProbePort[];
  relay: boolean;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  /** Worst status so far (final once finishedAt is set). */
  status: Status;
  /** running → finished | failed | aborted. */
  state: "running" | "finished" | "failed" | "aborted";
  error: { code: ProbeFailureCode; message: string } | null;
  checks: CheckResult[];
  sessions: SessionSummary[];
  /** From the started event; absent in reports made before notes existed. */
  notes?: ProbeNote[];
  /** The name we sent in EHLO/HELO; absent in reports made before it was recorded. */
  heloName?: string;
  /** Only on a live replay of a recent report (never stored). */
  reused?: ReuseInfo | null;
}

/** A recent report served again instead of a new probe. */
export interface ReuseInfo {
  /** How long ago the report finished. */
  ageSeconds: number;
  /** Seconds until a fresh probe of the same target is allowed (0 = now). */
  rerunAfterSeconds: number;
}

export interface ProbeNote {
  /** "relay-skipped": the open-relay test was left out because it ran on this target recently. */
  code: "relay-skipped";
  message: string;
  /** The report that holds the result the note refers to. */
  reportId?: string;
}

export interface Timeouts {
  connectMs: number;
  greetingMs: number;
  replyMs: number;
  tlsMs: number;
  sessionMs: number;
  probeMs: number;
}

export interface Limits {
  lineBytes: number;
  replyBytes: number;
  replyLines: number;
  sessionBytes: number;
  maxMxHosts: number;
  maxAddressesPerFamily: number;
  maxConcurrentSockets: number;
}
