"use client";

import { useEffect, useState } from "react";
import type { ReuseInfo } from "@/lib/probe/types";
import { formatSeconds } from "@/lib/ui/format";

interface ReusedNoticeProps {
  reused: ReuseInfo;
  /** Asks for a fresh probe; offered once the server's per-target wait is over. */
  onRunAgain: () => void;
}

/** "Result from 42 s ago — run again": the API served a report finished moments ago. */
export function ReusedNotice({ reused, onRunAgain }: ReusedNoticeProps) {
  const [elapsed, setElapsed] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: restart the clock for each new reused report.
  useEffect(() => {
    setElapsed(0);
    const shownAt = Date.now();
    const timer = setInterval(() => setElapsed(Math.floor((Date.now() - shownAt) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [reused]);

  const age = reused.ageSeconds + elapsed;
  const wait = Math.max(0, reused.rerunAfterSeconds - elapsed);
  return (
    <div
      className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-line bg-surface-2 px-3 py-2 text-sm text-fg"
      role="status"
      data-testid="reused-notice"
      data-age={reused.ageSeconds}
    >
      <p>
        <span className="font-medium">Result from {formatSeconds(age)} ago.</span>{" "}
        <span className="text-muted">This target was tested moments ago, so this is that result, not a new test.</span>
      </p>
      <button
        type="button"
        onClick={onRunAgain}
        disabled={wait > 0}
        className="rounded-lg border border-line-strong bg-surface px-3 py-1 text-sm font-medium hover:bg-surface-2 disabled:cursor-not-allowed disabled:opacity-60"
        data-testid="run-again"
      >
        {wait > 0 ? `Run again in ${formatSeconds(wait)}` : "Run again"}
      </button>
    </div>
  );
}
