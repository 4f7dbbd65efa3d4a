import { escapeControl } from "@/lib/ui/format";
import type { NameNote, NameRow } from "@/lib/ui/session-extras";

const NOTE_TONE: Record<NameNote["kind"], string> = {
  match: "text-pass",
  mismatch: "rounded bg-warn-soft px-1 text-warn",
  missing: "rounded bg-warn-soft px-1 text-warn",
  neutral: "text-muted",
};

/** The names one server goes by, side by side, with disagreements spelled out. */
export function NamesTable({ rows }: { rows: NameRow[] }) {
  return (
    <dl
      className="grid grid-cols-1 gap-x-4 gap-y-1 rounded-lg border border-line px-3 py-2.5 sm:grid-cols-[minmax(9rem,max-content)_1fr]"
      data-testid="names-table"
    >
      {rows.map((row) => (
        <div key={row.key} className="contents" data-name={row.key} data-note={row.note?.kind}>
          <dt className="pt-1.5 text-xs font-medium text-muted sm:pt-0 sm:text-sm">{row.label}</dt>
          <dd className="min-w-0 text-sm [overflow-wrap:anywhere]">
            {row.values.length > 0 ? (
              <span className="font-mono text-[0.8125rem]">{row.values.map((v) => escapeControl(v)).join(", ")}</span>
            ) : (
              <span className="text-muted">none</span>
            )}
            {row.note && (
              <span
                className={`mt-0.5 block w-fit text-xs font-medium sm:mt-0 sm:ml-2 sm:inline-block ${NOTE_TONE[row.note.kind]}`}
              >
                {row.note.text}
              </span>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
