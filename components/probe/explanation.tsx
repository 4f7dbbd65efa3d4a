import type { Status } from "@/lib/probe/types";
import { safeHref, uniqueKeys } from "@/lib/ui/format";

export interface ExplanationText {
  title: string;
  why: string;
  fix: string;
  /** For mail hosted by a provider: what to ask it (shown with problems only). */
  hosted?: string;
  learnMore?: { label: string; href: string }[];
}

interface ExplanationProps {
  explanation: ExplanationText;
  status: Status;
}

/** "Why it matters" / "How to fix" / "Learn more" for one check result. Plain text only. */
export function Explanation({ explanation, status }: ExplanationProps) {
  const links = (explanation.learnMore ?? [])
    .map((l) => ({ label: l.label, href: safeHref(l.href) }))
    .filter((l): l is { label: string; href: string } => l.href !== null);
  const fixHeading = status === "pass" || status === "info" ? "What to do" : "How to fix";
  // Newlines in "fix" separate steps.
  const steps = explanation.fix
    .split(/\n+/)
    .map((step) => step.trim())
    .filter(Boolean);
  const stepKeys = uniqueKeys(steps);
  const hasFix = steps.length > 0;
  const hasWhy = explanation.why.trim().length > 0;
  const problem = status === "warn" || status === "fail" || status === "inconclusive";
  const hosted = problem ? (explanation.hosted ?? "").trim() : "";
  if (!hasFix && !hasWhy && !links.length) return null;

  return (
    <div className="space-y-3 text-sm leading-relaxed" data-testid="explanation">
      {hasWhy && (
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-muted">Why it matters</h4>
          <p className="mt-1 whitespace-pre-line text-fg [overflow-wrap:anywhere]">{explanation.why}</p>
        </div>
      )}
      {hasFix && (
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-muted">{fixHeading}</h4>
          {steps.length > 1 ? (
            <ol className="mt-1 list-decimal space-y-1 pl-5 text-fg marker:text-subtle [overflow-wrap:anywhere]">
              {steps.map((step, i) => (
                <li key={stepKeys[i]}>{step}</li>
              ))}
            </ol>
          ) : (
            <p className="mt-1 text-fg [overflow-wrap:anywhere]">{steps[0]}</p>
          )}
        </div>
      )}
      {hosted && (
        <div data-testid="hosted-note">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-muted">If a provider runs your mail</h4>
          <p className="mt-1 text-fg [overflow-wrap:anywhere]">{hosted}</p>
        </div>
      )}
      {links.length > 0 && (
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-muted">Learn more</h4>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {links.map((l) => (
              <li key={l.href}>
                <a
                  href={l.href}
                  className="text-accent underline decoration-accent/30 underline-offset-2 hover:decoration-accent"
                  {...(l.href.startsWith("/") ? {} : { target: "_blank", rel: "noopener noreferrer" })}
                >
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
