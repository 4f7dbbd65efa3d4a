import { Chevron } from "@/components/ui/chevron";
import { StatusBadge } from "@/components/ui/status-badge";
import type { CheckResult } from "@/lib/probe/types";
import { checkTitle, describeCheck } from "@/lib/ui/describe-check";
import { formatDuration } from "@/lib/ui/format";
import { explainsInline, STATUS_META } from "@/lib/ui/status-meta";
import { EvidenceList } from "./evidence-list";
import { Explanation } from "./explanation";

interface CheckRowProps {
  check: CheckResult;
  /** DOM id (anchor); unique on the page. */
  anchor: string;
}

/**
 * One check result. Warn, fail and inconclusive rows show their explanation expanded; pass, info
 * and skipped rows keep it behind a disclosure (native <details>, so it works without JS).
 */
export function CheckRow({ check, anchor }: CheckRowProps) {
  const explanation = describeCheck(check);
  const inline = explainsInline(check.status);
  const meta = STATUS_META[check.status];
  const hasBody =
    check.evidence.length > 0 || Boolean(explanation.why || explanation.fix || explanation.learnMore?.length);

  // Spans only: the header also sits inside <summary>, which takes phrasing content.
  const header = (
    <span className="flex items-start gap-3">
      <StatusBadge status={check.status} className="sm:w-[7.5rem]" />
      <span className="block min-w-0 flex-1">
        <span className="block font-medium leading-6 text-fg">{checkTitle(check)}</span>
        <span
          className={`block text-sm leading-snug [overflow-wrap:anywhere] ${inline ? meta.text : "text-muted"}`}
          data-testid="outcome-title"
        >
          {explanation.title}
        </span>
      </span>
      {/* Checks derived from earlier replies take 0 ms: show no time rather than "0 ms". */}
      {check.durationMs > 0 && (
        <span className="mt-0.5 shrink-0 text-right text-xs tabular-nums text-subtle" title="Time taken">
          {formatDuration(check.durationMs)}
        </span>
      )}
    </span>
  );

  const body = hasBody ? (
    <div className="mt-3 space-y-3 sm:pl-[8.25rem]">
      <EvidenceList items={check.evidence} onTint={inline} />
      <Explanation explanation={explanation} status={check.status} />
    </div>
  ) : null;

  return (
    <li
      id={anchor}
      className={`relative scroll-mt-24 px-4 py-3 ${inline ? meta.soft : ""}`}
      data-testid={`check-${check.id}`}
      data-check={check.id}
      data-status={check.status}
      data-outcome={check.outcome}
      data-host={check.subject.host}
      data-ip={check.subject.ip}
      data-port={check.subject.port}
    >
      {inline && <span className={`absolute inset-y-0 left-0 w-[3px] ${meta.bar}`} aria-hidden />}
      {inline || !body ? (
        <>
          <div className="flex items-start gap-1">
            <div className="min-w-0 flex-1">{header}</div>
            <span className="size-4 shrink-0" aria-hidden />
          </div>
          {body}
        </>
      ) : (
        <details>
          <summary className="plain -mx-1 flex items-start gap-1 rounded-md px-1 hover:bg-surface-2/70">
            <span className="block min-w-0 flex-1">{header}</span>
            <Chevron className="mt-0.5" />
            <span className="sr-only">Show details</span>
          </summary>
          {body}
        </details>
      )}
    </li>
  );
}
