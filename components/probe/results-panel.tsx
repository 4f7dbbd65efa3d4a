import { StatusBadge } from "@/components/ui/status-badge";
import { Spinner, StatusIcon } from "@/components/ui/status-icon";
import type { CheckResult, Report, Status } from "@/lib/probe/types";
import { checkTitle, describeCheck } from "@/lib/ui/describe-check";
import { escapeControl, formatDateTime, formatDuration, plural } from "@/lib/ui/format";
import {
  buildReportView,
  checkAnchor,
  type ReportView,
  type SessionRef,
  type SessionView,
  sessionLabel,
} from "@/lib/ui/report-view";
import { buildSessionMatrix } from "@/lib/ui/session-matrix";
import { STATUS_META, STATUS_ORDER, verdictHeadline } from "@/lib/ui/status-meta";
import { buildSummary, type SummaryFix } from "@/lib/ui/summary";
import { CheckRow } from "./check-row";
import { DownloadJson } from "./download-json";
import { SessionMatrix } from "./session-matrix";
import { SessionSection } from "./session-section";

interface ResultsPanelProps {
  report: Report;
  /** Sessions that have started and not ended (live page only; the permalink infers them). */
  active?: SessionRef[];
}

export function reportTargetLabel(report: Report): string {
  const t = report.normalizedTarget;
  if (!t) return report.target;
  // IDN: show what the person typed and the A-label we actually looked up.
  return t.unicode && t.unicode !== t.name ? `${t.unicode} (${t.name})` : t.name;
}

function describeRun(report: Report): string {
  const parts: string[] = [];
  if (report.ports.length) parts.push(`${report.ports.length === 1 ? "Port" : "Ports"} ${report.ports.join(", ")}`);
  if (report.ports.includes(25)) parts.push(report.relay ? "relay test on" : "relay test off");
  return parts.join(" · ");
}

/** How this run differs from what was asked (e.g. the relay test left out). Plain text only. */
function Notes({ report }: { report: Report }) {
  if (!report.notes?.length) return null;
  return (
    <ul className="mb-3 space-y-2" data-testid="probe-notes">
      {report.notes.map((note) => (
        <li
          key={note.code}
          className="rounded-lg border border-line bg-surface-2 px-3 py-2 text-sm text-fg [overflow-wrap:anywhere]"
          data-testid="probe-note"
          data-code={note.code}
        >
          {note.message}
          {note.reportId && note.reportId !== report.id && (
            <>
              {" "}
              <a href={`/r/${encodeURIComponent(note.reportId)}`} className="font-medium underline">
                See that report
              </a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function Counts({ counts }: { counts: Record<Status, number> }) {
  const present = STATUS_ORDER.filter((s) => counts[s] > 0);
  if (!present.length) return null;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Checks by status" data-testid="status-counts">
      {present.map((s) => (
        <li key={s} data-status={s} data-count={counts[s]}>
          <StatusBadge status={s} size="sm" label={`${counts[s]} ${STATUS_META[s].label}`} />
        </li>
      ))}
    </ul>
  );
}

interface Attention {
  check: CheckResult;
  anchor: string;
  where: string | null;
}

function attentionList(view: ReportView): Attention[] {
  const items: Attention[] = [];
  const bad = (c: CheckResult) => c.status === "fail" || c.status === "warn" || c.status === "inconclusive";
  for (const c of view.domainChecks) {
    if (bad(c)) items.push({ check: c, anchor: checkAnchor(c), where: c.subject.host ?? null });
  }
  for (const s of view.sessions) {
    for (const c of s.checks) if (bad(c)) items.push({ check: c, anchor: checkAnchor(c, s), where: sessionLabel(s) });
  }
  const rank: Record<string, number> = { fail: 0, inconclusive: 1, warn: 2 };
  return items.sort((a, b) => rank[a.check.status] - rank[b.check.status]);
}

function AttentionList({ items: all, skip }: { items: Attention[]; skip: SummaryFix[] }) {
  // What "Fix first" already names is not listed twice.
  const items = all.filter((item) => !skip.some((f) => f.anchor === item.anchor));
  if (!items.length) return null;
  const shown = items.slice(0, 8);
  return (
    <div className="mt-4 border-t border-line/80 pt-3">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">
        {skip.length ? "Also needs attention" : "Needs attention"}
      </h3>
      <ul className="mt-2 space-y-1.5 text-sm">
        {shown.map((item) => (
          <li key={item.anchor} className="flex items-start gap-2">
            <span className={`mt-0.5 ${STATUS_META[item.check.status].text}`}>
              <StatusIcon status={item.check.status} />
              <span className="sr-only">{STATUS_META[item.check.status].label}:</span>
            </span>
            <a href={`#${item.anchor}`} className="min-w-0 [overflow-wrap:anywhere] hover:underline">
              <span className="font-medium">{checkTitle(item.check)}</span>
              <span className="text-muted"> — {describeCheck(item.check).title}</span>
              {item.where && <span className="block text-xs text-subtle">{item.where}</span>}
            </a>
          </li>
        ))}
      </ul>
      {items.length > shown.length && (
        <p className="mt-2 text-xs text-muted">and {plural(items.length - shown.length, "more finding")} below.</p>
      )}
    </div>
  );
}

/** The one or two findings to act on first, each linking to its row. */
function FixFirst({ fixes }: { fixes: SummaryFix[] }) {
  if (!fixes.length) return null;
  const allUnsure = fixes.every((f) => f.status === "inconclusive");
  return (
    <div className="mb-4" data-testid="fix-first">
      <h3 className="text-sm font-semibold text-fg">{allUnsure ? "Look at first" : "Fix first"}</h3>
      <ol className="mt-1.5 space-y-1.5 text-sm">
        {fixes.map((fix) => (
          <li key={fix.anchor} className="flex items-start gap-2" data-check={fix.checkId}>
            <span className={`mt-0.5 ${STATUS_META[fix.status].text}`}>
              <StatusIcon status={fix.status} />
              <span className="sr-only">{STATUS_META[fix.status].label}:</span>
            </span>
            <a href={`#${fix.anchor}`} className="min-w-0 font-medium underline [overflow-wrap:anywhere]">
              {fix.text}
            </a>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Verdict({ report, view }: { report: Report; view: ReportView }) {
  const failed = report.state === "failed";
  const aborted = report.state === "aborted";
  const status: Status = report.status;
  // A stopped run gets neutral colours: its partial status is no verdict.
  const tone: Status = failed ? "inconclusive" : aborted ? "skipped" : status;
  const meta = STATUS_META[tone];
  const label = failed
    ? report.checks.length
      ? "The test stopped before it finished"
      : "The test could not run"
    : aborted
      ? "Test stopped"
      : verdictHeadline(status);
  const summary = buildSummary(report, view);

  return (
    <section
      aria-labelledby="verdict-title"
      className={`relative overflow-hidden rounded-xl border bg-surface ${meta.border}`}
      data-testid="verdict"
      data-status={status}
      data-state={report.state}
    >
      <span className={`absolute inset-y-0 left-0 w-1 ${meta.bar}`} aria-hidden />
      <div className={`px-5 py-4 sm:px-6 ${meta.soft}`}>
        <div className="flex items-start gap-3">
          <span className={`mt-0.5 ${meta.text}`}>
            <StatusIcon status={tone} className="size-7" />
          </span>
          <div className="min-w-0 flex-1">
            <p className={`text-xs font-semibold uppercase tracking-wide ${meta.text}`}>
              {failed ? "Not completed" : aborted ? "Stopped" : `Overall: ${STATUS_META[status].label}`} · {label}
            </p>
            <h2
              id="verdict-title"
              className="mt-0.5 text-lg font-semibold tracking-tight text-fg [overflow-wrap:anywhere] sm:text-xl"
              data-testid="summary-headline"
            >
              {summary.headline}
            </h2>
            <p className="mt-1 text-sm text-muted [overflow-wrap:anywhere]">
              <span className="font-medium text-fg">{reportTargetLabel(report)}</span>
              {describeRun(report) && <> · {describeRun(report)}</>}
            </p>
          </div>
        </div>
      </div>
      <div className="px-5 py-4 sm:px-6">
        {report.error && (
          <p
            className={`mb-3 rounded-lg border px-3 py-2 text-sm [overflow-wrap:anywhere] ${failed ? "border-fail-line bg-fail-soft text-fg" : "border-line bg-surface-2 text-fg"}`}
            role={failed ? "alert" : undefined}
            data-testid="probe-error"
            data-code={report.error.code}
          >
            {escapeControl(report.error.message)}
          </p>
        )}
        <Notes report={report} />
        <FixFirst fixes={summary.fixes} />
        <div className="flex flex-wrap items-center justify-between gap-3">
          <Counts counts={view.counts} />
          <div className="flex flex-wrap items-center gap-3">
            <p className="text-xs text-muted">
              {report.durationMs !== null && <>Took {formatDuration(report.durationMs)} · </>}
              {formatDateTime(report.createdAt)}
            </p>
            {report.id && <DownloadJson report={report} />}
          </div>
        </div>
        <AttentionList items={attentionList(view)} skip={summary.fixes} />
      </div>
    </section>
  );
}

function Running({ report, view, planned }: { report: Report; view: ReportView; planned: number }) {
  const running = view.sessions.filter((s) => s.state === "running");
  const done = view.sessions.filter((s) => s.state === "done").length;
  // Sessions announced by DNS but not started yet count too, so the total does not grow.
  const total = Math.max(planned, view.sessions.length);
  return (
    <section
      className="rounded-xl border border-line bg-surface px-5 py-4 sm:px-6"
      data-testid="running"
      aria-labelledby="running-title"
      aria-busy="true"
    >
      <div className="flex flex-wrap items-start gap-3">
        <span className="mt-0.5 text-accent">
          <Spinner className="size-6" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 id="running-title" className="text-lg font-semibold tracking-tight [overflow-wrap:anywhere]">
            Testing {reportTargetLabel(report)}…
          </h2>
          <p className="mt-0.5 text-sm text-muted">
            {describeRun(report) || "Resolving the target"}
            {total > 0 && (
              <>
                {" "}
                · {done} of {plural(total, "connection")} finished
              </>
            )}
            {" · "}
            {plural(report.checks.length, "check")} so far
          </p>
          {report.notes?.length ? (
            <div className="mt-2">
              <Notes report={report} />
            </div>
          ) : null}
          {running.length > 0 && (
            <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="In progress" data-testid="sessions-in-progress">
              {running.map((s) => (
                <li key={s.key}>
                  <a
                    href={`#${s.anchor}`}
                    className="inline-flex items-center gap-1.5 rounded-md border border-line bg-surface-2 px-2 py-0.5 font-mono text-xs text-muted hover:text-fg"
                  >
                    <span className="size-1.5 animate-pulse rounded-full bg-accent" aria-hidden />
                    {sessionLabel(s)}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="basis-full pl-9 sm:basis-auto sm:pl-0">
          <Counts counts={view.counts} />
        </div>
      </div>
    </section>
  );
}

function Skeleton() {
  return (
    <div className="space-y-3" data-testid="results-skeleton" aria-hidden>
      {[0, 1].map((block) => (
        <div key={block} className="overflow-hidden rounded-xl border border-line bg-surface">
          <div className="h-11 border-b border-line bg-surface-2/60" />
          {[0, 1, 2].map((row) => (
            <div key={row} className="flex items-center gap-3 border-b border-line px-4 py-3.5 last:border-b-0">
              <div className="h-5 w-20 animate-pulse rounded bg-surface-2" />
              <div className="flex-1 space-y-1.5">
                <div className="h-3.5 w-2/5 animate-pulse rounded bg-surface-2" />
                <div className="h-3 w-3/5 animate-pulse rounded bg-surface-2" />
              </div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

function Legend() {
  return (
    <details className="rounded-lg text-sm text-muted">
      <summary className="w-fit">What the statuses mean</summary>
      <dl className="mt-2 grid gap-x-4 gap-y-2 sm:grid-cols-2">
        {STATUS_ORDER.map((s) => (
          <div key={s} className="flex items-start gap-2">
            <dt>
              <StatusBadge status={s} size="sm" />
            </dt>
            <dd className="pt-0.5">{STATUS_META[s].meaning}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** Renders a Report, live or stored: verdict (or progress), DNS rows, then one section per session. */
export function ResultsPanel({ report, active = [] }: ResultsPanelProps) {
  const view = buildReportView(report, active);
  const matrix = buildSessionMatrix(report, view);
  const planned = matrix.hosts.reduce((n, h) => n + h.rows.length * matrix.ports.length, 0);
  const running = report.state === "running";
  const empty = view.domainChecks.length === 0 && view.sessions.length === 0;

  return (
    <div className="space-y-6" data-testid="results" data-state={report.state} data-report-id={report.id || undefined}>
      {running ? <Running report={report} view={view} planned={planned} /> : <Verdict report={report} view={view} />}

      {running && empty && <Skeleton />}

      <SessionMatrix matrix={matrix} />

      {view.domainChecks.length > 0 && (
        <section aria-labelledby="dns-title" className="space-y-2" data-testid="domain-checks">
          <h2 id="dns-title" className="text-sm font-semibold uppercase tracking-wide text-muted">
            DNS
          </h2>
          <ol className="divide-y divide-line overflow-hidden rounded-xl border border-line bg-surface">
            {view.domainChecks.map((check) => (
              <CheckRow key={checkAnchor(check)} check={check} anchor={checkAnchor(check)} />
            ))}
          </ol>
        </section>
      )}

      {view.sessions.length > 0 && (
        <section aria-labelledby="sessions-title" className="space-y-3" data-testid="sessions">
          <h2 id="sessions-title" className="text-sm font-semibold uppercase tracking-wide text-muted">
            {plural(view.sessions.length, "connection")}
          </h2>
          {view.sessions.map((session: SessionView) => (
            <SessionSection key={session.key} session={session} at={report.createdAt} relay={report.relay} />
          ))}
        </section>
      )}

      {!running && !empty && <Legend />}
    </div>
  );
}
