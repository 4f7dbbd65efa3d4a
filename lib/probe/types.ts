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
  "cert-trusted",
  "cert-hostname",
  "cert-expiry",
  "ehlo-after-tls",
  "auth-before-tls",
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
export type Stage = "connect" | "greeting" | "ehlo" | "starttls" | "tls" | "ehlo-tls" | "relay" | "quit";

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
  transcript: TranscriptLine[];
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
