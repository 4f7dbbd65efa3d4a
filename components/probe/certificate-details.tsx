import type { ReactNode } from "react";
import type { CertInfo, TlsFacts } from "@/lib/probe/types";
import { daysUntil, escapeControl, formatDate, formatDuration, plural, uniqueKeys } from "@/lib/ui/format";
import { readCertExtras } from "@/lib/ui/session-extras";

interface CertificateDetailsProps {
  tls: TlsFacts;
  /** Host name we connected for (the name the certificate should cover). */
  host: string;
  /** Reference time for "days left" (the report's creation time, so the text never drifts). */
  at: string;
}

const TRUST_TEXT: Record<TlsFacts["chainTrust"], string> = {
  trusted: "Chains to a trusted root",
  "self-signed": "Self-signed",
  "unknown-ca": "Issued by an unknown CA",
  "incomplete-chain": "Incomplete chain (intermediate missing)",
};

function role(cert: CertInfo, index: number, total: number): string {
  if (index === 0) return total === 1 && cert.selfIssued ? "Server certificate (self-signed)" : "Server certificate";
  if (cert.selfIssued) return "Root";
  return `Intermediate ${total > 2 ? index : ""}`.trim();
}

function Field({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="contents">
      <dt className="pt-1.5 text-xs font-medium text-muted sm:pt-0 sm:text-sm">{label}</dt>
      <dd className={`min-w-0 [overflow-wrap:anywhere] ${mono ? "font-mono text-[0.8125rem]" : "text-sm"}`}>
        {children}
      </dd>
    </div>
  );
}

const DAY_MS = 86_400_000;

/** Relative to the test time, counted like the cert-expiry check (whole days, rounded down). */
function validityNote(cert: CertInfo, at: string): string {
  const ref = new Date(at).getTime();
  const notBefore = daysUntil(cert.validFrom, ref);
  if (notBefore !== null && notBefore > 0) return `not valid for another ${plural(notBefore, "day")} at test time`;
  const to = new Date(cert.validTo).getTime();
  if (Number.isNaN(to) || Number.isNaN(ref)) return "";
  if (to < ref) return `expired ${plural(Math.floor((ref - to) / DAY_MS), "day")} ago (at test time)`;
  return `expires in ${plural(Math.floor((to - ref) / DAY_MS), "day")} (at test time)`;
}

/** Stands where the server should have sent the certificate that signed the last one it sent. */
function MissingCard({ issuer }: { issuer: string }) {
  return (
    <li
      className="rounded-lg border border-dashed border-fail-line bg-fail-soft px-3 py-2.5 text-sm"
      data-testid="chain-missing"
    >
      <span className="text-xs font-semibold uppercase tracking-wide text-fail">Missing intermediate</span>
      <p className="mt-1 [overflow-wrap:anywhere]">
        The intermediate that issued this (issuer:{" "}
        <span className="font-mono text-[0.8125rem]">{escapeControl(issuer)}</span>) was not sent. Add it after the
        server certificate in the certificate file (the "fullchain" file).
      </p>
    </li>
  );
}

function CertCard({
  cert,
  index,
  total,
  at,
  host,
}: {
  cert: CertInfo;
  index: number;
  total: number;
  at: string;
  host: string;
}) {
  const note = validityNote(cert, at);
  const lowerHost = host.toLowerCase();
  // A certificate may list the same name twice.
  const sanKeys = uniqueKeys(cert.sans);
  return (
    <li className="rounded-lg border border-line bg-surface" data-testid="chain-cert">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-line px-3 py-2">
        <span className="text-xs font-semibold uppercase tracking-wide text-muted">
          {index + 1}. {role(cert, index, total)}
        </span>
        <span className="min-w-0 truncate text-sm font-medium">{escapeControl(cert.subjectCN ?? cert.subject)}</span>
      </div>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 px-3 py-2.5 sm:grid-cols-[minmax(7.5rem,max-content)_1fr]">
        <Field label="Subject" mono>
          {escapeControl(cert.subject)}
        </Field>
        <Field label="Issuer" mono>
          {escapeControl(cert.issuer)}
        </Field>
        {index === 0 && (
          <Field label="Names (SAN)">
            {cert.sans.length ? (
              <ul className="flex flex-wrap gap-1">
                {cert.sans.map((san, i) => {
                  const wildcard =
                    san.startsWith("*.") &&
                    lowerHost.endsWith(san.slice(1).toLowerCase()) &&
                    lowerHost.split(".").length === san.split(".").length;
                  const match = san.toLowerCase() === lowerHost || wildcard;
                  return (
                    <li
                      key={sanKeys[i]}
                      className={`rounded border px-1.5 py-0.5 font-mono text-xs [overflow-wrap:anywhere] ${match ? "border-pass-line bg-pass-soft text-pass" : "border-line bg-surface-2"}`}
                    >
                      {escapeControl(san)}
                      {match && <span className="sr-only"> (matches {host})</span>}
                    </li>
                  );
                })}
              </ul>
            ) : (
              <span className="text-muted">none</span>
            )}
          </Field>
        )}
        {index > 0 && cert.sans.length > 0 && (
          <Field label="Names (SAN)" mono>
            {escapeControl(cert.sans.join(", "))}
          </Field>
        )}
        <Field label="Valid">
          {formatDate(cert.validFrom)} – {formatDate(cert.validTo)}
          {note && <span className="text-muted"> · {note}</span>}
        </Field>
        <Field label="Key">{escapeControl(cert.publicKey ?? "unknown")}</Field>
        {readCertExtras(cert).map((extra) => (
          <Field key={extra.label} label={extra.label} mono>
            {escapeControl(extra.value)}
            {extra.weak && <span className="ml-2 font-sans text-xs font-medium text-warn">weak hash</span>}
          </Field>
        ))}
        <Field label="Serial" mono>
          {escapeControl(cert.serialNumber)}
        </Field>
        <Field label="SHA-256" mono>
          {cert.fingerprint256}
        </Field>
      </dl>
      {cert.pem && (
        <details className="border-t border-line px-3 py-2">
          <summary className="text-sm text-accent">Show PEM</summary>
          {/* Focusable so keyboard users can scroll it. */}
          <pre
            className="mt-2 max-h-64 overflow-auto rounded bg-code p-2 font-mono text-xs leading-snug"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard
            tabIndex={0}
          >
            {cert.pem}
          </pre>
        </details>
      )}
    </li>
  );
}

/** TLS parameters and the certificate chain exactly as the server presented it (leaf first). */
export function CertificateDetails({ tls, host, at }: CertificateDetailsProps) {
  const keys = uniqueKeys(tls.chain.map((c) => c.fingerprint256));
  return (
    <div className="space-y-3" data-testid="certificate-details">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 rounded-lg border border-line bg-surface-2 px-3 py-2.5 sm:grid-cols-[minmax(7.5rem,max-content)_1fr]">
        <Field label="Protocol" mono>
          {tls.protocol ?? "unknown"}
        </Field>
        <Field label="Cipher" mono>
          {tls.cipher ?? "unknown"}
        </Field>
        <Field label="Key exchange" mono>
          {tls.keyExchange ?? "unknown"}
        </Field>
        <Field label="Handshake">{formatDuration(tls.handshakeMs)}</Field>
        <Field label="Chain">
          {TRUST_TEXT[tls.chainTrust]}
          {tls.verifyError && <span className="font-mono text-xs text-muted"> ({escapeControl(tls.verifyError)})</span>}
        </Field>
        {tls.discardedBytes > 0 && (
          <Field label="Discarded">
            {plural(tls.discardedBytes, "byte")} arrived in plaintext after the STARTTLS reply and were thrown away
            before the handshake
          </Field>
        )}
      </dl>
      {tls.chain.length > 0 ? (
        <ol className="space-y-2" aria-label="Certificate chain">
          {tls.chain.map((cert, i) => (
            <CertCard key={keys[i]} cert={cert} index={i} total={tls.chain.length} at={at} host={host} />
          ))}
          {tls.chainTrust === "incomplete-chain" && <MissingCard issuer={tls.chain[tls.chain.length - 1].issuer} />}
        </ol>
      ) : (
        <p className="text-sm text-muted">The server presented no certificate.</p>
      )}
    </div>
  );
}
