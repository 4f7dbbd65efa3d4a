import type { Extensions } from "@/lib/probe/types";
import { capabilityBadges } from "@/lib/ui/capability-badges";
import { escapeControl, formatBytes } from "@/lib/ui/format";

interface CapabilitiesProps {
  before: Extensions | null;
  after: Extensions | null;
}

const MEANING: Record<string, string> = {
  STARTTLS: "Can upgrade this connection to TLS",
  SIZE: "Largest message accepted",
  PIPELINING: "Several commands per round trip",
  "8BITMIME": "Accepts 8-bit message bodies",
  SMTPUTF8: "Accepts UTF-8 addresses",
  CHUNKING: "BDAT transfer of message data",
  BINARYMIME: "Accepts binary message bodies",
  DSN: "Delivery status notifications",
  ENHANCEDSTATUSCODES: "x.y.z status codes in replies",
  AUTH: "Login mechanisms for clients",
  REQUIRETLS: "Honours the REQUIRETLS option",
  VRFY: "Address verification command",
  ETRN: "Remote queue start",
  DELIVERBY: "Delivery deadlines",
  MTRK: "Message tracking",
  "X-EXPS": "Legacy AUTH variant",
};

function meaningOf(keyword: string, ext: Extensions): string {
  if (keyword === "SIZE" && ext.size !== null) {
    return ext.size === 0 ? "No fixed limit announced" : `Largest message accepted: ${formatBytes(ext.size)}`;
  }
  return MEANING[keyword] ?? "";
}

function List({ ext, title, other }: { ext: Extensions; title: string; other: Extensions | null }) {
  const keywords = Object.keys(ext.keywords).sort();
  return (
    <div className="min-w-0">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-muted">{title}</h4>
      <p className="mt-1 text-sm text-muted">
        Server name:{" "}
        <span className="font-mono text-fg [overflow-wrap:anywhere]">{escapeControl(ext.host || "—")}</span>
      </p>
      {keywords.length ? (
        <ul className="mt-2 divide-y divide-line rounded-lg border border-line bg-surface">
          {keywords.map((k) => {
            const params = ext.keywords[k] ?? [];
            const isNew = other !== null && !(k in other.keywords);
            return (
              <li key={k} className="flex flex-wrap items-baseline gap-x-2 px-3 py-1.5 text-sm">
                <span className="min-w-0 font-mono font-medium [overflow-wrap:anywhere]">{escapeControl(k)}</span>
                {params.length > 0 && (
                  <span className="font-mono text-xs text-muted [overflow-wrap:anywhere]">
                    {escapeControl(params.join(" "))}
                  </span>
                )}
                {isNew && (
                  <span className="rounded bg-accent-soft px-1 text-[0.6875rem] font-medium text-accent">
                    only here
                  </span>
                )}
                <span className="basis-full text-xs text-subtle sm:ml-auto sm:basis-auto">{meaningOf(k, ext)}</span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-muted">No extensions advertised.</p>
      )}
    </div>
  );
}

/** EHLO capabilities before and after TLS, side by side on wide screens. */
export function Capabilities({ before, after }: CapabilitiesProps) {
  if (!before && !after) return null;
  const badges = capabilityBadges(before, after);
  const tone = {
    good: "border-pass-line bg-pass-soft text-fg",
    warn: "border-warn-line bg-warn-soft text-fg",
    neutral: "border-line bg-surface-2 text-fg",
  };
  return (
    <div className="space-y-3">
      {badges.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label="Capabilities at a glance" data-testid="capability-badges">
          {badges.map((b) => (
            <li
              key={b.text}
              className={`rounded-md border px-2 py-0.5 text-xs [overflow-wrap:anywhere] ${tone[b.tone]}`}
            >
              {b.text}
            </li>
          ))}
        </ul>
      )}
      <div className="grid gap-4 md:grid-cols-2" data-testid="capabilities">
        {before && <List ext={before} title="Before TLS" other={after} />}
        {after && <List ext={after} title="After TLS" other={before} />}
      </div>
    </div>
  );
}
