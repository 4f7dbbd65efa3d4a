import type { EvidenceItem } from "@/lib/probe/types";
import { escapeControl, uniqueKeys } from "@/lib/ui/format";

interface EvidenceListProps {
  items: EvidenceItem[];
  /** On a tinted row, use the plain surface so the box still stands out. */
  onTint?: boolean;
}

/** Label/value facts behind a verdict. Values are plain text; long tokens wrap anywhere. */
export function EvidenceList({ items, onTint = false }: EvidenceListProps) {
  if (!items.length) return null;
  const keys = uniqueKeys(items.map((item) => item.label));
  return (
    <dl
      className={`grid grid-cols-1 gap-x-4 gap-y-1 rounded-lg border px-3 py-2.5 text-sm sm:grid-cols-[minmax(8rem,max-content)_1fr] ${onTint ? "border-line/70 bg-surface/80" : "border-line bg-surface-2"}`}
      data-testid="evidence"
    >
      {items.map((item, i) => (
        <div key={keys[i]} className="contents">
          <dt className="pt-1 text-xs font-medium text-muted [overflow-wrap:anywhere] sm:pt-0 sm:text-sm">
            {escapeControl(item.label)}
          </dt>
          <dd className="min-w-0 whitespace-pre-wrap font-mono text-[0.8125rem] leading-relaxed text-fg [overflow-wrap:anywhere]">
            {escapeControl(String(item.value), true)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
