import type { ReactNode } from "react";
import { Chevron } from "@/components/ui/chevron";
import { StatusBadge } from "@/components/ui/status-badge";
import { Spinner } from "@/components/ui/status-icon";
import { checkTitle, describeCheck } from "@/lib/ui/describe-check";
import { escapeControl, formatDuration, plural } from "@/lib/ui/format";
import { checkAnchor, PORT_ROLES, type SessionView, sessionLabel } from "@/lib/ui/report-view";
import { readNames, readTlsVersions } from "@/lib/ui/session-extras";
import { waitingFor } from "@/lib/ui/waiting";
import { Capabilities } from "./capabilities";
import { CertificateDetails } from "./certificate-details";
import { CheckRow } from "./check-row";
import { NamesTable } from "./names-table";
import { TlsVersions } from "./tls-versions";
import { Transcript } from "./transcript";
import { WaitingLine } from "./waiting-line";

/** Fold skipped checks into one line from this many on. */
const SKIP_GROUP_MIN = 3;

interface SessionSectionProps {
  session: SessionView;
  /** Report creation time: reference for certificate "days left". */
  at: string;
  /** Whether the relay test is part of this run (what a running session waits for next). */
  relay?: boolean;
}

const STAGE_TEXT: Record<string, string> = {
  connect: "while connecting",
  greeting: "while waiting for the greeting",
  ehlo: "during EHLO",
  starttls: "during STARTTLS",
  tls: "during the TLS handshake",
  "ehlo-tls": "during EHLO after TLS",
  relay: "during the relay test",
  quit: "while closing",
};

function Disclosure({
  title,
  meta,
  testId,
  children,
}: {
  title: string;
  meta?: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <details className="group border-t border-line" data-testid={testId}>
      <summary className="plain flex items-center gap-2 px-4 py-2.5 text-sm font-medium text-fg hover:bg-surface-2/70">
        <Chevron />
        <span>{title}</span>
        {meta && <span className="text-xs font-normal text-subtle">{meta}</span>}
      </summary>
      <div className="px-4 pb-4 pt-1">{children}</div>
    </details>
  );
}

/** One host × address × port: its checks in arrival order, then TLS, capabilities and transcript. */
export function SessionSection({ session, at, relay = true }: SessionSectionProps) {
  const { summary } = session;
  const role = PORT_ROLES[session.port];
  const headingId = `${session.anchor}-title`;

  // Many "skipped" rows in a row say the same thing: fold them into one expandable line.
  const skipped = session.checks.filter((c) => c.status === "skipped");
  const grouped = skipped.length >= SKIP_GROUP_MIN ? skipped : [];
  const shown = grouped.length ? session.checks.filter((c) => c.status !== "skipped") : session.checks;
  const reasons = new Set(grouped.map((c) => describeCheck(c).title));
  const groupReason = reasons.size === 1 ? [...reasons][0] : null;
  // Absent in reports saved before these facts existed: the tables are then left out.
  const tlsVersions = readTlsVersions(summary?.tlsVersions);
  const names = readNames(summary?.names, {
    hasTls: summary ? summary.tls !== null : undefined,
    namesCheck: session.checks.find((c) => c.id === "names") ?? null,
  });
  const accepted = tlsVersions?.filter((v) => v.result === "accepted").map((v) => v.version) ?? [];
  const nameIssues = names?.filter((n) => n.note?.kind === "mismatch" || n.note?.kind === "missing").length ?? 0;

  return (
    <section
      id={session.anchor}
      aria-labelledby={headingId}
      className="scroll-mt-20 overflow-hidden rounded-xl border border-line bg-surface shadow-[0_1px_2px_rgb(0_0_0/0.04)] target:ring-2 target:ring-ring/50"
      data-testid={session.testId}
      data-host={session.host}
      data-ip={session.ip}
      data-port={session.port}
      data-state={session.state}
      data-status={session.status ?? undefined}
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1.5 border-b border-line bg-surface-2/60 px-4 py-3">
        <h3
          id={headingId}
          className="min-w-0 basis-full font-semibold [overflow-wrap:anywhere] sm:basis-auto sm:flex-1"
        >
          {sessionLabel(session)}
        </h3>
        {role && <span className="mr-auto text-xs text-muted sm:mr-0">{role}</span>}
        {session.state === "running" ? (
          <span className="inline-flex items-center gap-1.5 text-sm text-muted" data-testid="running-indicator">
            <Spinner />
            Testing…
          </span>
        ) : session.status ? (
          <StatusBadge status={session.status} size="sm" />
        ) : null}
        {summary && <span className="text-xs tabular-nums text-subtle">{formatDuration(summary.durationMs)}</span>}
      </header>

      {session.checks.length > 0 && (
        <ol className="divide-y divide-line">
          {shown.map((check) => (
            <CheckRow key={check.id} check={check} anchor={checkAnchor(check, session)} />
          ))}
          {grouped.length > 0 && (
            <li data-testid="skipped-group">
              <details>
                <summary className="plain flex items-start gap-3 px-4 py-3 hover:bg-surface-2/70">
                  <StatusBadge status="skipped" label={`${grouped.length} skipped`} className="sm:w-[7.5rem]" />
                  <span className="block min-w-0 flex-1">
                    <span className="block font-medium leading-6 text-fg">
                      {plural(grouped.length, "check")} not run
                    </span>
                    <span className="block text-sm leading-snug text-muted">
                      {groupReason ?? grouped.map((c) => checkTitle(c)).join(", ")}
                    </span>
                  </span>
                  <Chevron className="mt-1" />
                </summary>
                <ol className="divide-y divide-line border-t border-line">
                  {grouped.map((check) => (
                    <CheckRow key={check.id} check={check} anchor={checkAnchor(check, session)} />
                  ))}
                </ol>
              </details>
            </li>
          )}
        </ol>
      )}
      {session.state === "running" && (
        <WaitingLine
          what={waitingFor(session.checks, session.port, relay)}
          startedAtMs={session.startedAtMs}
          first={session.checks.length === 0}
        />
      )}
      {session.state === "incomplete" && (
        <p className="border-t border-line px-4 py-2.5 text-sm text-muted">
          This session did not finish before the test ended.
        </p>
      )}

      {summary?.error && (
        <p className="border-t border-line px-4 py-2.5 text-sm text-muted" data-testid="early-end">
          The session ended early {STAGE_TEXT[summary.error.stage] ?? `at ${summary.error.stage}`}:{" "}
          <span className="font-mono text-xs text-fg [overflow-wrap:anywhere]">
            {summary.error.code}
            {summary.error.message ? ` — ${escapeControl(summary.error.message)}` : ""}
          </span>
        </p>
      )}

      {summary?.tls && (
        <Disclosure
          title="TLS and certificate chain"
          meta={[summary.tls.protocol, plural(summary.tls.chain.length, "certificate")].filter(Boolean).join(" · ")}
          testId="tls-details"
        >
          <CertificateDetails tls={summary.tls} host={session.host} at={at} />
        </Disclosure>
      )}
      {tlsVersions && (
        <Disclosure
          title="TLS versions"
          meta={accepted.length ? `accepts TLS ${accepted.join(", ")}` : "none accepted"}
          testId="tls-versions-details"
        >
          <TlsVersions rows={tlsVersions} />
        </Disclosure>
      )}
      {names && (
        <Disclosure
          title="Names"
          meta={nameIssues ? plural(nameIssues, "finding") : "consistent"}
          testId="names-details"
        >
          <NamesTable rows={names} />
        </Disclosure>
      )}
      {summary && (summary.extensions || summary.extensionsAfterTls) && (
        <Disclosure title="Capabilities (EHLO)" testId="capabilities-details">
          <Capabilities before={summary.extensions} after={summary.extensionsAfterTls} />
        </Disclosure>
      )}
      {summary && (
        <Disclosure
          title="SMTP transcript"
          meta={plural(summary.transcript.length, "line")}
          testId="transcript-details"
        >
          <Transcript lines={summary.transcript} />
        </Disclosure>
      )}
    </section>
  );
}
