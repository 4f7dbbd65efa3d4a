import type { Status } from "@/lib/probe/types";
import { STATUS_META } from "@/lib/ui/status-meta";
import { StatusIcon } from "./status-icon";

interface StatusBadgeProps {
  status: Status;
  /** "md" for rows, "sm" for counts and headers. */
  size?: "sm" | "md";
  /** Replace the word (e.g. with a count: "3 Pass"). */
  label?: string;
  className?: string;
}

/** Icon + word on a tinted background: colour is never the only signal. */
export function StatusBadge({ status, size = "md", label, className = "" }: StatusBadgeProps) {
  const meta = STATUS_META[status];
  const sizing = size === "sm" ? "gap-1 px-1.5 py-0.5 text-xs" : "gap-1.5 px-2 py-0.5 text-[0.8125rem]";
  return (
    <span
      className={`inline-flex shrink-0 items-center whitespace-nowrap rounded-md border font-medium ${sizing} ${meta.text} ${meta.soft} ${meta.border} ${className}`}
      title={meta.meaning}
    >
      <StatusIcon status={status} className={size === "sm" ? "size-3.5" : "size-4"} />
      <span>{label ?? meta.label}</span>
    </span>
  );
}
