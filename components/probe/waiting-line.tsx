"use client";

import { useEffect, useState } from "react";
import { Spinner } from "@/components/ui/status-icon";
import { formatElapsed } from "@/lib/ui/waiting";

interface WaitingLineProps {
  /** What the session waits for now (lib/ui/waiting.ts). */
  what: string;
  /** When the browser saw the session start; absent on a permalink that joined later. */
  startedAtMs?: number;
  /** Directly under the header (no check yet): no top border of its own. */
  first?: boolean;
}

/** The running session's current wait, with a ticking elapsed time. Not a live region: too chatty. */
export function WaitingLine({ what, startedAtMs, first = false }: WaitingLineProps) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (startedAtMs === undefined) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [startedAtMs]);
  return (
    <p
      className={`flex items-center gap-2 px-4 py-2.5 text-sm text-muted ${first ? "" : "border-t border-line"}`}
      data-testid="waiting-for"
    >
      <Spinner />
      <span className="min-w-0">
        {what.charAt(0).toUpperCase() + what.slice(1)}
        {startedAtMs !== undefined && now !== null && (
          <span className="tabular-nums text-subtle" data-testid="session-elapsed">
            {" "}
            · {formatElapsed(now - startedAtMs)} so far
          </span>
        )}
      </span>
    </p>
  );
}
